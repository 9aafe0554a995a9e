"""The planned units of output: pages, sections of a page, theme files, photo sizes, and what a
product's make step made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import Exemplar


@dataclass(frozen=True)
class PhotoSet:
    """Where an exemplar's processed photo sizes land in the output."""

    card: str
    card_2x: str
    large: str
    poster: str


@dataclass(frozen=True)
class Asset:
    """A theme file (CSS, JS, icon) copied as it is."""

    path: str
    source: Path


@dataclass(frozen=True)
class Page:
    """One HTML page: where it goes, which template draws it, and what it shows."""

    path: str
    template: str
    title: str
    crumbs: tuple[tuple[str, str | None], ...]
    context: Mapping[str, Any] = field(default_factory=dict)
    pdf: str | None = None  # print pages: where their PDF goes
    sources: tuple[str, ...] = ()  # content files shown, to name in print problems


@dataclass(frozen=True)
class Section:
    """A titled group of exemplars on a page (a category, or a year)."""

    key: Any
    exemplars: tuple[Exemplar, ...]


@dataclass(frozen=True)
class Made:
    """What a product's make step made: files (cached) for the output, HTML that replaces a page's
    first drawing (a fitted poster), problems, and counts for the summary."""

    files: dict[str, Path]  # output path -> the file to copy there
    html: dict[str, bytes]
    problems: list[Problem]
    made: int
    skipped: int = 0  # pages whose file could not be made here (fonts, PDF engine, fitting)
    complete: bool = True  # everything made in full: nothing to try again next build
