"""The planned units of output, shared by every product: pages, sections of a page, theme files, the
site plan, and what a product's make step works with (Workshop, Tool) and gives back (Made)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import Exemplar
from ..photos.process import PhotoJob
from ..photos.sizes import PhotoSet
from ..settings import Settings

__all__ = ["Asset", "Made", "Page", "PhotoSet", "Section", "SitePlan", "Tool", "Workshop"]


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
    files: tuple[str, ...] = ()  # what its product's make step makes of it (a print page: its PDF)
    sources: tuple[str, ...] = ()  # content files shown, to name in problems


@dataclass(frozen=True)
class Section:
    """A titled group of exemplars on a page (a category, or a year)."""

    key: Any
    exemplars: tuple[Exemplar, ...]


@dataclass(frozen=True)
class SitePlan:
    """Everything a build will write, sorted and deterministic."""

    pages: tuple[Page, ...]
    photo_jobs: tuple[PhotoJob, ...]
    photos: Mapping[str, PhotoSet]
    assets: tuple[Asset, ...]
    current_year: int | None
    years: tuple[int, ...]
    unit_slugs: Mapping[str, str]
    products: Mapping[str, tuple[str, ...]]  # each product's pages
    wanted: Mapping[str, tuple[str, ...]]  # each product's files, as planned before any was left out
    print_fonts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tool:
    """What a make step needs from this machine (the PDF engine), found once a build: the thing itself
    and its version (part of every key of what it makes), or why it cannot be used here."""

    value: Any = None
    version: str = ""
    missing: Problem | None = None  # one warning: this product's files are not made here


@dataclass(frozen=True)
class Workshop:
    """What make steps work with: the drawn pages, a renderer to draw a page again, the files a made
    file may embed, the product's tool and its own cache folder."""

    rendered: Mapping[str, bytes]
    render: Callable[[Page], bytes]
    cache_dir: Path
    settings: Settings
    resources: Mapping[str, Path]  # output path -> file: the photos made and the theme's files
    assets_digest: str  # the theme's CSS, images and fonts: a changed stylesheet remakes every PDF
    tool: Any = None
    jobs: int = 1  # worker processes


@dataclass(frozen=True)
class Made:
    """What a make step made: files for the output (kept in its cache folder), HTML that replaces a
    page's first drawing (a fitted poster), problems, and what the summary counts."""

    files: dict[str, Path]  # output path -> the file to copy there
    html: dict[str, bytes]
    problems: list[Problem]
    made: frozenset[str] = frozenset()  # output paths made by this build (the rest came from the cache)
    keep: frozenset[str] = frozenset()  # names in its cache folder still in use (pruning keeps them)
    complete: bool = True  # everything made in full: nothing to try again next build
