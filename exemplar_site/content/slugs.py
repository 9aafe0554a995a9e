"""ASCII names for URLs: from a slug key, a file name, or the pinyin of a Chinese name."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80  # a file name must stay well under the 255 bytes file systems allow


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


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """Give each distinct name its own slug; names with the same pinyin get -2, -3 in name order."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        base = slugify(name) or "item"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        result[name] = slug
    return result
