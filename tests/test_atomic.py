"""Atomic output: a build killed with SIGKILL at any moment leaves the old site or the new one, whole."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import exemplar_md


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def content(version: str) -> dict[str, str]:
    return {f"content/p{i}.md": exemplar_md(f"第{version}版的事迹，编号{i}。", name=f"张{i}", slug=f"p{i}")
            for i in range(30)}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal")
def test_a_build_killed_at_random_moments_leaves_the_old_site_or_the_new_one(make_site, build_site, tmp_path):
    versions = {"A": content("A"), "B": content("B")}
    expected = {}
    for name, files in versions.items():  # what each version's site is, built cold elsewhere
        site = make_site(files, name=f"cold-{name}")
        build_site(site)
        expected[name] = tree(site / "output")
    site = make_site(versions["A"])
    build_site(site)
    out, shown = site / "output", "A"
    rng = random.Random(7)
    command = [sys.executable, "-m", "exemplar_site", "build", "--site", str(site), "--no-pdf", "--jobs", "1"]
    timings = []
    for _ in range(20):
        target = "B" if shown == "A" else "A"
        for rel, text in versions[target].items():
            (site / rel).write_text(text, encoding="utf-8")
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, max(timings, default=1.0)))
        process.send_signal(signal.SIGKILL)
        if process.wait() == 0:
            timings.append(time.monotonic() - started)  # finished before the kill: aim earlier next time
        now = tree(out)
        assert now in (expected["A"], expected["B"]), "the output is neither the old site nor the new one"
        shown = "A" if now == expected["A"] else "B"
    build_site(site)  # the next build finishes the job and leaves nothing behind
    assert tree(out) == expected[target]
    assert sorted(p.name for p in site.iterdir()) == [".cache", "content", "output", "site.toml"]
