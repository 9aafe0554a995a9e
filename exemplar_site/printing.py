"""PDFs of the print pages, made in-process by WeasyPrint with one font configuration per build.

A poster is fitted to exactly one page: the excerpt's font shrinks step by step to a floor, then the
excerpt is cut at a sentence end with '……'. A PDF in which any character had no font is never kept.
PDFs are cached by everything they are made from, so a build with nothing changed makes none.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .atomic import write_atomically
from .errors import Problem, warning
from .glyphs import PROBE_TEXT, GlyphReport, can_leave_out, fonts_missing_warning, no_chinese_font, strip_chars
from .pages import Page
from .printplan import excerpt_steps
from .settings import Settings

PRINT_VERSION = "1"
VIRTUAL_ROOT = "file:///exemplar-site-output/"
_CODEPOINT = re.compile(r"\(U\+([0-9A-Fa-f]{4,6})\)")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_ENDS_SENTENCE = re.compile(r"[。！？!?][”’」』）)]*$")
ELLIPSIS = "……"
# A tiny print page in the theme's fonts: laid out first to learn whether any font has Chinese.
FONT_PROBE = Page(path="print/font-probe.html", template="print/font-probe.html", title="", crumbs=(),
                  context={"probe": PROBE_TEXT})


@dataclass(frozen=True)
class PrintResult:
    """What the PDF stage made: PDF bytes, fitted HTML that replaces the first render, problems."""

    pdfs: dict[str, Path]
    html: dict[str, bytes]
    problems: list[Problem]
    made: int
    skipped: int = 0  # print pages whose PDF was not made (fonts, or a poster that cannot fit)
    complete: bool = True  # every PDF made with every character: nothing to try again next build


class PdfEngine:
    """WeasyPrint with one FontConfiguration, reading resources only from the planned output."""

    def __init__(self, weasyprint: Any, resources: Mapping[str, Path]):
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        self.weasyprint = weasyprint
        self.fonts = FontConfiguration()
        self.version = weasyprint.__version__

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

    def layout(self, html: bytes, page_path: str) -> Any:
        """Lay out an HTML page as WeasyPrint would print it."""
        document = self.weasyprint.HTML(string=html.decode("utf-8"), base_url=VIRTUAL_ROOT + page_path,
                                        url_fetcher=self.fetcher)
        return document.render(font_config=self.fonts)

    def missing(self, html: bytes, page_path: str) -> list[str]:
        """The characters of this page that no font has."""
        return self.write(self.layout(html, page_path))[1]

    def write(self, document: Any) -> tuple[bytes, list[str]]:
        """The PDF bytes and the characters that no font had."""
        with _missing_glyphs() as missing:
            data = document.write_pdf()
        return data, sorted(set(missing))


def load_engine() -> tuple[Any | None, str | None]:
    """Import WeasyPrint; on a machine without Pango this fails with OSError, said in words."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return weasyprint, None


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


def make_pdfs(engine: PdfEngine, pages: list[Page], rendered: Mapping[str, bytes],
              render: Callable[[Page], bytes], cache_dir: Path, settings: Settings,
              inputs_digest: str) -> PrintResult:
    """Make (or take from the cache) the PDF of every print page that the installed fonts can print."""
    if pages and no_chinese_font(engine.missing(render(FONT_PROBE), FONT_PROBE.path)):
        return PrintResult({}, {}, [fonts_missing_warning()], 0, skipped=len(pages), complete=False)
    pdfs: dict[str, Path] = {}
    html: dict[str, bytes] = {}
    problems: list[Problem] = []
    glyphs = GlyphReport(settings.root)
    made = skipped = 0
    cache_dir.mkdir(parents=True, exist_ok=True)
    for page in pages:
        key = hashlib.sha256(b"\0".join([PRINT_VERSION.encode(), engine.version.encode(),
                                         inputs_digest.encode(), page.path.encode(),
                                         rendered[page.path]])).hexdigest()
        cached_pdf, cached_html = cache_dir / f"{key}.pdf", cache_dir / f"{key}.html"
        if cached_pdf.exists() and cached_html.exists():
            pdfs[page.pdf], html[page.path] = cached_pdf, cached_html.read_bytes()
            continue
        printed = _print_page(engine, page, rendered[page.path], render, settings, glyphs)
        if isinstance(printed, Problem):
            problems.append(printed)
        if printed is None or isinstance(printed, Problem):
            skipped += 1
            continue
        fitted, data, whole = printed
        made += 1
        if not whole:  # characters were left out: made again by every build until a font has them
            cached_pdf, cached_html = cache_dir / f"{key}.partial.pdf", cache_dir / f"{key}.partial.html"
        _store(cached_html, fitted)
        _store(cached_pdf, data)
        pdfs[page.pdf], html[page.path] = cached_pdf, fitted
    problems += glyphs.problems()
    return PrintResult(pdfs, html, problems, made, skipped=skipped,
                       complete=not skipped and not glyphs.left_out)


def _print_page(engine: PdfEngine, page: Page, first: bytes, render: Callable[[Page], bytes],
                settings: Settings, glyphs: GlyphReport) -> tuple[bytes, bytes, bool] | Problem | None:
    """The fitted HTML, the PDF and whether nothing was left out; None or a problem when not made.

    Emoji and symbols that no font has are left out and the page laid out again without them;
    any other character that no font has keeps the PDF from being made (never a box in print).
    """
    fitted, document, fit_problem = _lay_out(engine, page, first, render, settings)
    data, missing = engine.write(document)
    left_out = {c for c in missing if can_leave_out(c)}
    if missing and left_out == set(missing):
        def strip(html: bytes) -> bytes:
            return strip_chars(html, left_out)
        fitted, document, fit_problem = _lay_out(engine, page, strip(first), lambda p: strip(render(p)), settings)
        data, missing = engine.write(document)
        glyphs.leave_out(page.sources, left_out)
    kind = page.path.split("/", 1)[0]
    if missing:
        glyphs.block(kind, page.sources, [c for c in missing if not can_leave_out(c)] or missing)
        return None
    if fit_problem:
        return fit_problem
    return fitted, data, not left_out


def _lay_out(engine: PdfEngine, page: Page, first: bytes, render: Callable[[Page], bytes],
             settings: Settings) -> tuple[bytes, Any, Problem | None]:
    document = engine.layout(first, page.path)
    if page.context.get("fit") != "poster" or len(document.pages) == 1:
        return first, document, None
    return _fit_poster(engine, page, render, settings)


def _fit_poster(engine: PdfEngine, page: Page, render: Callable[[Page], bytes],
                settings: Settings) -> tuple[bytes, Any, Problem | None]:
    """Shrink the excerpt to the floor size, then cut it at a sentence end, until one page holds it."""

    def attempt(size: float, excerpt: tuple[str, ...]) -> tuple[bytes, Any, bool]:
        html = render(replace(page, context={**page.context, "excerpt_pt": size, "excerpt": excerpt}))
        document = engine.layout(html, page.path)
        return html, document, len(document.pages) == 1

    steps = excerpt_steps(settings)
    full = tuple(page.context["excerpt"])
    best = attempt(steps[-1], full)
    if best[2]:  # it fits at the floor: find the largest size that fits (sizes are few)
        low, high = 1, len(steps) - 1  # steps[0] was tried by the first layout
        while low < high:
            middle = (low + high) // 2
            trial = attempt(steps[middle], full)
            if trial[2]:
                best, high = trial, middle
            else:
                low = middle + 1
        return best[0], best[1], None
    sentences = _sentences(full)
    ends = [0] + [i + 1 for i, (_, text) in enumerate(sentences[:-1]) if _ENDS_SENTENCE.search(text)]
    low, high = 0, len(ends) - 1
    best = attempt(steps[-1], ())
    if not best[2]:
        return best[0], best[1], warning(page.sources[0] if page.sources else "site.toml", None,
                                         "poster not made: even without the deeds it needs two pages: "
                                         "shorten the longest of the name, unit, summary, honours or "
                                         "testimonial")
    while low < high:  # the most whole sentences that still fit
        middle = (low + high + 1) // 2
        trial = attempt(steps[-1], _cut(sentences, ends[middle]))
        if trial[2]:
            best, low = trial, middle
        else:
            high = middle - 1
    return best[0], best[1], None


def _sentences(paragraphs: tuple[str, ...]) -> list[tuple[int, str]]:
    """Every sentence with the index of its paragraph."""
    return [(index, s) for index, text in enumerate(paragraphs) for s in _SENTENCE.findall(text) if s.strip()]


def _cut(sentences: list[tuple[int, str]], count: int) -> tuple[str, ...]:
    """The first `count` sentences as paragraphs, the last one ending in '……'."""
    if count == 0:
        return ()
    paragraphs: dict[int, str] = {}
    for index, sentence in sentences[:count]:
        paragraphs[index] = paragraphs.get(index, "") + sentence
    texts = [paragraphs[i] for i in sorted(paragraphs)]
    texts[-1] = re.sub(r"[。！？!?]([”’」』）)]*)$", r"\1", texts[-1]) + ELLIPSIS
    return tuple(texts)


def _store(path: Path, data: bytes) -> None:
    write_atomically(path, data)
