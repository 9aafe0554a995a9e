"""The site: the pure, sorted plan of every page, every address (urls.py), and rendering with Jinja."""
