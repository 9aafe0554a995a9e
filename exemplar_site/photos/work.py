"""Making the photos in worker processes while the rest of the build goes on.

The workers end with the build however it ends: a build leaving early ends them at once rather
than waiting for their photos, and each worker watches its parent (on Linux the kernel kills it
when the parent dies; elsewhere a thread waits on the parent's sentinel), so `kill PID` of a
build leaves no worker behind.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..forks import end_with_build, stop_workers
from .process import PhotoError, PhotoJob, process_photo


@dataclass
class PhotoResults:
    """Output path → cached file for every photo made; failures as (job, message)."""

    files: dict[str, Path] = field(default_factory=dict)
    failed: list[tuple[PhotoJob, str]] = field(default_factory=list)
    processed: int = 0
    cached: int = 0


class PhotoWork:
    """Photos whose sizes are all cached are done at once; the others go to worker processes.

    Use as a context manager: `start` hands the work out and returns, `finish` waits for it.
    Leaving the block early (an error elsewhere in the build) cancels what has not started.
    """

    def __init__(self, jobs: tuple[PhotoJob, ...], cache_dir: Path, workers: int):
        self.cache_dir = cache_dir
        self.results = PhotoResults()
        self.todo: list[PhotoJob] = []
        for job in jobs:
            files = job.cache_files(cache_dir)
            if all(path.exists() for path in files.values()):
                self._done(job, files, made=False)
            else:
                self.todo.append(job)
        self.workers = max(1, min(workers, len(self.todo)))
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []

    def __enter__(self) -> PhotoWork:
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(self.workers, initializer=end_with_build)
            self._futures = [self._pool.submit(_process_safely, job, self.cache_dir) for job in self.todo]
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if self._pool is None:
            return
        if exc_type is not None:  # the build is stopping (an error, Ctrl+C, kill): no photo is wanted now
            stop_workers(self._pool)
        self._pool.shutdown(wait=True, cancel_futures=True)

    def finish(self, advance: Callable[[int], None] = lambda n: None) -> PhotoResults:
        """Wait for every photo (or process them here with one worker), calling advance(1) for each."""
        for index, job in enumerate(self.todo):
            if self._pool is None:
                outcome = _process_safely(job, self.cache_dir)
            else:
                try:
                    outcome = self._futures[index].result()
                except BrokenProcessPool:
                    outcome = PhotoError("the worker processing it stopped (out of memory?); make the photo "
                                         "smaller or build with --jobs 1")
            if isinstance(outcome, PhotoError):
                self.results.failed.append((job, str(outcome)))
            else:
                self._done(job, outcome, made=True)
            advance(1)
        return self.results

    def _done(self, job: PhotoJob, files: dict, made: bool) -> None:
        self.results.files.update({size.output_path(job.digest): path for size, path in files.items()})
        if made:
            self.results.processed += 1
        else:
            self.results.cached += 1


def _process_safely(job: PhotoJob, cache_dir: Path) -> dict | PhotoError:
    try:
        return process_photo(job, cache_dir)
    except PhotoError as exc:
        return exc
    except (OSError, ValueError, MemoryError) as exc:
        return PhotoError(f"cannot process the image: {exc}")
