"""Making the PDFs in worker processes, one per core, while the build waits for nothing else.

Workers are forked after the pages and photos are done (no other pool of the build is alive then),
so each inherits the drawn pages and the renderer as they are; each makes its own WeasyPrint font
configuration. A worker only lays out and prints: it returns the fitted HTML, the PDF's bytes and
what it found, and the build (one writer) stores them in page order, so the result is the same
byte for byte as with one process. Where fork is not available, or with one job, the same work
runs here. Workers end with the build, as the photo workers do (photos/work.py).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ..errors import Problem, warning
from ..forks import end_with_build, stop_workers
from ..site.pages import Page

# What a forked worker inherits: set just before the pool forks, and cleared when it is closed (a
# process pool can only hand a worker what it can pickle; the renderer and the drawn pages are not).
_INHERITED: dict[str, Any] = {}

Task = Callable[[Any, Page, bytes], Any]  # (engine, page, first HTML) → what the build stores


class PdfWork:
    """The print pages' work, handed out to worker processes as soon as the block is entered.

    `results` gives each page's outcome in page order; leaving the block early ends the workers.
    """

    def __init__(self, engine: Any, pages: list[Page], rendered: dict[str, bytes] | Any, task: Task, jobs: int):
        self.engine, self.pages, self.rendered, self.task = engine, pages, rendered, task
        self.workers = max(1, min(jobs, len(pages)))
        if "fork" not in multiprocessing.get_all_start_methods():
            self.workers = 1
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []

    def __enter__(self) -> PdfWork:
        if self.workers > 1:
            _INHERITED.update(engine=self.engine, pages=self.pages, rendered=self.rendered, task=self.task)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_start_pdf_worker)
            # The largest first (a booklet takes as long as many posters), so no worker is left with it at the end.
            order = sorted(range(len(self.pages)), key=lambda i: -len(self.rendered[self.pages[i].path]))
            futures = {i: self._pool.submit(_work_on, i) for i in order}
            self._futures = [futures[i] for i in range(len(self.pages))]
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if self._pool is not None:
            if exc_type is not None:  # the build is stopping: no PDF is wanted now
                stop_workers(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _INHERITED.clear()

    def results(self) -> Iterator[tuple[Page, Any]]:
        """Each page with its outcome, in page order (made here when there are no workers)."""
        for index, page in enumerate(self.pages):
            if self._pool is None:
                outcome = _safely(self.task, self.engine, page, self.rendered[page.path])
            else:
                try:
                    outcome = self._futures[index].result()
                except Exception as exc:  # the worker stopped (out of memory?): the pool is broken
                    outcome = _failed(page, exc)
            yield page, outcome


def _start_pdf_worker() -> None:
    """In each worker: end with the build, and lay out with a font configuration of its own."""
    end_with_build()
    _INHERITED["engine"] = _INHERITED["engine"].fresh()


def _work_on(index: int) -> Any:
    page = _INHERITED["pages"][index]
    return _safely(_INHERITED["task"], _INHERITED["engine"], page, _INHERITED["rendered"][page.path])


def _safely(task: Task, engine: Any, page: Page, first: bytes) -> Any:
    """The task's outcome; a failure becomes a warning about the page, never a traceback."""
    try:
        return task(engine, page, first)
    except Exception as exc:
        return _failed(page, exc)


def _failed(page: Page, exc: BaseException) -> Problem:
    kind = page.path.split("/", 1)[0]
    source = page.sources[0] if page.sources else "site.toml"
    return warning(source, None, f"{kind} not made: making its PDF failed ({type(exc).__name__}: {exc}); "
                   "build again, or with --jobs 1, and report it if it keeps failing")
