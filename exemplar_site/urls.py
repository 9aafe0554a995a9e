"""Every address in the output, decided here: pages, photos' sizes, print products, theme files, and
the relative links between them (so that the site works from disk and under any sub-path)."""

from __future__ import annotations

import functools
import posixpath
from typing import Protocol

HOME = "index.html"
CATEGORIES = "category/index.html"
YEARS = "year/index.html"
UNITS = "unit/index.html"
SEARCH_INDEX = "assets/search-index.js"
SCREEN = "screen.html"
# the slugs a folder's list page takes (category/index.html, unit/index.html): never a category's or a unit's
RESERVED_SLUGS = frozenset({"index"})
ASSETS = "assets"  # theme files under templates/assets/ keep their path below the theme folder
FONT_PROBE = "print/font-probe.html"  # laid out, never written
# the pages every web page links to (its header, footer and search box), by the names templates use: `paths.home`
SITE_PATHS = {"home": HOME, "categories": CATEGORIES, "years": YEARS, "units": UNITS, "search_index": SEARCH_INDEX,
              "screen": SCREEN}


class _Slugged(Protocol):
    slug: str


def exemplar_path(exemplar: _Slugged) -> str:
    return f"exemplar/{exemplar.slug}.html"


def category_path(category: _Slugged) -> str:
    return f"category/{category.slug}.html"


def unit_path(slug: str) -> str:
    return f"unit/{slug}.html"


def year_path(year: int) -> str:
    return f"year/{year}.html"


def poster_path(exemplar: _Slugged) -> str:
    return f"poster/{exemplar.slug}.html"


def board_path(category: _Slugged) -> str:
    return f"board/{category.slug}.html"


def booklet_path(year: int) -> str:
    return f"booklet/{year}.html"


def pdf_of(path: str) -> str:
    """A print page's PDF lands beside it."""
    return path[: -len(".html")] + ".pdf"


def photo_path(digest: str, width: int, height: int) -> str:
    """A size of a photo, named by its source's digest: a replaced photo gets a new address."""
    return f"photos/{digest[:20]}-{width}x{height}.jpg"


def font_path(name: str) -> str:
    """A font named in [print] fonts, published for the posters and PDFs."""
    return f"fonts/{name}"


def relative_url(from_page: str, target: str) -> str:
    """A link from one output file to another that works from disk and under any sub-path."""
    return relative_link(posixpath.dirname(from_page), target)


def root_link(folder: str) -> str:
    """The way up from a page in `folder` to the site root ('' or '../' per level): scripts join it to
    the root-relative addresses the search index holds."""
    return "../" * (folder.count("/") + 1) if folder else ""


def relative_link(folder: str, target: str) -> str:
    """relative_url from a page in `folder` (a page draws many links: its folder is found once)."""
    if "#" not in target:
        return _relative_path(folder, target)
    target, fragment = target.split("#", 1)
    return _relative_path(folder, target) + "#" + fragment


@functools.lru_cache(maxsize=65536)
def _relative_path(start: str, target: str) -> str:
    """posixpath.relpath for the output's own clean relative paths, without its cost per call."""
    start_parts = start.split("/") if start else []
    target_parts = target.split("/")
    common = 0
    while common < min(len(start_parts), len(target_parts)) and start_parts[common] == target_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."
