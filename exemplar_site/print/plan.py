"""The plan steps of the print products: posters, category boards and yearly booklets are just more pages."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from ..content.deeds import paragraph_texts
from ..model import Exemplar
from ..settings import Settings
from ..site.pages import Page, PhotoSet, Section
from ..site.roll import Roll
from ..urls import board_path, booklet_path, pdf_of, poster_path
from .layout import BOARD_PER_SHEET, POSTER_PHOTO_A3, Paper, board_grid, booklet_paper, excerpt_steps, fit_pt

POSTER_NAME_A3 = (48.0, 26.0)  # pt: the name's largest and smallest size on an A3 poster, in two lines
# The texts of an exemplar that a board card and a booklet section show (as their templates do): where a
# character that no font has can come from, so that only that exemplar is left out of the page.
SHOWN = {"print/board.html": ("name", "unit", "level"),
         "print/booklet.html": ("name", "unit", "position", "level", "honors", "deeds_html", "quote")}


def poster_paper(settings: Settings) -> Paper:
    return Paper(settings.print.poster)


def board_paper(settings: Settings) -> Paper:
    return Paper(settings.print.board, landscape=settings.print.board_landscape)


def poster_context(exemplar: Exemplar, paper: Paper) -> dict[str, object]:
    """The poster's sizes before fitting: the deeds at their largest, the photo as designed."""
    u = paper.u
    facts_w = paper.printable[0] - 2 * 17 * u - (POSTER_PHOTO_A3[0] + 4) * u  # beside the photo
    largest, smallest = POSTER_NAME_A3
    return {"paper": paper, "excerpt_pt": excerpt_steps(paper)[0], "photo_scale": 1.0, "spread_mm": 0.0,
            "name_pt": fit_pt(exemplar.name, facts_w, largest * u, smallest * u, lines=2, spacing=0.08),
            "omit": ()}


def plan_posters(roll: Roll, labels: Mapping[str, str], photos: Mapping[str, PhotoSet],
                 planned: tuple[Page, ...] = ()) -> list[Page]:
    """A poster for each exemplar of the roll (of the current year, unless [print] posters = "all")."""
    settings = roll.settings
    years = roll.years if settings.print.posters == "all" else (roll.current_year,)
    pages: list[Page] = []
    paper = poster_paper(settings)
    for exemplar in (e for e in roll.listed if e.year in years):
        path = poster_path(exemplar)
        categories = tuple(c for c in settings.categories if c.name in exemplar.categories)
        photo = photos.get(exemplar.slug)
        pages.append(Page(path, "print/poster.html", exemplar.name, (), {
            "exemplar": exemplar, "categories": categories,
            "photo": photo.poster if photo else None,
            "excerpt": tuple(paragraph_texts(exemplar.deeds_html)),
            **poster_context(exemplar, paper),
            "fit": "poster",
        }, files=(pdf_of(path),), sources=(exemplar.source,)))
    return pages


def plan_boards(roll: Roll, labels: Mapping[str, str], photos: Mapping[str, PhotoSet],
                planned: tuple[Page, ...] = ()) -> list[Page]:
    """A board for each category of the current roll, in as few, evenly filled sheets as hold it."""
    pages: list[Page] = []
    paper = board_paper(roll.settings)
    for section in roll.by_category(roll.of_year(roll.current_year)):
        path = board_path(section.key)
        pages.append(Page(path, "print/board.html", f"{section.key.name} · {labels['board']}", (), {
            "category": section.key, "year": roll.current_year, "paper": paper,
            **_board_cards(section.exemplars, paper),
        }, files=(pdf_of(path),), sources=tuple(e.source for e in section.exemplars)))
    return pages


def _board_cards(members: tuple[Exemplar, ...], paper: Paper) -> dict[str, object]:
    """The board's sheets of cards, their grid and each name's size."""
    sheets = _balanced(members, BOARD_PER_SHEET[paper.name])
    grid = board_grid(len(sheets[0]), paper)
    return {"sheets": sheets, "grid": grid,
            # a long name shrinks to fit, but never below the unit's size under it (on a large card, 9 pt would be)
            "name_pt": {e.slug: fit_pt(e.name, (grid.photo_w * 1.1 if grid.wide else grid.photo_w),
                                       grid.name_pt, min(grid.name_pt, max(9.0, grid.text_pt))) for e in members}}


def plan_booklets(roll: Roll, labels: Mapping[str, str], photos: Mapping[str, PhotoSet],
                  planned: tuple[Page, ...] = ()) -> list[Page]:
    """A booklet for each year of the roll."""
    pages: list[Page] = []
    booklet = booklet_paper(roll.settings.print.booklet)
    for year in roll.years:
        sections = _booklet_sections(roll, year)
        if sections:
            path = booklet_path(year)
            pages.append(Page(path, "print/booklet.html", labels["booklet_title"].format(year=year), (), {
                "year": year, "sections": sections, "paper": booklet,
            }, files=(pdf_of(path),), sources=tuple(e.source for s in sections for e in s.exemplars)))
    return pages


def _balanced(members: tuple[Exemplar, ...], most: int) -> tuple[tuple[Exemplar, ...], ...]:
    """As few sheets as hold them all, filled evenly: no two sheets differ by more than one card (13 cards:
    7 and 6, never 12 and 1; 57 cards: 12, 12, 11, 11, 11, never 12, 12, 12, 12, 9)."""
    count = -(-len(members) // most) or 1
    size, larger = divmod(len(members), count)
    sheets, start = [], 0
    for index in range(count):
        end = start + size + (index < larger)
        sheets.append(members[start:end])
        start = end
    return tuple(sheets)


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


def shown_with(page: Page, chars: Collection[str]) -> tuple[tuple[Exemplar, tuple[str, ...]], ...]:
    """The exemplars of a board or booklet whose texts on it have any of these characters, with them."""
    found = []
    for exemplar in _shown(page.template, page.context):
        texts = [getattr(exemplar, name) for name in SHOWN.get(page.template, ())]
        text = "".join(t if isinstance(t, str) else "".join(t) for t in texts)
        if has := tuple(sorted(set(chars).intersection(text))):
            found.append((exemplar, has))
    return tuple(found)


def plan_without(page: Page, slugs: Collection[str]) -> Page | None:
    """A board or booklet planned again without these exemplars (their cards, their sections and
    their lines in the contents); None when no exemplar would be left."""
    context: dict[str, Any] = {}
    if page.template == "print/board.html":
        members = tuple(e for e in _shown(page.template, page.context) if e.slug not in slugs)
        if members:
            context = {**page.context, **_board_cards(members, page.context["paper"])}
    elif page.template == "print/booklet.html":
        sections = tuple(Section(s.key, kept) for s in page.context["sections"]
                         if (kept := tuple(e for e in s.exemplars if e.slug not in slugs)))
        if sections:
            context = {**page.context, "sections": sections}
    if not context:
        return None
    return replace(page, context=context, sources=tuple(e.source for e in _shown(page.template, context)))


def _shown(template: str, context: Mapping[str, Any]) -> tuple[Exemplar, ...]:
    """The exemplars a board or booklet shows, in its order."""
    if template == "print/board.html":
        return tuple(e for sheet in context["sheets"] for e in sheet)
    if template == "print/booklet.html":
        return tuple(e for section in context["sections"] for e in section.exemplars)
    return ()
