"""Output: the one writer that swaps a finished build into place, the build lock, the stamp of the
last build, and publishing with its history and rollback."""
