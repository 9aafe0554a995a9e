"""What readers find things with: the search index, and the lobby screen.

Both are planned like any page (pure, from the model): the index is a script file, so that
search works from disk (file://) where a page may not fetch() anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..content.deeds import OPENING_CHARS, shorten
from ..model import COLLECTIVE, Exemplar
from ..settings import Settings
from ..site.pages import Page, PhotoSet
from ..urls import SCREEN, SEARCH_INDEX, exemplar_path

INDEX_HONORS_LIMIT = 80
# the order of the fields in each entry of the index (site.js reads them by position); "path" and
# "thumb" are addresses relative to the site root, which site.js resolves from the page's data-root
INDEX_FIELDS = ("name", "path", "thumb", "unit", "position", "categories", "level", "honors", "text", "pinyin",
                "year", "kind", "status")


def search_entry(exemplar: Exemplar, photos: Mapping[str, PhotoSet]) -> tuple[object, ...]:
    """One exemplar in the index: the fields people search by, trimmed; nothing unpublished."""
    photo = photos.get(exemplar.slug)
    summary = exemplar.summary if exemplar.summary_given else ""
    text = shorten(" ".join(t for t in (summary, exemplar.deeds_opening) if t), OPENING_CHARS)
    return (
        exemplar.name,
        exemplar_path(exemplar),  # the results link here: the address is decided in urls.py, not in site.js
        photo.card if photo else "",
        exemplar.unit,
        exemplar.position,  # 职务: found like the unit ("" when not given)
        "、".join(exemplar.categories),
        exemplar.level,
        shorten("、".join(exemplar.honors), INDEX_HONORS_LIMIT),
        text,
        exemplar.sort_name.replace("-", " "),  # pinyin syllables: 'zhang wei' finds zhangwei, wei, zw
        exemplar.year,
        "c" if exemplar.kind == COLLECTIVE else "p",
        exemplar.status,
    )


def plan_search_index(exemplars: Iterable[Exemplar], photos: Mapping[str, PhotoSet]) -> Page:
    """The index of every exemplar the site shows, in list order, as a script page."""
    entries = tuple(search_entry(e, photos) for e in exemplars)
    return Page(SEARCH_INDEX, "search-index.js", "", (), {"fields": INDEX_FIELDS, "entries": entries})


def plan_screen(exemplars: tuple[Exemplar, ...], settings: Settings, year: int | None,
                labels: Mapping[str, str]) -> Page:
    """The lobby screen (大屏): the current roll, one exemplar at a time, looping."""
    title = labels["roll_of"].format(year=year) if year else labels["wall"]
    return Page(SCREEN, "screen.html", title, (), {"exemplars": exemplars, "seconds": settings.screen_seconds})
