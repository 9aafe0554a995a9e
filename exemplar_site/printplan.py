"""Planning the print products: posters, category boards and yearly booklets are just more pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .deeds import paragraph_texts
from .model import Exemplar
from .pages import Page, PhotoSet, Section
from .settings import Category, Settings

if TYPE_CHECKING:
    from .plan import Roll

# Excerpt font sizes on an A3 poster, largest first; A4 scales them down. The last is the floor.
POSTER_STEPS_A3 = (16.0, 15.0, 14.0, 13.0, 12.0, 11.0)
A4_SCALE = 0.707
BOARD_LAYOUT = {"A3": (4, 3), "A4": (3, 2)}  # columns, rows: 12 or 6 cards a sheet


def excerpt_steps(settings: Settings) -> tuple[float, ...]:
    """The excerpt font sizes to try on this paper, in points."""
    scale = 1.0 if settings.print.size == "A3" else A4_SCALE
    return tuple(round(step * scale * 2) / 2 for step in POSTER_STEPS_A3)


def poster_path(exemplar: Exemplar) -> str:
    return f"poster/{exemplar.slug}.html"


def board_path(category: Category) -> str:
    return f"board/{category.slug}.html"


def booklet_path(year: int) -> str:
    return f"booklet/{year}.html"


def pdf_of(path: str) -> str:
    return path[: -len(".html")] + ".pdf"


def plan_print_pages(roll: Roll, labels: Mapping[str, str], photos: Mapping[str, PhotoSet]) -> list[Page]:
    """Posters for the roll's exemplars, a board per category, a booklet per year."""
    settings = roll.settings
    years = roll.years if settings.print.posters == "all" else (roll.current_year,)
    pages: list[Page] = []
    for exemplar in (e for e in roll.listed if e.year in years):
        path = poster_path(exemplar)
        categories = tuple(c for c in settings.categories if c.name in exemplar.categories)
        photo = photos.get(exemplar.slug)
        pages.append(Page(path, "print/poster.html", exemplar.name, (), {
            "exemplar": exemplar, "categories": categories,
            "photo": photo.poster if photo else None,
            "excerpt": tuple(paragraph_texts(exemplar.deeds_html)),
            "excerpt_pt": excerpt_steps(settings)[0],
            "fit": "poster",
        }, pdf=pdf_of(path), sources=(exemplar.source,)))
    columns, rows = BOARD_LAYOUT[settings.print.size]
    for section in roll.by_category(roll.of_year(roll.current_year)):
        members = section.exemplars
        sheets = tuple(members[i:i + columns * rows] for i in range(0, len(members), columns * rows))
        path = board_path(section.key)
        pages.append(Page(path, "print/board.html", f"{section.key.name} · {labels['board']}", (), {
            "category": section.key, "year": roll.current_year, "sheets": sheets, "columns": columns,
        }, pdf=pdf_of(path), sources=tuple(e.source for e in members)))
    for year in roll.years:
        sections = _booklet_sections(roll, year)
        if sections:
            path = booklet_path(year)
            pages.append(Page(path, "print/booklet.html", labels["booklet_title"].format(year=year), (), {
                "year": year, "sections": sections,
            }, pdf=pdf_of(path), sources=tuple(e.source for s in sections for e in s.exemplars)))
    return pages


def _booklet_sections(roll: Roll, year: int) -> tuple[Section, ...]:
    """Each exemplar once, under its first category in site.toml order."""
    placed: set[str] = set()
    sections = []
    for section in roll.by_category(roll.of_year(year)):
        members = tuple(e for e in section.exemplars if e.slug not in placed)
        placed.update(e.slug for e in members)
        if members:
            sections.append(Section(section.key, members))
    return tuple(sections)
