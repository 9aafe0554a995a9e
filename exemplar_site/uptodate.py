"""When a file's stat may stand in for its bytes: the stat half of the one up-to-date rule.

Every output file is made again exactly when the digest of what it was made from changes
(cache.input_key). Reading and hashing every input on every build would be slow, so a file's stat
signature (size, times, inode) stands in for its bytes, but only where it cannot lie, as git
decides for its index (Documentation/technical/racy-git.txt): a signature is trusted only when it
was recorded well after the file was last changed. A file changed within RACY_NS of the moment its
signature was taken (the same second, or the same two seconds of a FAT or network clock) could be
changed again without its signature changing, so it is read and hashed instead.

Standard library only, and light: the start-up fast path (start.py, output/stamp.py) uses it too.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

CACHE_DIR = ".cache"  # under the site folder: every cache of a build
PACKAGE = Path(__file__).resolve().parent
RACY_NS = 2_000_000_000  # the coarsest file-system clock met (FAT keeps modification times to 2 s)

Signature = tuple[int, int, int, int, int, int]


def digest(*parts: str | bytes) -> str:
    """A short stable digest of some parts (a NUL keeps 'ab'+'c' apart from 'a'+'bc')."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def signature(path: str | os.PathLike[str], ctime: bool = True) -> Signature | None:
    """What tells a file changed without reading it: kind and mode, size, modification and change
    times, inode and device; None when it is missing. The change time (ctime) is one no program can
    set back, so a file rewritten with the same size and a restored modification time is still seen;
    `ctime=False` for the output's own files, whose ctime the next build's hard links change."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns if ctime else 0, info.st_ino,
            info.st_dev)


def settled(sig: Signature | list[int] | None, taken_ns: int) -> bool:
    """A signature taken at `taken_ns` may later stand in for the file's bytes: the file had not been
    changed within the clock's resolution of that moment (else it is "racy": read it again)."""
    return sig is not None and max(sig[2], sig[3]) < taken_ns - RACY_NS


def now_ns() -> int:
    """The wall clock, as file times are kept."""
    return time.time_ns()
