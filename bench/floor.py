"""The bare-WeasyPrint floor of the PDF stage: the fitted print pages of a built output, each
rendered once by plain WeasyPrint, one process per core. Nothing else: no fitting, no cache, no checks.

    .venv/bin/python bench/floor.py OUTPUT_DIR [--jobs N] [--plain]

A print page is an HTML file of the output with its PDF beside it (poster/, board/, booklet/): the
build writes the fitted HTML there, so this lays out exactly what the build's last layout did.
Each page is read from disk (`HTML(filename=…)`, its own folder as the base URL, the same system
fonts), with one FontConfiguration per process. The PDFs are tagged as the build tags them
(PDF/UA-1) unless --plain; they go to a temporary folder and are thrown away.
Prints the seconds, as a line compare.py reads.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from pathlib import Path
from typing import Any

VARIANT = "pdf/ua-1"  # what the build makes (exemplar_site/print/pdf.py PDF_VARIANT)
_worker: dict[str, Any] = {}  # per worker process: its font configuration and where to write


def find_print_pages(output: Path) -> list[Path]:
    """Every HTML page of the output that has a PDF beside it, the largest first (to share them out evenly)."""
    pages = [pdf.with_suffix(".html") for pdf in output.rglob("*.pdf") if pdf.with_suffix(".html").is_file()]
    return sorted(pages, key=lambda p: (-p.stat().st_size, str(p)))


def _start(target: str, plain: bool) -> None:
    from weasyprint.text.fonts import FontConfiguration

    _worker.update(fonts=FontConfiguration(), target=Path(target), plain=plain)


def _render(page: Path) -> int:
    from weasyprint import HTML

    document = HTML(filename=str(page)).render(font_config=_worker["fonts"])
    options = {} if _worker["plain"] else {"pdf_variant": VARIANT}
    target = _worker["target"] / f"{page.parent.name}-{page.stem}.pdf"
    document.write_pdf(str(target), **options)
    return len(document.pages)


def render_floor(output: Path, jobs: int, plain: bool = False) -> tuple[int, int, float]:
    """Render every print page once; how many pages, how many PDF pages, and the seconds it took."""
    import weasyprint  # noqa: F401  (imported before the workers fork, as a build would)

    pages = find_print_pages(output)
    with tempfile.TemporaryDirectory(prefix="floor-") as target:
        started = time.perf_counter()
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start, initargs=(target, plain)) as pool:
            sheets = sum(pool.imap_unordered(_render, pages, chunksize=1))
        return len(pages), sheets, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built output folder (with PDFs)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)")
    parser.add_argument("--plain", action="store_true", help="untagged PDFs (the build makes PDF/UA-1)")
    args = parser.parse_args()
    if not find_print_pages(args.output):
        raise SystemExit(f"{args.output}: no print page with its PDF beside it: build with PDFs first")
    count, sheets, seconds = render_floor(args.output, args.jobs, args.plain)
    print(f"floor: {count} PDFs, {sheets} pages, {args.jobs} processes, {seconds:.2f} s")


if __name__ == "__main__":
    main()
