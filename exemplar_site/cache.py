"""The build cache under SITE/.cache, and the one up-to-date rule every cache and output file follows.

The rule: a file (a page, a photo size, a PDF, a parsed content file) is made again exactly when
`input_key(...)` of everything it was made from changes: the bytes read, the settings, the date the
checks compare with, the engine and fonts, the product's own options, and this program (every .py
file of the package and the default theme, so no version is bumped by hand and no change of code
leaves a stale entry). Nothing else decides. A file's stat stands in for its bytes only where it
cannot lie (uptodate.py, as git does for racy files): FileMemo.

A cache can be stale only in being unused; unused entries are dropped when a build saves. Every file
is written whole (a temporary file renamed over it), and one build of a site runs at a time
(output/lock.py). Deleting .cache is always safe: nothing in it but speed is lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path, PurePath
from typing import Any, TypeVar

from . import DEFAULT_THEME
from .atomic import TEMP_PREFIX
from .forks import run_forked
from .model import Exemplar
from .uptodate import CACHE_DIR, PACKAGE, digest, now_ns, settled, signature

__all__ = ["CACHE_DIR", "PACKAGE", "FileMemo", "Table", "code_digest", "digest", "input_key"]

FORK_FROM = 1000  # entries: a smaller table is written here (forking costs more than it saves)
T = TypeVar("T")


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


def input_key(*values: object) -> str:
    """The one up-to-date rule: the digest of everything a file is made from, and of this program.

    Values are walked by content (texts, numbers, bytes, dates, paths, tuples, mappings, frozen
    dataclasses); an exemplar stands in by the digest it was loaded with (its file's bytes, its photo).
    """
    hasher = hashlib.blake2b(code_digest().encode(), digest_size=16)
    for value in values:
        _feed(hasher, value)
    return hasher.hexdigest()


def _feed(hasher: Any, value: object) -> None:
    """Feed a value's content into the hasher, typed and delimited so that no two values collide."""
    kind = type(value)
    if kind is Exemplar and value.fingerprint:  # type: ignore[union-attr]
        hasher.update(b"E" + value.fingerprint.encode())  # type: ignore[union-attr]
    elif kind is bytes:
        hasher.update(b"b%d:" % len(value))  # type: ignore[arg-type]
        hasher.update(value)  # type: ignore[arg-type]
    elif value is None or kind in _SCALARS or isinstance(value, (str, int, float, dt.date, PurePath)):
        hasher.update(f"{kind.__name__}:{value!r}\0".encode())
    elif isinstance(value, (tuple, list)):
        hasher.update(b"(")
        for item in value:
            _feed(hasher, item)
        hasher.update(b")")
    elif isinstance(value, Mapping):
        hasher.update(b"{")
        for key, item in value.items():
            _feed(hasher, key)
            _feed(hasher, item)
        hasher.update(b"}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        hasher.update(kind.__name__.encode() + b"<")
        for name in _field_names(kind):
            _feed(hasher, getattr(value, name))
        hasher.update(b">")
    else:
        raise TypeError(f"cannot key a {kind.__name__}: add it to cache._feed")


_SCALARS = frozenset({str, int, float, bool})


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


class FileMemo:
    """Values computed from a file's bytes (a content file's key, a photo's facts), kept by the file's
    stat signature while that signature is settled (uptodate.settled): a file changed too recently
    for its stat to be trusted is read again, whatever its stat says."""

    def __init__(self, path: Path | None):
        self.table = Table(path)

    def value(self, path: Path, kind: str, compute: Callable[[Path], T]) -> T:
        """`compute(path)`, or what it gave before for the very same bytes."""
        key = (kind, os.path.abspath(path))
        sig = signature(path)
        entry = self.table.get(key)
        if entry is not None and sig is not None and entry[0] == sig:
            return entry[1]
        taken = now_ns()
        value = compute(path)
        if settled(sig, taken):
            self.table.put(key, (sig, value))
        return value

    def known(self, path: Path, kind: str) -> Any:
        """What was computed for this file's current bytes, without reading it; None when not known."""
        entry = self.table.get((kind, os.path.abspath(path)))
        return entry[1] if entry is not None and entry[0] == signature(path) else None

    def note(self, path: Path, kind: str, value: Any, taken_ns: int, sig: Any) -> None:
        """Remember a value computed from the bytes read at `taken_ns`, when their stat was `sig`."""
        if settled(sig, taken_ns):
            self.table.put((kind, os.path.abspath(path)), (sig, value))


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
