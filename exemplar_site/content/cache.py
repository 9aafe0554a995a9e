"""The content cache: files already parsed (keyed by their bytes) and photo facts (keyed by their stat)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..cache import Table, digest, stat_signature
from ..photos.process import inspect_photo


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

    def journal(self) -> tuple[list, list]:
        """In a worker process: what it used and added since the last call (see Table.journal)."""
        return self.exemplars.journal(), self.photos.journal()

    def replay(self, journal: tuple[list, list]) -> None:
        """In the build: what a worker used and added, as if done here."""
        self.exemplars.replay(journal[0])
        self.photos.replay(journal[1])

    def save(self) -> None:
        self.exemplars.save()
        self.photos.save()
