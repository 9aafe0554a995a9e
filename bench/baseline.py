"""The yardstick: a bare Pillow script doing the photo work of a build, nothing more.

    .venv/bin/python bench/baseline.py CONTENT_DIR [--jobs 2]

For every JPEG in the folder it decodes once in JPEG draft mode (the smallest scale that still
covers the largest size), turns it upright, cuts it to 3:4 and writes the four sizes the site
uses, in worker processes. No pages, no cache, no checks. Prints the seconds it took.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps

SIZES = ((240, 320), (480, 640), (720, 960), (900, 1200))


def work(task: tuple[Path, Path]) -> None:
    source, out = task
    with Image.open(source) as image:
        image.draft("RGB", (1200, 1200))
        image = ImageOps.exif_transpose(image).convert("RGB")
    width, height = image.size
    crop_width = min(width, height * 3 // 4)
    crop_height = crop_width * 4 // 3
    left = (width - crop_width) // 2
    image = image.crop((left, 0, left + crop_width, crop_height))
    for size in SIZES:
        image.resize(size, Image.Resampling.LANCZOS).save(out / f"{source.stem}-{size[0]}.jpg", quality=85)


def run(content: Path, jobs: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        tasks = [(path, Path(out)) for path in sorted(content.rglob("*.jpg"))]
        started = time.perf_counter()
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(work, tasks, chunksize=4))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    print(f"bare Pillow script: {run(args.content, args.jobs):.2f} s")


if __name__ == "__main__":
    main()
