"""Benchmark: cold, nothing-changed and one-edit builds of the corpus, without an anchor.

    .venv/bin/python bench/build.py --count 200 --photos 4000x3000 [--baseline]
    .venv/bin/python bench/build.py --count 10000

Each build runs as its own `python -m exemplar_site build --no-pdf` process, timed from start to
exit; peak memory is the largest resident size of that process or any of its workers. The
ratios against Hugo and the PDF floor are bench/compare.py's. The corpus is kept in --dir (default:
the system's temp folder) so that runs can reuse it; never commit it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import run as run_baseline  # noqa: E402
from corpus import Corpus, make_corpus  # noqa: E402
from measure import project_build, run_timed, summary_line  # noqa: E402

EDITED = "content/e00007.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--photos", default="", help="WxH of the photos, e.g. 4000x3000; none when left out")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--baseline", action="store_true", help="also time the bare Pillow script")
    args = parser.parse_args()
    width, height = (int(v) for v in args.photos.lower().split("x")) if args.photos else (0, 0)
    corpus = Corpus(args.count, width, height)
    root = args.dir or Path(tempfile.gettempdir()) / "exemplar-bench" / f"{args.count}-{args.photos or 'text'}"
    started = time.perf_counter()
    site = make_corpus(root, corpus).site
    print(f"corpus: {args.count} exemplars, photos {args.photos or 'none'} in {root} "
          f"({time.perf_counter() - started:.1f} s to make or reuse)")
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    command = project_build(site) + (["--jobs", str(args.jobs)] if args.jobs else [])
    edited = site / EDITED
    original = edited.read_bytes()
    try:
        for label in ("cold", "nothing changed", "one file edited"):
            if label == "one file edited":
                edited.write_bytes(original + "他的事迹又添新篇。\n".encode())
            run = run_timed(command)
            print(f"{label:16} {run.seconds:6.2f} s  peak {run.peak_mb:6.0f} MB  | {summary_line(run.output)}")
    finally:
        edited.write_bytes(original)
    if args.baseline and corpus.photos:
        print(f"bare Pillow script (2 processes): {run_baseline(site / 'content', args.jobs or 2):.2f} s")


if __name__ == "__main__":
    main()
