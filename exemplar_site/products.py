"""The products a build makes, as an explicit list. Each entry owns its pages and files: a plan step
(which pages), a make step when the drawn HTML is not the product itself (the PDFs), the tool that
step needs from this machine, the kinds of files it makes and its cache folder. Adding a product
(WeChat articles, screen images, office documents) is its modules, its templates and one entry in
PRODUCTS; build() is not edited.

A plan step gets the roll, the site's words, the photos' addresses and the pages of the products
before it (the web pages link to the print pages that exist), and returns pages, each with the
output paths of the files its make step makes of it (Page.files). A make step gets a workshop and
its products' pages, and returns what it made. Products that share a make step, tool and cache
folder are made together: the PDFs of posters, boards and booklets share one font configuration
and one report of missing characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .model import Exemplar
from .photos.sizes import plan_photos
from .print.pdf import find_pdf_engine, make_pdfs
from .print.plan import plan_boards, plan_booklets, plan_posters
from .result import ProductCount
from .settings import Settings
from .site.pages import Asset, Made, Page, PhotoSet, SitePlan, Tool, Workshop
from .site.roll import Roll
from .web.plan import plan_web_pages

PlanStep = Callable[[Roll, Mapping[str, str], Mapping[str, PhotoSet], tuple[Page, ...]], list[Page]]
MakeStep = Callable[[Workshop, list[Page]], Made]


@dataclass(frozen=True)
class Product:
    """One product: its name (in the summary line and in --skip), what staff call its files, the step
    that plans its pages, the step that makes its files, what that step needs, and where it caches."""

    name: str
    plan: PlanStep
    make: MakeStep | None = None  # None: the drawn pages are the product
    label: str = ""  # 海报 PDF: what staff call what it makes
    kinds: tuple[str, ...] = ()  # the suffixes of its files: `--skip pdf` leaves out every product making PDFs
    tool: Callable[[], Tool] | None = None  # found once a build, shared by the products naming the same step
    cache: str = ""  # its folder under .cache, pruned after each build to what it keeps


PRODUCTS: tuple[Product, ...] = (  # print first, so that the web pages can link to what it makes
    Product("posters", plan_posters, make_pdfs, "海报 PDF", ("pdf",), find_pdf_engine, "print"),
    Product("boards", plan_boards, make_pdfs, "展板 PDF", ("pdf",), find_pdf_engine, "print"),
    Product("booklets", plan_booklets, make_pdfs, "汇编 PDF", ("pdf",), find_pdf_engine, "print"),
    Product("web pages", plan_web_pages),
)


def skippable(products: Sequence[Product]) -> tuple[str, ...]:
    """What `--skip` takes: the name of a product that makes files, or a kind of file (pdf)."""
    kinds = (kind for p in products for kind in p.kinds)
    return tuple(dict.fromkeys([*(p.name for p in products if p.make is not None), *kinds]))


def skipped(products: Sequence[Product], skip: Iterable[str]) -> frozenset[str]:
    """The names of the products `--skip` leaves out (by name or by a kind of file they make)."""
    skip = set(skip)
    return frozenset(p.name for p in products if p.make is not None and (p.name in skip or skip & set(p.kinds)))


def find_tools(products: Sequence[Product], left_out: frozenset[str]) -> dict[Callable[[], Tool], Tool]:
    """Each tool the products to be made need, found once."""
    tools: dict[Callable[[], Tool], Tool] = {}
    for product in products:
        if product.tool is not None and product.name not in left_out and product.tool not in tools:
            tools[product.tool] = product.tool()
    return tools


def plan_site(settings: Settings, exemplars: Iterable[Exemplar], assets: Iterable[Asset],
              labels: Mapping[str, str], products: Sequence[Product], drafts: bool = False,
              unmade: frozenset[str] = frozenset()) -> SitePlan:
    """Decide every page, image and file from the checked model: each product plans its pages.

    A product sees the pages of the products before it (the web pages link to the files that will
    exist); the products in `unmade` (skipped, or their tool is missing here) keep their pages, as
    HTML only, and the files they would have made are only recorded (SitePlan.wanted).
    """
    roll = Roll(settings, exemplars, drafts)
    jobs, photos = plan_photos(roll.all)
    pages: list[Page] = []
    by_product: dict[str, tuple[str, ...]] = {}
    wanted: dict[str, tuple[str, ...]] = {}
    for product in products:
        planned = product.plan(roll, labels, photos, tuple(pages))
        wanted[product.name] = tuple(f for p in planned for f in p.files)
        if product.name in unmade:
            planned = [replace(p, files=()) if p.files else p for p in planned]
        by_product[product.name] = tuple(sorted(p.path for p in planned))
        pages += planned
    assets = list(assets)
    return SitePlan(
        pages=tuple(sorted(pages, key=lambda p: p.path)),
        products=MappingProxyType(by_product),
        wanted=MappingProxyType(wanted),
        photo_jobs=jobs,
        photos=MappingProxyType(photos),
        assets=tuple(sorted(assets, key=lambda a: a.path)),
        current_year=roll.current_year,
        years=roll.years,
        unit_slugs=roll.unit_slugs,
        print_fonts=tuple(a.path for a in assets if a.path.startswith("fonts/")),
    )


def make_products(products: Sequence[Product], plan: SitePlan, unmade: frozenset[str],
                  workshop: Callable[[Product], Workshop]) -> dict[str, Made]:
    """Run every make step once over the pages of all the products that share it; what each group
    made, by the name of its first product."""
    pages = {page.path: page for page in plan.pages}
    groups: dict[Any, list[Product]] = {}
    for product in products:
        if product.make is not None and product.name not in unmade:
            groups.setdefault((product.make, product.tool, product.cache), []).append(product)
    made = {}
    for (make, _, _), members in groups.items():
        todo = sorted((pages[path] for p in members for path in plan.products[p.name]), key=lambda p: p.path)
        made[members[0].name] = make(workshop(members[0]), [page for page in todo if page.files])
    return made


def count_products(products: Sequence[Product], plan: SitePlan, made: Iterable[Made],
                   skipped_now: frozenset[str]) -> tuple[ProductCount, ...]:
    """Each product's files for the summary line: in the output, made now, not made here, left out."""
    files = {path for m in made for path in m.files}
    fresh = {path for m in made for path in m.made}
    counts = []
    for product in products:
        if product.make is None:
            continue
        wanted = plan.wanted[product.name]
        there = [f for f in wanted if f in files]
        counts.append(ProductCount(product.name, len(there), sum(f in fresh for f in there),
                                   0 if product.name in skipped_now else len(wanted) - len(there),
                                   product.name in skipped_now))
    return tuple(counts)
