"""The checked content model: frozen values that every later stage reads and none changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

PERSON = "person"
COLLECTIVE = "collective"
PUBLISHED = "published"
DRAFT = "draft"
RETIRED = "retired"


@dataclass(frozen=True)
class PhotoSource:
    """A photo as found beside the content: where it is, what it is, and a hash of its bytes."""

    path: Path
    rel: str
    digest: str
    width: int
    height: int


@dataclass(frozen=True)
class Exemplar:
    """One exemplar (a person or a collective) as published; private data never gets here."""

    source: str
    slug: str
    name: str
    kind: str
    categories: tuple[str, ...]
    unit: str
    year: int
    position: str = ""
    level: str = ""
    honors: tuple[str, ...] = ()
    photo: PhotoSource | None = None
    summary: str = ""
    summary_given: bool = False
    quote: str = ""
    status: str = PUBLISHED
    review_due: dt.date | None = None
    order: int | None = None
    deeds_html: str = ""
    deeds_length: int = 0
    deeds_opening: str = ""  # the deeds' first characters as plain text, for the search index
    sort_name: str = ""  # the name as pinyin, for ordering lists
    slug_given: bool = False  # written as `slug:`; else automatic, and namesakes are told apart (content/across.py)
    slug_line: int | None = field(default=None, compare=False, repr=False)  # to point at a duplicate slug
    # a digest of everything this exemplar was made from; pages showing it are redrawn when it changes
    fingerprint: str = field(default="", compare=False, repr=False)

    @property
    def is_collective(self) -> bool:
        return self.kind == COLLECTIVE

    @property
    def initial(self) -> str:
        """The character drawn on the placeholder: the surname, or a collective's first character."""
        return self.name.strip()[:1] or "?"
