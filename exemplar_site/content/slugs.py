"""ASCII names for URLs: from a slug key, a file name, or the pinyin of a Chinese name."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TypeVar

from ..urls import RESERVED_SLUGS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80  # a file name must stay well under the 255 bytes file systems allow
K = TypeVar("K")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-': pinyin for Chinese, letters and digits kept."""
    words: list[str] = []
    parts = [text] if text.isascii() else _pinyin()(text)
    for part in parts:
        ascii_part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        words.extend(w for w in re.split(r"[^a-z0-9]+", ascii_part.lower()) if w)
    slug = "-".join(words)
    if len(slug) > MAX_SLUG:  # an over-long name or unit: its start, and a digest to keep it unique
        slug = slug[:MAX_SLUG - 9].rstrip("-") + "-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return slug


@functools.cache
def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin, imported on first use: its dictionaries take a tenth of a second to load."""
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: chars)


def is_ascii_name(text: str) -> bool:
    """True when a file name can serve as a slug as it is (ASCII only)."""
    return text.isascii() and bool(slugify(text))


@dataclass(frozen=True)
class Claim:
    """An automatic address wanted: its base slug, its rank among namesakes and the marks that tell it apart."""

    base: str
    rank: tuple[object, ...]  # the first namesake by rank keeps the base (a unique rank: it ends in a path or name)
    marks: tuple[str, ...]  # tried in turn; the last is unique to this claim (a code of its file or name)


def short_code(text: str) -> str:
    """Six hex digits of the text's digest: the same text gives the same code on every machine, in every build."""
    return hashlib.sha256(text.encode()).hexdigest()[:6]


def tell_apart(claims: Mapping[K, Claim], taken: AbstractSet[str] = frozenset()) -> dict[K, str]:
    """Give every claim its own slug, by a rule that looks only at the claims that share its base.

    A claim alone with its base keeps it, whatever else exists. Claims that share a base (namesakes,
    or names with the same pinyin): the first by rank keeps the base (unless `taken`, e.g. by an
    explicit slug) and each other one adds its first mark that no namesake shares. So adding or
    removing a file changes no address but its namesakes' (and then only when it ranks first or
    shares a mark); the callers warn about every namesake so that staff pin the address with
    `slug:` before QR codes are printed.
    """
    groups: dict[str, list[K]] = {}
    for key, claim in claims.items():
        groups.setdefault(claim.base, []).append(key)
    occupied = set(taken) | set(groups)
    result: dict[K, str] = {}
    for base, keys in groups.items():
        ranked = sorted(keys, key=lambda key: claims[key].rank)
        for position, key in enumerate(ranked):
            marks = claims[key].marks
            if position == 0 and base not in taken:
                result[key] = base
                continue
            shared = {mark for other in keys if other != key for mark in claims[other].marks}
            slug = f"{base}-{next((m for m in marks if m not in shared), marks[-1])}"
            # `zhang-wei-2025` may be another file's own name or slug: then the unique code tells them apart
            result[key] = slug if slug not in occupied else f"{base}-{marks[-1]}"
    return result


def unit_slugs(first_years: Mapping[str, int]) -> dict[str, str]:
    """Each unit's slug, given the earliest year each unit is on the roll.

    Units whose names give one slug (`一车间`, `一 车间`): the one on the roll since the earliest year
    (then by name) keeps it, each other adds a code of its name; so a unit that appears later never
    takes the address of one already printed. `index` is the list of units: such a unit adds its code.
    """
    claims = {unit: Claim(slugify(unit) or "item", (year, unit), (short_code(unit),))
              for unit, year in first_years.items()}
    return tell_apart(claims, taken=RESERVED_SLUGS)
