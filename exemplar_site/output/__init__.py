"""Output: the one writer that swaps a finished build into place, the build lock, atomic cache
writes, and publishing with its history and rollback."""
