"""Drawing the pages: each page rendered and written to a spool folder in the cache, in worker
processes when there are many (forks.py), so no process holds every page in memory. The writer
moves them into the new output; a page drawn again by a later step (a fitted poster) is kept in
memory instead."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from pathlib import Path

import jinja2

from ..errors import Problem, error
from ..forks import ForkPool, WorkerStopped, can_fork
from .pages import Page, Section
from .render import TEXT_SUFFIXES, PageRenderer

DRAWN = "drawn"  # the spool folder, in the site's cache
PER_WORKER = 200  # fewer pages than this per worker: drawing them here is quicker than forking
CHUNK = 32  # pages handed to a worker at a time
HEAVY_PAGES = 64  # the heaviest pages are handed out one at a time

Slip = tuple[str, int | None, str]  # a template's mistake: the template, its line, Jinja's message


class DrawnPages(MutableMapping[str, bytes]):
    """Output path → HTML of the pages drawn: on disk in the spool folder, or in memory when set here."""

    def __init__(self, spool: Path):
        self.spool = spool
        self.spooled: set[str] = set()
        self.held: dict[str, bytes] = {}
        self.keys: dict[str, str] = {}  # each page's fingerprint, found where it was drawn

    def file(self, path: str) -> Path | None:
        """The spooled file of a page (None: the page is held in memory, or was not drawn)."""
        return self.spool / path if path in self.spooled and path not in self.held else None

    def __getitem__(self, path: str) -> bytes:
        if path in self.held:
            return self.held[path]
        if path in self.spooled:
            return (self.spool / path).read_bytes()
        raise KeyError(path)

    def __setitem__(self, path: str, html: bytes) -> None:
        self.held[path] = html

    def __delitem__(self, path: str) -> None:
        self.held.pop(path, None)
        self.spooled.discard(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self.spooled | set(self.held))

    def __len__(self) -> int:
        return len(self.spooled | set(self.held))


class PageDrawing:
    """Pages to render into the (emptied) spool folder, by worker processes when there are many.

    Use as a context manager, created before any thread starts (the workers are forked at once,
    so that photo workers can start beside them); `finish` draws the pages and finds their keys
    (`key`, the page's fingerprint: in the workers too). A broken template is
    reported as a problem, never a traceback. The bytes are the same however many workers draw
    them: each page is rendered alone, from the same plan, and written whole.
    """

    def __init__(self, render: PageRenderer, pages: Sequence[Page], spool: Path, jobs: int,
                 key: Callable[[Page], str]):
        self.render, self.pages, self.spool, self.key = render, pages, spool, key
        shutil.rmtree(spool, ignore_errors=True)
        spool.mkdir(parents=True)
        for folder in sorted({os.path.dirname(page.path) for page in pages}):
            (spool / folder).mkdir(parents=True, exist_ok=True)
        workers = min(jobs, len(pages) // PER_WORKER)
        self._pool = None
        if workers > 1 and can_fork():
            # The heaviest pages first, each on its own (the archive shows every exemplar): the
            # workers then end together rather than one drawing a big page while the other waits.
            self._order = sorted(range(len(pages)), key=lambda index: -_weight(pages[index]))
            try:
                self._pool = ForkPool(self._draw_next, workers)
            except OSError:  # no more processes allowed, or no memory to fork: draw them here
                self._pool = None

    def __enter__(self) -> PageDrawing:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.close(stop=exc_type is not None)

    def finish(self, advance: Callable[[int], None] = lambda n: None) -> tuple[DrawnPages, list[Problem]]:
        """Draw every page, calling advance(n) as n more are done."""
        drawn = DrawnPages(self.spool)
        if self._pool is None:
            outcomes = []
            for index in range(len(self.pages)):
                outcomes.append(self._draw(index))
                advance(1)
        else:
            try:
                done = list(self._pool.map(_chunks(self._order), advance))
            except WorkerStopped as exc:
                self._pool.close(stop=True)
                return drawn, [error("templates", None, f"the pages could not be drawn: {exc}")]
            self._pool.close()  # the workers end here, before the next stage starts its own
            outcomes = [None] * len(done)
            for index, outcome in zip(self._order, done, strict=True):
                outcomes[index] = outcome
        slips: dict[tuple[str, int | None, str], list[str]] = {}
        for page, (key, slip) in zip(self.pages, outcomes, strict=True):
            drawn.keys[page.path] = key
            if slip is None:
                drawn.spooled.add(page.path)
            else:
                slips.setdefault(slip, []).append(page.path)
        return drawn, [_template_error(slip, pages) for slip, pages in slips.items()]

    def _draw_next(self, number: int) -> tuple[str, Slip | None]:
        return self._draw(self._order[number])

    def _draw(self, index: int) -> tuple[str, Slip | None]:
        page = self.pages[index]
        return self.key(page), _draw_one(self.render, page, self.spool)


def _weight(page: Page) -> int:
    """How many exemplars a page shows, roughly: what drawing it costs."""
    weight = 1
    for value in page.context.values():
        if isinstance(value, (tuple, list)):
            weight += sum(len(item.exemplars) if isinstance(item, Section) else 1 for item in value)
    return weight


def _chunks(order: list[int]) -> list[tuple[int, int]]:
    """Heavy pages one at a time, then the light ones CHUNK at a time."""
    heavy = min(len(order), HEAVY_PAGES)
    return [(n, n + 1) for n in range(heavy)] + [(start, min(start + CHUNK, len(order)))
                                                for start in range(heavy, len(order), CHUNK)]


def _draw_one(render: PageRenderer, page: Page, spool: Path) -> Slip | None:
    try:
        html = render(page)
    except jinja2.TemplateError as exc:
        where, line = _template_line(exc)
        return (f"templates/{Path(where or page.template).name}", line, str(exc))
    with open(spool / page.path, "wb") as handle:
        handle.write(html)
    return None


def _template_line(exc: jinja2.TemplateError) -> tuple[str | None, int | None]:
    """Where in a template the error happened: a syntax error says so; for a runtime error (an
    unknown name) it is the innermost template frame of the traceback, which Jinja maps back to
    the template's own file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename, exc.lineno
    where = None, None
    trace = exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if Path(filename).suffix in TEXT_SUFFIXES:
            where = filename, trace.tb_lineno
        trace = trace.tb_next
    return where


def _template_error(slip: Slip, pages: list[str]) -> Problem:
    """One error for one mistake, however many pages it stopped: a broken exemplar template is one line."""
    template, line, message = slip
    more = f" (and {len(pages) - 1:,} more pages)" if len(pages) > 1 else ""
    return error(template, line, f"template error while making {pages[0]}{more}: {message}")
