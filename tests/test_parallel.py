"""Content loaded and pages drawn by worker processes: the same bytes as one process, problems as
problem lines."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from exemplar_site import forks
from exemplar_site.content import workers
from exemplar_site.errors import ContentError
from exemplar_site.site import draw

from .conftest import exemplar_md

CATEGORIES = ("道德模范", "科技创新", "爱岗敬业")
needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="worker processes are forked on Linux only")


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    """Fork even though earlier tests left threads behind (idle servers): a build run from the
    command line has none, and the build's own workers are what these tests are about."""
    for module in (draw, workers, forks):
        monkeypatch.setattr(module, "can_fork", lambda: True)


def _many(count: int) -> dict[str, str]:
    """Enough exemplars for the pages to be drawn by two workers (2 × draw.PER_WORKER pages)."""
    return {f"content/e{i:04d}.md": exemplar_md(
        f"## 第{i}号\n\n**第一句。**他工作认真负责，\n连续{i}年获评先进。\n\n- 一项\n- 两项\n\n[链接](https://example.org/{i})",
        name=f"张{i}", slug=f"e{i:04d}", category=CATEGORIES[i % 3], year=str(2020 + i % 5), unit=f"第{i % 60}车间")
        for i in range(count)}


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@needs_fork
def test_two_workers_draw_the_same_bytes_as_one_process(make_site, build_site, monkeypatch):
    forked = []
    for module in (draw, workers):
        monkeypatch.setattr(module, "ForkPool", lambda work, jobs, name=module.__name__: forked.append((name, jobs))
                            or forks.ForkPool(work, jobs))
    site = make_site(_many(2 * draw.PER_WORKER))
    one = build_site(site, jobs=1, out=site / "one")
    assert forked == []
    shutil.rmtree(site / ".cache")  # every file is parsed again, by the workers
    two = build_site(site, jobs=2, out=site / "two")
    assert forked == [(workers.__name__, 2), (draw.__name__, 2)]
    assert one.pages == two.pages > 2 * draw.PER_WORKER
    first, second = _tree(site / "one"), _tree(site / "two")
    assert list(first) == list(second)
    for path, data in first.items():
        assert second[path] == data, path
    assert not (site / ".cache" / draw.DRAWN).exists()  # the spool folder is gone once the pages are moved


@needs_fork
def test_a_template_error_in_a_worker_is_the_same_problem_line(make_site, build_site):
    broken = '{% extends "base.html" %}{% block main %}{{ no_such }}{% endblock %}'
    site = make_site({**_many(2 * draw.PER_WORKER), "templates/exemplar.html": broken})
    messages = []
    for jobs in (1, 2):
        with pytest.raises(ContentError) as raised:
            build_site(site, jobs=jobs, out=site / f"out{jobs}")
        messages.append([p.format() for p in raised.value.problems if p.is_error])
    assert messages[0] == messages[1]
    [line] = messages[0]  # one mistake, one line: the first page it stopped, and how many more
    assert line == ("templates/exemplar.html:1: error: template error while making exemplar/e0000.html "
                    f"(and {2 * draw.PER_WORKER - 1} more pages): 'no_such' is undefined")


def _square(index: int) -> int:
    return index * index


def _fail_at_five(index: int) -> int:
    if index == 5:
        raise KeyError("five")
    return index


def _die_at_five(index: int) -> int:
    if index == 5:
        os._exit(9)
    return index


@needs_fork
def test_the_pool_gives_results_in_order():
    with forks.ForkPool(_square, 2) as pool:
        done: list[int] = []
        assert list(pool.map(forks.chunked(100, 7), done.append)) == [i * i for i in range(100)]
        assert sum(done) == 100


@needs_fork
def test_an_exception_in_a_worker_is_raised_in_the_build():
    with pytest.raises(KeyError, match="five"), forks.ForkPool(_fail_at_five, 2) as pool:
        list(pool.map(forks.chunked(20, 3)))


@needs_fork
def test_a_worker_that_dies_is_reported_and_the_others_are_stopped():
    with pytest.raises(forks.WorkerStopped), forks.ForkPool(_die_at_five, 2) as pool:
        processes = [process for process, _ in pool._workers]
        list(pool.map(forks.chunked(20, 3)))
    assert not any(process.is_alive() for process in processes)
