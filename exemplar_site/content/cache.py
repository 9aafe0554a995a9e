"""The content cache: files already parsed (keyed by their bytes) and photo facts, found by the
files' stat only where the stat cannot lie (cache.FileMemo)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..cache import FileMemo, Table, input_key
from ..photos.process import PhotoError, inspect_photo
from ..uptodate import Signature

CONTENT = "content"  # a content file's key, by its stat (FileMemo's kind)


class ContentCache:
    """Content files already parsed (keyed by their bytes) and photo facts (by the photo's bytes)."""

    def __init__(self, folder: Path | None, salt: str, max_pixels: int):
        self.salt = salt
        self.max_pixels = max_pixels
        self.exemplars = Table(folder / "content.pickle" if folder else None)
        self.files = FileMemo(folder / "files.pickle" if folder else None)

    def key(self, rel: str, data: bytes) -> str:
        """The key of a content file's bytes (with the settings and date it was checked against)."""
        return input_key(self.salt, rel, data)

    def loaded(self, key: str) -> tuple[Any, tuple[Any, ...]] | None:
        """A file's exemplar and problems from an earlier build, if its photo's bytes are unchanged too."""
        entry = self.exemplars.get(key)
        if entry is None:
            return None
        exemplar, problems = entry
        if exemplar.photo is not None:
            try:
                if self.photo_facts(exemplar.photo.path)[2] != exemplar.photo.digest:
                    return None
            except (PhotoError, OSError):
                return None  # checked again: the parse says what is wrong with the photo now
        return exemplar, problems

    def loaded_unchanged(self, path: Path) -> tuple[Any, tuple[Any, ...]] | None:
        """Like `loaded`, found by the file's stat instead of its bytes, where the stat is trusted."""
        key = self.files.known(path, CONTENT)
        return self.loaded(key) if key is not None else None

    def note_read(self, path: Path, key: str, taken_ns: int, sig: Signature | None) -> None:
        """The bytes read at `taken_ns` (their stat then: `sig`) have this key."""
        self.files.note(path, CONTENT, key, taken_ns, sig)

    def remember(self, key: str, exemplar: Any, problems: list[Any]) -> None:
        self.exemplars.put(key, (exemplar, tuple(problems)))

    def photo_facts(self, path: Path) -> tuple[int, int, str]:
        """A photo's upright size and the SHA-256 of its bytes; raises PhotoError for a bad photo."""
        return self.files.value(path, f"photo {self.max_pixels}", self._inspect)

    def _inspect(self, path: Path) -> tuple[int, int, str]:
        width, height = inspect_photo(path, self.max_pixels, decode=True)  # as the build will: cut short fails now
        return width, height, hashlib.sha256(path.read_bytes()).hexdigest()

    def journal(self) -> tuple[list, list]:
        """In a worker process: what it used and added since the last call (see Table.journal)."""
        return self.exemplars.journal(), self.files.table.journal()

    def replay(self, journal: tuple[list, list]) -> None:
        """In the build: what a worker used and added, as if done here."""
        self.exemplars.replay(journal[0])
        self.files.table.replay(journal[1])

    def save(self) -> None:
        self.exemplars.save()
        self.files.table.save()
