"""Benchmark: N A3 posters (plus boards and booklets) from the deterministic corpus.

    .venv/bin/python bench/posters.py [--count 100] [--dir DIR]

Prints the cold build time, the part of it spent on PDFs, and the nothing-changed build time
with how many PDFs each made. All exemplars are on one year's roll, so each gets a poster.
The corpus is written outside the repository (never commit it).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, make_corpus  # noqa: E402

from exemplar_site.builder import BuildConfig, BuildResult, build  # noqa: E402


def timed(site: Path) -> tuple[float, BuildResult]:
    started = time.perf_counter()
    result = build(BuildConfig(site=site))
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.gettempdir()) / "exemplar-bench" / f"posters-{args.count}"
    site = make_corpus(root, Corpus(args.count, 1200, 1600, years=1)).site
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    cold, first = timed(site)
    warm, second = timed(site)
    made = dict(first.timings).get("make", 0.0)
    print(f"{args.count} exemplars, A3: cold build {cold:.1f} s, of which PDFs {made:.1f} s "
          f"({first.files_made} PDFs made, {first.product_files} in all); nothing changed {warm:.1f} s "
          f"({second.files_made} PDFs made)")


if __name__ == "__main__":
    main()
