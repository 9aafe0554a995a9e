"""The site plan: which pages and images exist, decided from the model alone (no disk access).

Posters, boards and booklets are planned in printplan.py: they are just more pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from ..model import Exemplar
from ..photos.process import ImageSize, PhotoJob
from ..print.plan import plan_print_pages
from ..settings import Settings
from .pages import Asset, Page, PhotoSet
from .roll import Roll
from .search import plan_screen, plan_search_index
from .urls import (
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

CARD = ImageSize(240, 320)
CARD_2X = ImageSize(480, 640)
LARGE = ImageSize(720, 960)
POSTER = ImageSize(900, 1200)  # 110 mm wide on an A3 poster: 208 dpi
SIZES = (CARD, CARD_2X, LARGE, POSTER)


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
    print_fonts: tuple[str, ...] = ()


def plan_site(settings: Settings, exemplars: Iterable[Exemplar], assets: Iterable[Asset],
              labels: Mapping[str, str], drafts: bool = False, pdfs: bool = True) -> SitePlan:
    """Decide every page and image of the site from the checked model.

    Print pages come first so the web pages can link to the ones that exist; without a PDF
    engine (`pdfs=False`) they are planned as HTML only.
    """
    roll = Roll(settings, exemplars, drafts)
    jobs, photos = _plan_photos(roll.all)
    printed = [p if pdfs else replace(p, pdf=None) for p in plan_print_pages(roll, labels, photos)]
    links = _PrintLinks({p.path: p.pdf for p in printed})
    pages = [
        *_index_pages(roll, labels),
        *_category_pages(roll, labels, links),
        *_year_pages(roll, labels, links),
        *_unit_pages(roll, labels),
        *(_exemplar_page(roll, e, labels, links) for e in roll.all),
        *printed,
        plan_search_index(roll.all, photos),
        plan_screen(roll.of_year(roll.current_year), settings, roll.current_year, labels),
    ]
    assets = list(assets)
    return SitePlan(
        pages=tuple(sorted(pages, key=lambda p: p.path)),
        photo_jobs=jobs,
        photos=MappingProxyType(photos),
        assets=tuple(sorted(assets, key=lambda a: a.path)),
        current_year=roll.current_year,
        years=roll.years,
        unit_slugs=roll.unit_slugs,
        print_fonts=tuple(a.path for a in assets if a.path.startswith("fonts/")),
    )


@dataclass(frozen=True)
class _PrintLinks:
    """Which print pages exist and where their PDFs are, for the web pages' links."""

    pdf_by_page: Mapping[str, str | None]

    def context(self, page: str) -> dict[str, str | None]:
        if page not in self.pdf_by_page:
            return {"print_page": None, "print_pdf": None}
        return {"print_page": page, "print_pdf": self.pdf_by_page[page]}


def _plan_photos(exemplars: Iterable[Exemplar]) -> tuple[tuple[PhotoJob, ...], dict[str, PhotoSet]]:
    jobs: dict[str, PhotoJob] = {}
    photos: dict[str, PhotoSet] = {}
    for exemplar in exemplars:
        photo = exemplar.photo
        if photo is None:
            continue
        jobs[photo.digest] = PhotoJob(photo.path, photo.rel, photo.digest, SIZES)
        photos[exemplar.slug] = PhotoSet(*(s.output_path(photo.digest) for s in SIZES))
    return tuple(jobs[d] for d in sorted(jobs)), photos


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


