"""The plan step of the web pages: the wall, the lists by category, year and unit, a page per
exemplar, the search index and the lobby screen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Exemplar
from ..site.pages import Page, PhotoSet
from ..site.roll import Roll
from ..urls import (
    CATEGORIES,
    HOME,
    UNITS,
    YEARS,
    board_path,
    booklet_path,
    category_path,
    exemplar_path,
    poster_path,
    unit_path,
    year_path,
)
from .search import plan_screen, plan_search_index


def plan_web_pages(roll: Roll, labels: Mapping[str, str], photos: Mapping[str, PhotoSet],
                   planned: tuple[Page, ...] = ()) -> list[Page]:
    """Every web page; each links to the print page (and its PDF) that `planned` holds for it."""
    links = _PrintLinks({p.path: p.files[0] if p.files else None for p in planned})
    return [
        *_index_pages(roll, labels),
        *_category_pages(roll, labels, links),
        *_year_pages(roll, labels, links),
        *_unit_pages(roll, labels),
        *(_exemplar_page(roll, e, labels, links) for e in roll.all),
        plan_search_index(roll.all, photos),
        plan_screen(roll.of_year(roll.current_year), roll.settings, roll.current_year, labels),
    ]


@dataclass(frozen=True)
class _PrintLinks:
    """Which print pages exist and where their PDFs are, for the web pages' links."""

    pdf_by_page: Mapping[str, str | None]

    def context(self, page: str) -> dict[str, str | None]:
        if page not in self.pdf_by_page:
            return {"print_page": None, "print_pdf": None}
        return {"print_page": page, "print_pdf": self.pdf_by_page[page]}


def _home(labels: Mapping[str, str]) -> tuple[str, str]:
    return (labels["wall"], HOME)


def _index_pages(roll: Roll, labels: Mapping[str, str]) -> list[Page]:
    year = roll.current_year
    wall_title = labels["roll_of"].format(year=year) if year else labels["wall"]
    categories = tuple((c, len([e for e in roll.listed if c.name in e.categories and e.year == year]),
                        len([e for e in roll.listed if c.name in e.categories]))
                       for c in roll.settings.categories)
    years = tuple((y, len(roll.of_year(y, listed_only=False))) for y in roll.years)
    units = tuple((u, unit_path(s), len(roll.unit_members.get(u, ()))) for u, s in roll.unit_slugs.items())
    return [
        Page(HOME, "wall.html", wall_title, (), {
            "year": year, "sections": roll.by_category(roll.of_year(year)),
            "count": len(roll.of_year(year)), "filters": roll.filters(roll.of_year(year), labels)}),
        Page(CATEGORIES, "categories.html", labels["categories"],
             (_home(labels), (labels["categories"], None)), {"categories": categories}),
        Page(YEARS, "years.html", labels["years"],
             (_home(labels), (labels["years"], None)), {
                 "years": years, "sections": roll.by_year(roll.all), "count": len(roll.all),
                 "filters": roll.filters(roll.all, labels)}),
        Page(UNITS, "units.html", labels["units"],
             (_home(labels), (labels["units"], None)), {"units": tuple(r for r in units if r[2])}),
    ]


def _category_pages(roll: Roll, labels: Mapping[str, str], links: _PrintLinks) -> list[Page]:
    return [
        Page(category_path(c), "category.html", c.name,
             (_home(labels), (labels["categories"], CATEGORIES), (c.name, None)),
             {"category": c, "sections": roll.by_year(e for e in roll.listed if c.name in e.categories),
              **links.context(board_path(c))})
        for c in roll.settings.categories
    ]


def _year_pages(roll: Roll, labels: Mapping[str, str], links: _PrintLinks) -> list[Page]:
    return [
        Page(year_path(y), "year.html", labels["roll_of"].format(year=y),
             (_home(labels), (labels["years"], YEARS), (str(y), None)),
             {"year": y, "sections": roll.by_category(roll.of_year(y, listed_only=False)),
              **links.context(booklet_path(y))})
        for y in roll.years
    ]


def _unit_pages(roll: Roll, labels: Mapping[str, str]) -> list[Page]:
    pages = []
    for unit, slug in roll.unit_slugs.items():
        members = roll.unit_members.get(unit)
        if members:
            pages.append(Page(unit_path(slug), "unit.html", unit,
                              (_home(labels), (labels["units"], UNITS), (unit, None)),
                              {"unit": unit, "sections": roll.by_year(members)}))
    return pages


def _exemplar_page(roll: Roll, exemplar: Exemplar, labels: Mapping[str, str], links: _PrintLinks) -> Page:
    categories = tuple(c for c in roll.settings.categories if c.name in exemplar.categories)
    first = categories[0] if categories else None
    crumbs = (_home(labels), *(((first.name, category_path(first)),) if first else ()), (exemplar.name, None))
    unit_page = unit_path(roll.unit_slugs[exemplar.unit]) if exemplar.unit in roll.unit_members else None
    return Page(exemplar_path(exemplar), "exemplar.html", exemplar.name, crumbs, {
        "exemplar": exemplar, "categories": categories, "unit_page": unit_page,
        "year_page": year_path(exemplar.year), **links.context(poster_path(exemplar))})


