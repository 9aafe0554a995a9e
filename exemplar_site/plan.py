"""The site plan: which pages and images exist, decided from the model alone (no disk access).

Posters, boards and booklets are planned in printplan.py: they are just more pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from .browse import filter_choices, plan_screen, plan_search_index
from .model import DRAFT, PUBLISHED, RETIRED, Exemplar
from .ordering import name_key
from .pages import Asset, Page, PhotoSet, Section
from .photos import ImageSize, PhotoJob
from .printplan import board_path, booklet_path, plan_print_pages, poster_path
from .settings import Category, Settings
from .slugs import unique_slugs

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


class Roll:
    """The exemplars a build shows, with the groupings pages are made of."""

    def __init__(self, settings: Settings, exemplars: Iterable[Exemplar], drafts: bool):
        shown = {PUBLISHED, RETIRED} | ({DRAFT} if drafts else set())
        order = settings.order
        keys = {e.slug: (e.order is None, e.order or 0, name_key(e.name, order, e.source, e.sort_name), e.slug)
                for e in exemplars}
        self.settings = settings
        self.all = tuple(sorted((e for e in exemplars if e.status in shown), key=lambda e: keys[e.slug]))
        self.listed = tuple(e for e in self.all if e.status != RETIRED)
        self.years = tuple(sorted({e.year for e in self.all}, reverse=True))
        current = [e.year for e in self.all if e.status == PUBLISHED] or list(self.years)
        self.current_year = settings.year or (max(current) if current else None)
        slugs = unique_slugs(e.unit for e in self.all)  # slugs never depend on the order setting
        units = sorted(slugs, key=lambda unit: name_key(unit, order))
        self.unit_slugs = MappingProxyType({unit: slugs[unit] for unit in units})  # in list order
        members: dict[str, list[Exemplar]] = {}
        for exemplar in self.listed:
            members.setdefault(exemplar.unit, []).append(exemplar)
        self.unit_members: Mapping[str, tuple[Exemplar, ...]] = MappingProxyType(
            {unit: tuple(group) for unit, group in members.items()})

    def by_category(self, exemplars: Iterable[Exemplar]) -> tuple[Section, ...]:
        """Group in site.toml order; an exemplar in two categories shows in both."""
        pool = tuple(exemplars)
        sections = (Section(c, tuple(e for e in pool if c.name in e.categories)) for c in self.settings.categories)
        return tuple(s for s in sections if s.exemplars)

    def by_year(self, exemplars: Iterable[Exemplar]) -> tuple[Section, ...]:
        """Group by year: the current roll first, then the others newest first."""
        pool = tuple(exemplars)
        years = sorted({e.year for e in pool}, key=lambda y: (y != self.current_year, -y))
        return tuple(Section(y, tuple(e for e in pool if e.year == y)) for y in years)

    def filters(self, exemplars: Iterable[Exemplar], labels: Mapping[str, str]) -> Mapping[str, tuple]:
        """The choices of the filters over these exemplars (readers filter on the wall and the archive)."""
        return MappingProxyType(filter_choices(exemplars, self.settings, labels, self.unit_slugs))

    def of_year(self, year: int | None, listed_only: bool = True) -> tuple[Exemplar, ...]:
        return tuple(e for e in (self.listed if listed_only else self.all) if e.year == year)


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
    return (labels["wall"], "index.html")


def _index_pages(roll: Roll, labels: Mapping[str, str]) -> list[Page]:
    year = roll.current_year
    wall_title = labels["roll_of"].format(year=year) if year else labels["wall"]
    categories = tuple((c, len([e for e in roll.listed if c.name in e.categories and e.year == year]),
                        len([e for e in roll.listed if c.name in e.categories]))
                       for c in roll.settings.categories)
    years = tuple((y, len(roll.of_year(y, listed_only=False))) for y in roll.years)
    units = tuple((u, unit_path(s), len(roll.unit_members.get(u, ()))) for u, s in roll.unit_slugs.items())
    return [
        Page("index.html", "wall.html", wall_title, (), {
            "year": year, "sections": roll.by_category(roll.of_year(year)),
            "count": len(roll.of_year(year)), "filters": roll.filters(roll.of_year(year), labels)}),
        Page("category/index.html", "categories.html", labels["categories"],
             (_home(labels), (labels["categories"], None)), {"categories": categories}),
        Page("year/index.html", "years.html", labels["years"],
             (_home(labels), (labels["years"], None)), {
                 "years": years, "sections": roll.by_year(roll.all), "count": len(roll.all),
                 "filters": roll.filters(roll.all, labels)}),
        Page("unit/index.html", "units.html", labels["units"],
             (_home(labels), (labels["units"], None)), {"units": tuple(r for r in units if r[2])}),
    ]


def _category_pages(roll: Roll, labels: Mapping[str, str], links: _PrintLinks) -> list[Page]:
    return [
        Page(category_path(c), "category.html", c.name,
             (_home(labels), (labels["categories"], "category/index.html"), (c.name, None)),
             {"category": c, "sections": roll.by_year(e for e in roll.listed if c.name in e.categories),
              **links.context(board_path(c))})
        for c in roll.settings.categories
    ]


def _year_pages(roll: Roll, labels: Mapping[str, str], links: _PrintLinks) -> list[Page]:
    return [
        Page(year_path(y), "year.html", labels["roll_of"].format(year=y),
             (_home(labels), (labels["years"], "year/index.html"), (str(y), None)),
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
                              (_home(labels), (labels["units"], "unit/index.html"), (unit, None)),
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


def category_path(category: Category) -> str:
    return f"category/{category.slug}.html"


def unit_path(slug: str) -> str:
    return f"unit/{slug}.html"


def year_path(year: int) -> str:
    return f"year/{year}.html"


def exemplar_path(exemplar: Exemplar) -> str:
    return f"exemplar/{exemplar.slug}.html"
