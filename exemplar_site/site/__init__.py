"""What every product shares: the planned pages and the site plan, the roll and its groupings, the
site's words, and drawing pages with Jinja (in worker processes)."""
