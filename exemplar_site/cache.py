"""The build cache under SITE/.cache: what an unchanged input already gave, so it is not redone.

Every entry is keyed by a digest of everything that decides it (the bytes read, the settings,
the date the checks compare with, and this program's own code), so a cache can be stale only
in being unused; unused entries are dropped when a build saves. Every file is written whole (a
temporary file renamed over it), and one build of a site runs at a time (lock.py). Deleting
.cache is always safe: nothing in it but speed is lost.
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

from .atomic import TEMP_PREFIX
from .photos import inspect_photo

CACHE_DIR = ".cache"
PACKAGE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """A short stable digest of some parts (a NUL keeps 'ab'+'c' apart from 'a'+'bc')."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


@functools.cache
def code_digest() -> str:
    """A digest of this program's source: a new version never trusts an old version's cache."""
    return digest(*(path.read_bytes() for path in sorted(PACKAGE.glob("*.py"))))


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

    def get(self, key: Hashable) -> Any:
        value = self._used.get(key)
        if value is None:
            value = self._old.get(key)
            if value is not None:
                self._used[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._used[key] = value
        self._added = True

    def save(self) -> None:
        """Write the used entries back (atomically) when anything was added or left unused."""
        if self.path is None or (not self._added and len(self._used) == len(self._old)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump({"code": code_digest(), "entries": self._used}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _load(path: Path) -> dict[Hashable, Any]:
    """The saved entries, or none when the file is missing, damaged or from another version."""
    try:
        with path.open("rb") as handle:
            saved = pickle.load(handle)
    except Exception:  # noqa: BLE001 - any unreadable cache is simply an empty one
        return {}
    if not isinstance(saved, dict) or saved.get("code") != code_digest():
        return {}
    entries = saved.get("entries")
    return entries if isinstance(entries, dict) else {}


class ContentCache:
    """Content files already parsed (keyed by their bytes) and photo facts (keyed by their stat)."""

    def __init__(self, folder: Path | None, salt: str):
        self.salt = salt
        self.exemplars = Table(folder / "content.pickle" if folder else None)
        self.photos = Table(folder / "photo-facts.pickle" if folder else None)

    def key(self, rel: str, data: bytes) -> str:
        return digest(self.salt, rel, data)

    def loaded(self, key: str) -> tuple[Any, tuple[Any, ...]] | None:
        """A file's exemplar and problems from an earlier build, if its photo is unchanged too."""
        entry = self.exemplars.get(key)
        if entry is None:
            return None
        exemplar, problems, photo_signature = entry
        if exemplar.photo is not None and stat_signature(exemplar.photo.path) != photo_signature:
            return None
        return exemplar, problems

    def loaded_unchanged(self, rel: str, path: Path) -> tuple[Any, tuple[Any, ...]] | None:
        """Like `loaded`, found by the file's stat instead of its bytes (as git finds changes)."""
        key = self.exemplars.get(("stat", rel, stat_signature(path)))
        return self.loaded(key) if key is not None else None

    def note_stat(self, rel: str, path: Path, key: str) -> None:
        self.exemplars.put(("stat", rel, stat_signature(path)), key)

    def remember(self, key: str, exemplar: Any, problems: list[Any]) -> None:
        signature = stat_signature(exemplar.photo.path) if exemplar.photo is not None else None
        self.exemplars.put(key, (exemplar, tuple(problems), signature))

    def photo_facts(self, path: Path, max_pixels: int) -> tuple[int, int, str]:
        """A photo's upright size and the SHA-256 of its bytes; raises PhotoError for a bad photo."""
        key = (str(path), stat_signature(path), max_pixels)
        facts = self.photos.get(key)
        if facts is None:
            width, height = inspect_photo(path, max_pixels)
            facts = (width, height, hashlib.sha256(path.read_bytes()).hexdigest())
            self.photos.put(key, facts)
        return facts

    def save(self) -> None:
        self.exemplars.save()
        self.photos.save()
