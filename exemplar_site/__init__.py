"""exemplar_site: the honour roll (光荣榜) generator for publicity staff."""

__version__ = "0.1.0"
