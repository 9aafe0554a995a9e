"""This project side by side with its anchors, in one run: the four ratios of the README's table.

    .venv/bin/python bench/compare.py                 # all four rows, the full corpora
    .venv/bin/python bench/compare.py --quick         # small corpora: a smoke run
    .venv/bin/python bench/compare.py --only a --runs 3 --dir /tmp/exemplar-bench

(a) cold, 10,000 exemplars, no photos: `build --no-pdf` against `hugo` on the same content.
(b) nothing changed, 200 exemplars with photos: a second build against a second Hugo run.
(c) cold, 200 exemplars with 4000×3000 photos: `build --no-pdf` against `hugo`.
(d) the PDF stage of a cold build of the same 200, `[print] posters = "all"` (cold with PDFs minus
    cold without) against bench/floor.py (bare WeasyPrint) over the fitted print pages it wrote.

Every measured command is a process of its own, timed from start to exit; cold means its output
and caches were deleted first. Each row is the median of --runs paired runs whose order alternates.
Peak memory is the largest resident process (workers included) over the row's runs. The corpora
(bench/corpus.py) are kept in --dir for the next run; what the builds wrote is deleted at the end.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus import Corpus, Folders, clean_outputs, make_corpus
from measure import HUGO_MISSING, Run, find_hugo, hugo_build, project_build, run_timed, summary_line

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Scale:
    """The corpora's sizes."""

    text: int  # exemplars of row (a)
    photos: int  # exemplars of rows (b), (c), (d)
    photo_size: tuple[int, int] = (4000, 3000)


FULL = Scale(10_000, 200)
QUICK = Scale(400, 12)


@dataclass
class Row:
    """One row of the table: what is measured, against what, the target, and the paired runs."""

    key: str
    measure: str
    anchor: str
    target: float
    ours: list[float] = field(default_factory=list)
    theirs: list[float] = field(default_factory=list)
    our_peak: float = 0.0
    their_peak: float = 0.0
    note: str = ""  # printed under the table
    how: str = ""  # after this project's seconds

    def add(self, ours: float, theirs: float, our_peak: float, their_peak: float) -> None:
        self.ours.append(ours)
        self.theirs.append(theirs)
        self.our_peak, self.their_peak = max(self.our_peak, our_peak), max(self.their_peak, their_peak)
        print(f"  ({self.key}) run {len(self.ours)}: {ours:.2f} s against {theirs:.2f} s = "
              f"{ours / theirs:.2f}×", flush=True)

    def cells(self) -> list[str]:
        ratios = [o / t for o, t in zip(self.ours, self.theirs, strict=True)]
        ratio = statistics.median(ratios)
        spread = f" ({min(ratios):.2f}–{max(ratios):.2f})" if len(ratios) > 1 else ""
        verdict = "met" if ratio <= self.target else "not yet"
        how = f" ({self.how})" if self.how else ""
        return [f"({self.key}) {self.measure}", f"**{ratio:.2f}×**{spread}",
                f"{statistics.median(self.ours):.2f} s{how}", f"{self.anchor} {statistics.median(self.theirs):.2f} s",
                f"≤ {self.target:g}× ({verdict})", f"{self.our_peak:,.0f} MB / {self.their_peak:,.0f} MB"]


def alternate(number: int, steps: list[Callable[[], None]]) -> None:
    """Run the steps of paired run `number`: in reverse order every other time."""
    for step in steps if number % 2 == 0 else steps[::-1]:
        step()


def log(label: str, run: Run) -> Run:
    print(f"    {label}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB  {summary_line(run.output)}", flush=True)
    return run


def row_a(folders: Folders, hugo: Path, runs: int, count: int) -> Row:
    row = Row("a", f"cold, {count:,} exemplars, no photos", "Hugo", 1.5)
    ours: list[Run] = []
    theirs: list[Run] = []

    def project() -> None:
        clean_outputs(folders)
        ours.append(log("build --no-pdf, cold", run_timed(project_build(folders.site))))

    def anchor() -> None:
        clean_outputs(folders)
        theirs.append(log("hugo, cold", run_timed(hugo_build(hugo, folders.hugo))))

    for number in range(runs):
        alternate(number, [project, anchor])
        row.add(ours[-1].seconds, theirs[-1].seconds, ours[-1].peak_mb, theirs[-1].peak_mb)
    return row


def rows_bc(folders: Folders, hugo: Path, runs: int, count: int, size: tuple[int, int]) -> tuple[Row, Row]:
    """Cold builds (c), each followed by a build with nothing changed (b)."""
    photos = f"{size[0]}×{size[1]}"
    cold = Row("c", f"cold, {count} exemplars with {photos} photos", "Hugo", 0.15)
    again = Row("b", f"nothing changed, {count} exemplars with {photos} photos", "Hugo", 0.5)
    results: dict[str, list[Run]] = {"ours": [], "theirs": []}

    def twice(name: str, label: str, command: list[str]) -> Callable[[], None]:
        def step() -> None:
            clean_outputs(folders)
            results[name].append(log(f"{label}, cold", run_timed(command)))
            results[name].append(log(f"{label}, nothing changed", run_timed(command)))
        return step

    steps = [twice("ours", "build --no-pdf", project_build(folders.site)),
             twice("theirs", "hugo", hugo_build(hugo, folders.hugo))]
    for number in range(runs):
        alternate(number, steps)
        (our_cold, our_again), (their_cold, their_again) = results["ours"][-2:], results["theirs"][-2:]
        cold.add(our_cold.seconds, their_cold.seconds, our_cold.peak_mb, their_cold.peak_mb)
        again.add(our_again.seconds, their_again.seconds, our_again.peak_mb, their_again.peak_mb)
    return again, cold


def row_d(folders: Folders, runs: int, count: int) -> Row:
    """The PDF stage (cold with PDFs minus cold without) against the bare-WeasyPrint floor."""
    measure = f'the PDF stage of a cold build, {count} exemplars with photos, `[print] posters = "all"`'
    row = Row("d", measure, "bare WeasyPrint", 1.3, how="cold with PDFs minus cold without")
    site = folders.print_site
    with_pdf, without = site / "output-pdf", site / "output-text"
    runs_of: dict[str, list[Run]] = {"pdf": [], "text": [], "floor": []}

    def cold(name: str, out: Path, pdf: bool) -> Callable[[], None]:
        def step() -> None:
            shutil.rmtree(site / ".cache", ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            label = "build, cold" if pdf else "build --no-pdf, cold"
            runs_of[name].append(log(label, run_timed(project_build(site, out, pdf=pdf))))
        return step

    def floor() -> None:
        run = run_timed([sys.executable, str(HERE / "floor.py"), str(with_pdf)])
        runs_of["floor"].append(log("floor.py", run))
        row.note = next((line for line in run.output.splitlines() if line.startswith("floor:")), "")
        counts = re.search(r"(\d+) PDFs, (\d+) pages", row.note)
        if counts:
            row.measure = f"{measure} ({counts[1]} PDFs, {counts[2]} pages)"

    steps = [cold("pdf", with_pdf, True), cold("text", without, False), floor]
    for number in range(runs):
        alternate(number, steps)
        pdf, text, bare = (runs_of[name][-1] for name in ("pdf", "text", "floor"))
        row.add(pdf.seconds - text.seconds, bare.seconds, pdf.peak_mb, bare.peak_mb)
    return row


def print_table(rows: list[Row], runs: int) -> None:
    print(f"\nmedian of {runs} paired run{'s' if runs > 1 else ''}; peak memory: largest resident process "
          "(this project / anchor)\n")
    header = ["measure", "ratio now", "this project", "anchor", "target", "peak memory (this project / anchor)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in sorted(rows, key=lambda r: r.key):
        print("| " + " | ".join(row.cells()) + " |")
    for row in rows:
        if row.note:
            print(f"\n({row.key}) {row.note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"small corpora ({QUICK.text} and {QUICK.photos})")
    parser.add_argument("--only", default="a,b,c,d", help="rows to measure, e.g. a,c")
    parser.add_argument("--runs", type=int, default=1, help="paired runs per row (their median is shown)")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "exemplar-bench",
                        help="where the corpora are kept between runs (never the repository)")
    parser.add_argument("--hugo", type=Path, default=None, help="the Hugo binary (default: the `hugo` package's)")
    parser.add_argument("--keep", action="store_true", help="keep what the builds wrote (outputs, caches)")
    args = parser.parse_args()
    only = {key.strip() for key in args.only.split(",") if key.strip()}
    if not only <= set("abcd"):
        parser.error(f"--only takes a, b, c and d, not {','.join(sorted(only - set('abcd')))}")
    scale = QUICK if args.quick else FULL
    hugo = args.hugo or find_hugo()
    if only & set("abc") and (hugo is None or not hugo.is_file()):
        raise SystemExit(HUGO_MISSING)
    made: list[Folders] = []

    def corpus(count: int, size: tuple[int, int]) -> Folders:
        name = f"{count}-{size[0]}x{size[1]}" if size[0] else f"{count}-text"
        photos = f"{size[0]}×{size[1]}" if size[0] else "none"
        print(f"corpus: {count:,} exemplars, photos {photos} in {args.dir / name}", flush=True)
        made.append(make_corpus(args.dir / name, Corpus(count, *size)))
        return made[-1]

    rows: list[Row] = []
    try:
        if "a" in only:
            rows.append(row_a(corpus(scale.text, (0, 0)), hugo, args.runs, scale.text))
        if only & {"b", "c", "d"}:
            photos = corpus(scale.photos, scale.photo_size)
            if only & {"b", "c"}:
                rows += [r for r in rows_bc(photos, hugo, args.runs, scale.photos, scale.photo_size)
                         if r.key in only]
            if "d" in only:
                rows.append(row_d(photos, args.runs, scale.photos))
    finally:
        if not args.keep:
            for folders in made:
                clean_outputs(folders)
    print_table(rows, args.runs)


if __name__ == "__main__":
    main()
