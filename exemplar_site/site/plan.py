"""The site plan: which pages and images exist, decided from the model alone (no disk access).

Each product (products.py) plans its own pages: web pages (site/web.py), posters, boards and
booklets (print/plan.py) are all just pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from ..model import Exemplar
from ..photos.process import ImageSize, PhotoJob
from ..products import Product
from ..settings import Settings
from .pages import Asset, Page, PhotoSet
from .roll import Roll

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
    products: Mapping[str, tuple[str, ...]]  # each product's pages
    print_fonts: tuple[str, ...] = ()


def plan_site(settings: Settings, exemplars: Iterable[Exemplar], assets: Iterable[Asset],
              labels: Mapping[str, str], products: Sequence[Product], drafts: bool = False,
              pdfs: bool = True) -> SitePlan:
    """Decide every page and image of the site from the checked model: each product plans its pages.

    A product sees the pages of the products before it (the web pages link to the print pages that
    exist); without a PDF engine (`pdfs=False`) print pages are planned as HTML only.
    """
    roll = Roll(settings, exemplars, drafts)
    jobs, photos = _plan_photos(roll.all)
    pages: list[Page] = []
    by_product: dict[str, tuple[str, ...]] = {}
    for product in products:
        planned = [p if pdfs or p.pdf is None else replace(p, pdf=None)
                   for p in product.plan(roll, labels, photos, tuple(pages))]
        by_product[product.name] = tuple(sorted(p.path for p in planned))
        pages += planned
    assets = list(assets)
    return SitePlan(
        pages=tuple(sorted(pages, key=lambda p: p.path)),
        products=MappingProxyType(by_product),
        photo_jobs=jobs,
        photos=MappingProxyType(photos),
        assets=tuple(sorted(assets, key=lambda a: a.path)),
        current_year=roll.current_year,
        years=roll.years,
        unit_slugs=roll.unit_slugs,
        print_fonts=tuple(a.path for a in assets if a.path.startswith("fonts/")),
    )


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
