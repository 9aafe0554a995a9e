"""The check report: what staff need to see before publishing, as text or as JSON for other tools;
and the summary a build ends with.

Pure: it reads the checked content (or the build's result) and today's date, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from ..content.load import MAX_DEEDS_CHARS
from ..errors import Problem
from ..model import DRAFT, Exemplar
from ..photos.process import crop_box
from ..photos.sizes import POSTER
from ..result import build_summary, count, tally

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Item:
    """One exemplar named in a list of the report, with what is to be done about it."""

    path: str
    name: str
    detail: str


@dataclass(frozen=True)
class Report:
    exemplars: int
    errors: int
    warnings: int
    by_year: dict[str, int]
    by_category: dict[str, int]
    by_level: dict[str, int]
    by_status: dict[str, int]
    by_type: dict[str, int]
    drafts: tuple[Item, ...]
    reviews_overdue: tuple[Item, ...]
    reviews_due_soon: tuple[Item, ...]
    long_deeds: tuple[Item, ...]
    missing_photos: tuple[Item, ...]
    small_photos: tuple[Item, ...]
    problems: tuple[Problem, ...]
    not_counted: int = 0  # content files with errors: not in any count until they are put right

    def as_dict(self) -> dict:
        return asdict(self)


def make_report(exemplars: Iterable[Exemplar], problems: Iterable[Problem], categories: Sequence[str],
                levels: Sequence[str], today: dt.date) -> Report:
    """Counts and to-do lists over the exemplars that loaded (files with errors are in `problems`)."""
    exemplars = sorted(exemplars, key=lambda e: e.source)
    problems = tuple(problems)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    errors = sum(p.is_error for p in problems)
    return Report(
        exemplars=len(exemplars),
        errors=errors,
        warnings=len(problems) - errors,
        by_year={str(y): n for y, n in sorted(Counter(e.year for e in exemplars).items(), reverse=True)},
        by_category=_in_order(categories, (c for e in exemplars for c in e.categories)),
        by_level=_in_order([*levels, ""], (e.level for e in exemplars), blank="(none)"),
        by_status=dict(sorted(Counter(e.status for e in exemplars).items())),
        by_type=dict(sorted(Counter(e.kind for e in exemplars).items())),
        drafts=tuple(Item(e.source, e.name, f"{e.year} · {'、'.join(e.categories)}")
                     for e in exemplars if e.status == DRAFT),
        reviews_overdue=tuple(Item(e.source, e.name, f"review was due {e.review_due.isoformat()}")
                              for e in exemplars if e.review_due and e.review_due < today),
        reviews_due_soon=tuple(Item(e.source, e.name, f"review due {e.review_due.isoformat()}")
                               for e in exemplars if e.review_due and today <= e.review_due <= soon),
        long_deeds=tuple(Item(e.source, e.name, f"{e.deeds_length:,} characters (limit {MAX_DEEDS_CHARS:,})")
                         for e in exemplars if e.deeds_length > MAX_DEEDS_CHARS),
        missing_photos=tuple(Item(e.source, e.name, "no photo: a placeholder is drawn")
                             for e in exemplars if e.photo is None),
        small_photos=tuple(Item(e.source, e.name, detail) for e in exemplars
                           if (detail := _too_small(e)) is not None),
        problems=problems,
        not_counted=len({p.path for p in problems if p.is_error and p.path.startswith("content/")}
                        - {e.source for e in exemplars}),
    )


def _in_order(order: Sequence[str], values: Iterable[str], blank: str = "") -> dict[str, int]:
    """Counts in the order site.toml gives (then any others), leaving out zeros."""
    counts = Counter(values)
    keys = [*order, *sorted(k for k in counts if k not in order)]
    return {(key or blank): counts[key] for key in dict.fromkeys(keys) if counts[key]}


def _too_small(exemplar: Exemplar) -> str | None:
    """Why the photo would print blurred on the poster, or None when it is large enough."""
    photo = exemplar.photo
    if photo is None:
        return None
    left, top, right, bottom = crop_box(photo.width, photo.height)
    width, height = right - left, bottom - top
    if width >= POSTER.width and height >= POSTER.height:
        return None
    return (f"{photo.rel} is {photo.width}×{photo.height}: its 3:4 cut is {width}×{height}, the poster needs "
            f"at least {POSTER.width}×{POSTER.height}")


def report_lines(report: Report) -> list[str]:
    """The report as text for the terminal."""
    lines = [
        f"{report.exemplars:,} exemplar{'s' * (report.exemplars != 1)}"
        + (f" (and {count(report.not_counted, 'file')} with errors, not counted below)" if report.not_counted else ""),
        _counts("by year", report.by_year),
        _counts("by category", report.by_category),
        _counts("by level", report.by_level),
        _counts("by status", report.by_status),
        _counts("by type", report.by_type),
    ]
    for title, items in (
        ("drafts waiting for approval", report.drafts),
        ("reviews (复核) overdue", report.reviews_overdue),
        (f"reviews due in the next {DUE_SOON_DAYS} days", report.reviews_due_soon),
        (f"deeds over {MAX_DEEDS_CHARS:,} characters", report.long_deeds),
        ("without a photo", report.missing_photos),
        ("photos too small to print on the poster", report.small_photos),
    ):
        lines.append(f"{title}: {len(items)}")
        lines.extend(f"  {item.path}  {item.name}: {item.detail}" for item in items)
    return lines


def _counts(title: str, counts: dict[str, int]) -> str:
    return f"{title}: " + (" · ".join(f"{key} {value}" for key, value in counts.items()) or "none")


__all__ = ["Item", "Report", "build_summary", "count", "make_report", "report_lines", "tally"]
