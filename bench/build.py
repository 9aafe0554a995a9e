"""Benchmark: cold, nothing-changed and one-edit builds of a generated corpus.

    .venv/bin/python bench/build.py --count 200 --photos 4000x3000 [--baseline]
    .venv/bin/python bench/build.py --count 1000 --photos 1600x1200
    .venv/bin/python bench/build.py --count 10000

Each build runs as its own `python -m exemplar_site build --no-pdf` process, timed from start to
exit; peak memory is the largest resident size of that process or any of its workers. PDFs are
measured by bench/posters.py. The corpus is kept in --dir (default: the system's temp folder)
so that runs can reuse it; never commit it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import run as run_baseline  # noqa: E402
from corpus import Corpus, make_corpus  # noqa: E402

EDITED = "content/e00007.md"


def timed_build(site: Path, jobs: int | None) -> tuple[float, float, str]:
    """Seconds, peak MB and the summary line of one build in a process of its own."""
    command = [sys.executable, "-m", "exemplar_site", "build", "--site", str(site), "--no-pdf"]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{out}{err}")
    peak = max(usage.ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    summary = next((line for line in (out + err).splitlines() if line.startswith("built ")), "")
    return seconds, peak, summary


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
    root = args.dir or Path(tempfile.gettempdir()) / f"exemplar-bench-{args.count}-{args.photos or 'text'}"
    started = time.perf_counter()
    make_corpus(root, corpus)
    print(f"corpus: {args.count} exemplars, photos {args.photos or 'none'} in {root} "
          f"({time.perf_counter() - started:.1f} s to make or reuse)")
    shutil.rmtree(root / "output", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    edited = root / EDITED
    original = edited.read_bytes()
    try:
        for label in ("cold", "nothing changed", "one file edited"):
            if label == "one file edited":
                edited.write_bytes(original + "他的事迹又添新篇。\n".encode())
            seconds, peak, summary = timed_build(root, args.jobs)
            print(f"{label:16} {seconds:6.2f} s  peak {peak:6.0f} MB  | {summary}")
    finally:
        edited.write_bytes(original)
    if args.baseline and corpus.photos:
        print(f"bare Pillow script (2 processes): {run_baseline(root / 'content', args.jobs or 2):.2f} s")


if __name__ == "__main__":
    main()
