"""One build of a site at a time: builds share the site's cache and their output's staging folder.

The lock is an OS lock on SITE/.cache/build.lock (flock on Linux and macOS, msvcrt on Windows), so
the system releases it when a build ends in any way, even killed; the file itself is never deleted.
A second build waits for the first for a while, then stops with a message naming it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from io import BufferedRandom  # not typing.BinaryIO: importing typing costs the unchanged-build check 2 ms
from pathlib import Path

LOCK_FILE = "build.lock"
WAIT_SECONDS = 30.0  # a double-click or a save during a build waits for it rather than failing
_WINDOWS_OFFSET = 1 << 20  # msvcrt locks a byte range: one far from the pid written at the start

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt
else:
    msvcrt = None  # type: ignore[assignment]


@contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Hold the site's build lock for the block; raise Refused when another build keeps it too long."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / LOCK_FILE
    with open(path, "a+b") as handle:  # "a": never empties what the holder wrote before it is ours
        deadline = time.monotonic() + WAIT_SECONDS
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                from ..errors import Refused  # here: start.py takes the lock before anything heavy is imported

                holder = _holder(path)
                raise Refused(f"another build of this site is running{f' (pid {holder})' if holder else ''}; "
                              "wait for it to finish, then build again")
            time.sleep(0.1)
        _sign(handle)
        yield  # closing the file releases the lock


@contextmanager
def lock_if_free(cache_dir: Path) -> Iterator[bool]:
    """Hold the site's build lock for the block if no build holds it now; yield whether it is held.

    For the unchanged-build check (start.py), which leaves a busy site to the real build, which waits.
    """
    try:
        handle = open(cache_dir / LOCK_FILE, "a+b")
    except OSError:
        yield False
        return
    with handle:
        free = _try_lock(handle)
        if free:
            _sign(handle)
        yield free


def _sign(handle: BufferedRandom) -> None:
    """Write the holder's pid into the lock file (for the message of a build that waited too long)."""
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n".encode())
    handle.flush()


def _try_lock(handle: BufferedRandom) -> bool:
    """Take the lock without waiting; True when taken (or when this file system has no locks at all)."""
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            handle.seek(_WINDOWS_OFFSET)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if msvcrt is not None and exc.errno in (13, 36):  # EACCES, EDEADLOCK: held by another build
            return False
        return True  # e.g. a network share without locks: build unguarded rather than never
    return True


def _holder(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
