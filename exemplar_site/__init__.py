"""exemplar_site: the honour roll (光荣榜) generator for publicity staff."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# The default theme: package data (theme/) in an installed package; templates/ beside the package in
# a checkout (pyproject.toml installs that folder as exemplar_site/theme).
DEFAULT_THEME = next((p for p in (_PACKAGE / "theme", _PACKAGE.parent / "templates") if p.is_dir()), _PACKAGE / "theme")
