"""The build cache under SITE/.cache: what an unchanged input already gave, so it is not redone.

One rule for every cache (parsed content, photo facts, photos, PDFs, page keys, the output's
manifest): an entry is keyed by `salted(...)`, a digest of everything that decides it (the bytes
read, the settings, the date the checks compare with) and of this program: every .py file of the
package and the default theme. No version is bumped by hand, and no change of code can leave a
stale entry: a cache can be stale only in being unused; unused entries are dropped when a build
saves. Every file is written whole (a temporary file renamed over it), and one build of a site runs
at a time (output/lock.py). Deleting .cache is always safe: nothing in it but speed is lost.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from . import DEFAULT_THEME
from .forks import run_forked
from .output.atomic import TEMP_PREFIX

CACHE_DIR = ".cache"
FORK_FROM = 1000  # entries: a smaller table is written here (forking costs more than it saves)
PACKAGE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """A short stable digest of some parts (a NUL keeps 'ab'+'c' apart from 'a'+'bc')."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def code_digest() -> str:
    """A digest of this program: every .py file of the package (subpackages too) and the default theme."""
    return _program_digest(PACKAGE, DEFAULT_THEME)


@functools.cache
def _program_digest(package: Path, theme: Path) -> str:
    parts: list[str | bytes] = []
    for root, pattern in ((package, "*.py"), (theme, "*")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def salted(*parts: str | bytes) -> str:
    """The cache key of an entry decided by these parts and by this program (see code_digest)."""
    return digest(code_digest(), *parts)


def stat_signature(path: Path) -> tuple[int, int, int] | None:
    """What tells a file changed without reading it: size, modification time, inode."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


class Table:
    """A dict kept in one pickle file; only the entries a build used (or added) are saved back."""

    def __init__(self, path: Path | None):
        self.path = path
        self._old = _load(path) if path is not None else {}
        self._used: dict[Hashable, Any] = {}
        self._added = False
        self._journal: list[tuple[Hashable, Any]] | None = None  # kept in a worker process (see journal)

    def get(self, key: Hashable) -> Any:
        value = self._used.get(key)
        if value is None:
            value = self._old.get(key)
            if value is not None:
                self._used[key] = value
                if self._journal is not None:
                    self._journal.append((key, None))
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._used[key] = value
        self._added = True
        if self._journal is not None:
            self._journal.append((key, value))

    def journal(self) -> list[tuple[Hashable, Any]]:
        """What was used (key, None) and put (key, value) since the last call: a worker process
        hands it to the build, which replays it, so its table is as if it had done the work."""
        taken, self._journal = self._journal or [], []
        return taken

    def replay(self, journal: list[tuple[Hashable, Any]]) -> None:
        for key, value in journal:
            if value is None:
                self.get(key)
            else:
                self.put(key, value)

    def save(self) -> None:
        """Write the used entries back (atomically) when anything was added or left unused."""
        if self.path is None or (not self._added and len(self._used) == len(self._old)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Pickling keeps a UTF-8 copy inside every string it saves (tens of MB for 10,000 deeds):
        # a big table is written by a forked child, so that those copies die with it.
        if len(self._used) < FORK_FROM or not run_forked(self._write):
            self._write()

    def _write(self) -> None:
        assert self.path is not None
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                # One pickle per entry, each with its own memo: pickling them all at once would hold
                # a memo of every object of every entry (tens of MB at 10,000 exemplars).
                pickle.dump({"code": code_digest(), "count": len(self._used)}, handle)
                for item in self._used.items():
                    pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _load(path: Path) -> dict[Hashable, Any]:
    """The saved entries, or none when the file is missing, damaged or from another version."""
    try:
        with path.open("rb") as handle:
            head = pickle.load(handle)
            if not isinstance(head, dict) or head.get("code") != code_digest():
                return {}
            return dict(pickle.load(handle) for _ in range(head["count"]))
    except Exception:  # noqa: BLE001 - any unreadable cache is simply an empty one
        return {}
