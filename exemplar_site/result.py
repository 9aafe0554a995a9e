"""What a build made, and the lines it ends with: kept apart from the builder so that the stamp of an
unchanged build (output/stamp.py) and the command line show a result the same way."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem


@dataclass(frozen=True)
class ProductCount:
    """One product's files in a build: how many the output has, how many this build made (the rest
    came from the cache), how many could not be made here (see the warnings), and whether it was
    left out on purpose (--skip)."""

    name: str
    files: int = 0
    made: int = 0
    missing: int = 0
    skipped: bool = False


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the summary line."""

    out: Path
    exemplars: int
    pages: int
    photos: int
    photos_processed: int
    products: tuple[ProductCount, ...]  # the products with files of their own, in the list's order
    complete: bool  # False: the next build tries the files and characters that could not be made again
    files_written: int
    problems: tuple[Problem, ...]
    seconds: float
    timings: tuple[tuple[str, float], ...] = ()  # seconds per stage, for `build --timings`

    def product(self, name: str) -> ProductCount:
        """The count of one product by its name."""
        return next(p for p in self.products if p.name == name)

    @property
    def files_made(self) -> int:
        """Files of every product made by this build."""
        return sum(p.made for p in self.products)

    @property
    def product_files(self) -> int:
        """Files of every product in the output."""
        return sum(p.files for p in self.products)

    @property
    def files_missing(self) -> int:
        """Files of every product that could not be made here (see the warnings)."""
        return sum(p.missing for p in self.products)

    @property
    def skipped(self) -> tuple[str, ...]:
        """The products left out on purpose (--skip)."""
        return tuple(p.name for p in self.products if p.skipped)

    def unchanged(self, seconds: float) -> BuildResult:
        """This result as a build with nothing changed shows it."""
        from dataclasses import replace

        return replace(self, photos_processed=0, files_written=0, seconds=seconds, timings=(),
                       products=tuple(replace(p, made=0) for p in self.products))


class StageClock:
    """The seconds each stage took, for `build --timings` (a clock reading per stage: free when unused)."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> float:
        now = time.monotonic()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self.last
        self.last = now
        return self.laps[stage]

    def total(self) -> float:
        return time.monotonic() - self.started

    def timings(self) -> tuple[tuple[str, float], ...]:
        return tuple(self.laps.items())


def count(number: int, word: str) -> str:
    """`1 file`, `1,204 files`."""
    return f"{number:,} {word}{'s' * (number != 1)}"


def tally(problems: tuple[Problem, ...] | list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    return f"{count(errors, 'error')}, {count(len(problems) - errors, 'warning')}"


def build_summary(result: BuildResult, timings: bool = False) -> list[str]:
    """The lines `build` ends with: where to open the site, what was made, and (asked for) each stage's time."""
    changed = f"{count(result.files_written, 'file')} updated" if result.files_written else "nothing changed"
    photos = result.photos - result.photos_processed
    lines = [f"open {result.out / 'index.html'} ({changed})",
             f"built {count(result.exemplars, 'exemplar')}: {count(result.pages, 'page')}, "
             f"{count(result.photos, 'photo')} ({result.photos_processed:,} processed, {photos:,} from cache), "
             f"{_products(result)}{tally(result.problems)} in {result.seconds:.1f} s"]
    if timings:
        lines.append("timings: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings))
    return lines


def _products(result: BuildResult) -> str:
    """`posters 11, boards 7, booklets 2 (3 made), ` and `…, skipped: posters, boards, booklets, `."""
    counted = [p for p in result.products if not p.skipped]
    text = ""
    if counted:
        missing = sum(p.missing for p in counted)
        note = f", {missing:,} not made: see the warnings" if missing else ""
        text = ", ".join(f"{p.name} {p.files:,}" for p in counted) + f" ({result.files_made:,} made{note}), "
    if result.skipped:
        text += f"skipped: {', '.join(result.skipped)}, "
    return text
