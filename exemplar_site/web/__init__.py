"""The web pages: the wall, the lists by category, year and unit, a page per exemplar, search and
the lobby screen (a product, like print)."""
