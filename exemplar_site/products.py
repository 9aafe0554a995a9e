"""The products a build makes, as an explicit list: each a plan step and, when the drawn HTML is not
the product itself, a make step. Adding a product (WeChat articles, screen images, office
documents) is adding an entry here, not editing build().

A plan step gets the roll, the site's words, the photos' addresses and the pages of the products
before it (the web pages link to the print pages that exist), and returns pages. A make step gets
the workshop (the drawn pages and what it may use) and its products' pages, and returns what it
made. Products that share a make step are made together: the PDFs of posters, boards and booklets
share one font configuration and one report of missing characters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .print.pdf import PdfEngine, make_pdfs
from .print.plan import plan_boards, plan_booklets, plan_posters
from .settings import Settings
from .site.pages import Made, Page, PhotoSet
from .site.web import plan_web_pages

if TYPE_CHECKING:  # only for the type of a plan step's first argument
    from .site.roll import Roll


@dataclass(frozen=True)
class Workshop:
    """What make steps work with: the drawn pages, a renderer to draw a page again, a cache folder."""

    rendered: Mapping[str, bytes]
    render: Callable[[Page], bytes]
    cache_dir: Path
    settings: Settings
    assets_digest: str  # the theme's CSS, images and fonts: a changed stylesheet remakes every PDF
    engine: PdfEngine | None = None  # None: --no-pdf, or no PDF engine here
    no_engine: str | None = None  # why PDFs cannot be made here
    jobs: int = 1  # worker processes for the PDFs


PlanStep = Callable[["Roll", Mapping[str, str], Mapping[str, PhotoSet], tuple[Page, ...]], list[Page]]
MakeStep = Callable[[Workshop, list[Page]], Made]


@dataclass(frozen=True)
class Product:
    """One product: its name, the step that plans its pages and the step that makes its files."""

    name: str
    plan: PlanStep
    make: MakeStep | None = None  # None: the drawn pages are the product


def make_print(shop: Workshop, pages: list[Page]) -> Made:
    """The PDFs of print pages (or none, when PDFs cannot be made here)."""
    printable = [page for page in pages if page.pdf]
    if shop.engine is None:  # --no-pdf, or no PDF engine here (one warning already says so)
        skipped = len(printable) if shop.no_engine else 0
        return Made({}, {}, [], 0, skipped=skipped, complete=not skipped)
    return make_pdfs(shop.engine, printable, shop.rendered, shop.render, shop.cache_dir / "print", shop.settings,
                     shop.assets_digest, shop.jobs)


# The print products come first so that the web pages can link to them.
PRODUCTS: tuple[Product, ...] = (
    Product("posters", plan_posters, make_print),
    Product("boards", plan_boards, make_print),
    Product("booklets", plan_booklets, make_print),
    Product("web pages", plan_web_pages),
)


def make_products(products: tuple[Product, ...], pages_of: Mapping[str, tuple[Page, ...]], shop: Workshop) -> Made:
    """Run every make step once, over the pages of all the products that share it, and merge what they made."""
    groups: dict[Any, list[Page]] = {}
    for product in products:
        if product.make is not None:
            groups.setdefault(product.make, []).extend(pages_of[product.name])
    results = [make(shop, sorted(pages, key=lambda p: p.path)) for make, pages in groups.items()]
    return Made(files={path: file for r in results for path, file in r.files.items()},
                html={path: html for r in results for path, html in r.html.items()},
                problems=[p for r in results for p in r.problems], made=sum(r.made for r in results),
                skipped=sum(r.skipped for r in results), complete=all(r.complete for r in results))
