"""PDFs of the print pages, made in-process by WeasyPrint with one font configuration per build.

Every PDF is tagged (PDF/UA-1): screen readers follow its structure. A poster is fitted to exactly one
full page (fit.py). A PDF in which any character had no font is never kept: the exemplars that show
it are left out of a board or booklet (print_page).
PDFs are cached by everything they are made from, so a build with nothing changed makes none.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .. import urls
from ..atomic import write_atomically
from ..cache import input_key
from ..errors import Problem, warning
from ..settings import Settings
from ..site.pages import Made, Page, Tool, Workshop
from .fit import fit_poster
from .glyphs import (
    PROBE_TEXT,
    GlyphEvent,
    GlyphReport,
    can_leave_out,
    fonts_missing_warning,
    no_chinese_font,
    strip_chars,
)
from .layout import Paper
from .plan import plan_without, shown_with
from .sheets import Stylesheets
from .work import PdfWork

PDF_VARIANT = "pdf/ua-1"  # tagged: a structure tree, marked content, /Lang, the title shown
VIRTUAL_ROOT = "file:///exemplar-site-output/"
_CODEPOINT = re.compile(r"\(U\+([0-9A-Fa-f]{4,6})\)")
# A tiny print page in the theme's fonts: laid out first to learn whether any font has Chinese.
FONT_PROBE = Page(path=urls.FONT_PROBE, template="print/font-probe.html", title="", crumbs=(),
                  context={"probe": PROBE_TEXT, "paper": Paper("A4")})


class PdfEngine:
    """WeasyPrint with one FontConfiguration, reading resources only from the planned output."""

    def __init__(self, weasyprint: Any, resources: Mapping[str, Path], created: str | None = None):
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        self.weasyprint = weasyprint
        self.resources = resources
        self.fonts = FontConfiguration()
        self.version = weasyprint.__version__
        # The PDFs' dates: SOURCE_DATE_EPOCH when set, else none at all, so two builds give the same bytes.
        self.created = source_date(os.environ) if created is None else created

        class _OutputFetcher(URLFetcher):
            """Serve files of the output-to-be; refuse everything else (no network, no other file)."""

            def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
                if not url.startswith(VIRTUAL_ROOT):
                    raise ValueError(f"not part of the site: {url}")
                rel = unquote(url[len(VIRTUAL_ROOT):].split("#")[0].split("?")[0])
                path = resources.get(rel)
                if path is None:
                    raise ValueError(f"no such file in the site: {rel}")
                kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

        self.fetcher = _OutputFetcher()
        self.sheets = Stylesheets(partial(weasyprint.CSS, url_fetcher=self.fetcher, font_config=self.fonts),
                                  lambda url: self.fetcher.fetch(url).read().decode("utf-8"))

    def fresh(self) -> PdfEngine:
        """The same engine with a font configuration of its own (for a worker process)."""
        return PdfEngine(self.weasyprint, self.resources, self.created)

    def layout(self, html: bytes, page_path: str) -> Any:
        """Lay out an HTML page as WeasyPrint would print it (its stylesheets parsed once: sheets.py)."""
        url = VIRTUAL_ROOT + page_path
        text, stylesheets = self.sheets.take_out(html.decode("utf-8"), url)
        document = self.weasyprint.HTML(string=text, base_url=url, url_fetcher=self.fetcher)
        return document.render(font_config=self.fonts, stylesheets=stylesheets)

    def missing(self, html: bytes, page_path: str) -> list[str]:
        """The characters of this page that no font has."""
        return self.write(self.layout(html, page_path))[1]

    def write(self, document: Any) -> tuple[bytes, list[str]]:
        """The PDF bytes and the characters that no font had."""
        if self.created:
            document.metadata.created = document.metadata.modified = self.created
        with _missing_glyphs() as missing:
            data = document.write_pdf(pdf_variant=PDF_VARIANT)
        return data, sorted(set(missing))


def source_date(environ: Mapping[str, str]) -> str:
    """SOURCE_DATE_EPOCH as a W3C date (the reproducible-builds convention); '' when unset or not a number."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return ""
    moment = dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def load_engine() -> tuple[Any | None, str | None]:
    """Import WeasyPrint; on a machine without Pango this fails with OSError, said in words."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return weasyprint, None


def find_pdf_engine() -> Tool:
    """The print products' tool: WeasyPrint, or the one warning that PDFs cannot be made here."""
    weasyprint, reason = load_engine()
    if weasyprint is None:
        return Tool(missing=engine_missing_warning(reason or ""))
    return Tool(weasyprint, weasyprint.__version__)


def engine_missing_warning(reason: str) -> Problem:
    """The one warning when PDFs cannot be made here."""
    return warning("site.toml", None, f"PDFs were skipped: WeasyPrint cannot start here ({reason}); "
                   "the print pages were made as HTML (print them from a browser). To make PDFs, install "
                   "WeasyPrint and Pango: see 'Printing' in the README")


@contextmanager
def _missing_glyphs() -> Iterator[list[str]]:
    found: list[str] = []

    class Catcher(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if ".notdef" in message:
                found.extend(chr(int(code, 16)) for code in _CODEPOINT.findall(message))

    logger = logging.getLogger("weasyprint")
    handler = Catcher(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def make_pdfs(shop: Workshop, pages: list[Page]) -> Made:
    """The print products' make step: the PDF of every print page that the installed fonts can print
    (made, or taken from the cache), with WeasyPrint as `shop.tool`."""
    engine = PdfEngine(shop.tool, shop.resources)
    return make_pdf_files(engine, pages, shop.rendered, shop.render, shop.cache_dir, shop.settings,
                          shop.assets_digest, shop.jobs)


def make_pdf_files(engine: PdfEngine, pages: list[Page], rendered: Mapping[str, bytes],
                   render: Callable[[Page], bytes], cache_dir: Path, settings: Settings,
                   inputs_digest: str, jobs: int = 1) -> Made:
    """Make (or take from the cache) the PDF of every print page that the installed fonts can print.

    The pages not cached are made by `jobs` worker processes; this process meanwhile checks that a
    font for Chinese is installed at all, and then stores what the workers made, in page order.
    """
    pdfs: dict[str, Path] = {}
    html: dict[str, bytes] = {}
    todo: list[tuple[Page, str]] = []
    for page in pages:
        key = pdf_key(engine, inputs_digest, page.path, rendered[page.path])
        cached_pdf, cached_html = cache_dir / f"{key}.pdf", cache_dir / f"{key}.html"
        if cached_pdf.exists() and cached_html.exists():
            pdfs[pdf_file(page)], html[page.path] = cached_pdf, cached_html.read_bytes()
        else:
            todo.append((page, key))
    keys = dict((page.path, key) for page, key in todo)
    problems: list[Problem] = []
    glyphs = GlyphReport(settings.root)
    made: set[str] = set()
    skipped = 0
    remade = False
    with PdfWork(engine, [page for page, _ in todo], rendered, partial(print_page, render=render), jobs) as work:
        if pages and no_chinese_font(engine.missing(render(FONT_PROBE), FONT_PROBE.path)):
            return Made({}, {}, [fonts_missing_warning()], complete=False)
        cache_dir.mkdir(parents=True, exist_ok=True)
        for page, outcome in work.results():
            printed, events = outcome if isinstance(outcome, tuple) else (outcome, ())
            glyphs.replay(events)
            if isinstance(printed, Problem):
                problems.append(printed)
            if printed is None or isinstance(printed, Problem):
                skipped += 1
                continue
            fitted, data, whole, warnings = printed
            made.add(pdf_file(page))
            problems += warnings
            key = keys[page.path]
            cached_pdf, cached_html = cache_dir / f"{key}.pdf", cache_dir / f"{key}.html"
            if not whole or warnings:  # made again by every build (so warned again) until it is put right
                remade = True
                cached_pdf, cached_html = cache_dir / f"{key}.partial.pdf", cache_dir / f"{key}.partial.html"
            _store(cached_html, fitted)
            _store(cached_pdf, data)
            pdfs[pdf_file(page)], html[page.path] = cached_pdf, fitted
    problems += glyphs.problems()
    pdfs = {pdf_file(p): pdfs[pdf_file(p)] for p in pages if pdf_file(p) in pdfs}  # in page order, cached or not
    html = {page.path: html[page.path] for page in pages if page.path in html}
    keep = frozenset(name for file in pdfs.values() for name in (file.name, file.with_suffix(".html").name))
    return Made(pdfs, html, problems, frozenset(made), keep, complete=not skipped and not remade)


def pdf_file(page: Page) -> str:
    """Where a print page's PDF goes (planned with the page: its only file)."""
    return page.files[0]


def pdf_key(engine: PdfEngine, inputs_digest: str, path: str, html: bytes) -> str:
    """The cache key of a print page's PDF: its first HTML, the engine, the assets and this program."""
    return input_key(engine.version, inputs_digest, path, engine.created, html)


Printed = tuple[bytes, bytes, bool, list[Problem]] | Problem | None


def print_page(engine: PdfEngine, page: Page, first: bytes,
               render: Callable[[Page], bytes]) -> tuple[Printed, tuple[GlyphEvent, ...]]:
    """The fitted HTML, the PDF, whether nothing was left out and the fitting's warnings (None or a
    problem when not made), and what the glyph report is to be told.

    A letter or Chinese character that no font has leaves out the exemplars that show it: the board
    or booklet is planned and laid out again without their cards or sections (a poster, or a page
    left with none, is not made). Emoji and symbols that no font has are left out and the page laid
    out again without them. Never a box in print.
    """
    kind = page.path.split("/", 1)[0]
    fitted, document, fit_problems, printable = _lay_out(engine, page, first, render)
    data, missing = engine.write(document)
    events: list[GlyphEvent] = []
    hard = [c for c in missing if not can_leave_out(c)]
    if hard:
        dropped = shown_with(page, hard)
        smaller = plan_without(page, {e.slug for e, _ in dropped})
        if smaller is None:
            return None, (("block", kind, page.sources, tuple(hard)),)
        first = render(smaller)
        fitted, document, fit_problems, printable = _lay_out(engine, smaller, first, render)
        data, missing = engine.write(document)
        if any(not can_leave_out(c) for c in missing):  # a character the page shows beyond its exemplars
            still = {c for c in missing if not can_leave_out(c)}
            return None, (("block", kind, page.sources, tuple(sorted({*hard, *still}))),)
        events += [("drop", kind, (e.source,), chars) for e, chars in dropped]
        page = smaller
    left_out = {c for c in missing if can_leave_out(c)}
    if left_out:
        def strip(html: bytes) -> bytes:
            return strip_chars(html, left_out)
        fitted, document, fit_problems, printable = _lay_out(engine, page, strip(first),
                                                             lambda p: strip(render(p)))
        data, missing = engine.write(document)
        events.append(("leave_out", "", page.sources, tuple(sorted(left_out))))
    if missing:
        blocking = [c for c in missing if not can_leave_out(c)] or missing
        return None, (*[e for e in events if e[0] != "drop"], ("block", kind, page.sources, tuple(blocking)))
    if not printable:
        return fit_problems[0], tuple(events)
    return (fitted, data, not events, fit_problems), tuple(events)  # whole: nothing left out


def _lay_out(engine: PdfEngine, page: Page, first: bytes,
             render: Callable[[Page], bytes]) -> tuple[bytes, Any, list[Problem], bool]:
    if page.context.get("fit") == "poster":
        return fit_poster(engine, page, first, render)
    return first, engine.layout(first, page.path), [], True


def _store(path: Path, data: bytes) -> None:
    write_atomically(path, data)
