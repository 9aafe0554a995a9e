"""Loading many content files in worker processes (forks.py): each worker parses its share and
hands back the exemplars, their problems and what it used and added to the content cache."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..forks import ForkPool, WorkerStopped, can_fork, chunked
from .cache import ContentCache
from .slugs import slugify

MANY = 100  # files to parse (not known from the cache) before forking pays for itself
CHUNK = 16  # files handed to a worker at a time


def load_in_workers(load: Callable[[Path], Any], paths: Sequence[Path], known: Callable[[Path], bool],
                    cache: ContentCache, jobs: int) -> dict[int, Any]:
    """load(path) for the files not `known` (from the cache, by their stat), by `jobs` workers
    when there are many; {index in paths: result}. Files a worker could not answer for (it was
    killed) are left out, and so is everything when there are few: the caller loads what is missing."""
    if jobs < 2 or len(paths) < MANY or not can_fork():
        return {}
    todo = [index for index, path in enumerate(paths) if not known(path)]
    if len(todo) < MANY:
        return {}

    def work(number: int) -> tuple[Any, tuple[list, list]]:
        cache.journal()  # kept from now on in this worker, and taken after every file
        result = load(paths[todo[number]])
        return result, cache.journal()

    slugify("预")  # pinyin's dictionaries loaded once, here: the workers share them instead of each loading them
    results: dict[int, Any] = {}
    try:
        with ForkPool(work, min(jobs, len(todo) // (MANY // 2))) as pool:
            for index, (result, journal) in zip(todo, pool.map(chunked(len(todo), CHUNK)), strict=False):
                cache.replay(journal)
                results[index] = result
    except (WorkerStopped, OSError):  # a worker killed, or none could be forked: the caller loads the rest
        pass
    return results
