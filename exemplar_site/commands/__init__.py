"""The staff's other commands: serve (preview and live reload), new, import of the recommendation
spreadsheet (推荐表), and the check report."""
