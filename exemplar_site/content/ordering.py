"""The order of names on every list: by strokes (按姓氏笔画), by pinyin, or by file name.

Official lists sort by the stroke count of the surname, then of each following character
(Unihan's total stroke counts, from the `strokes` package). Characters without a stroke count
(Latin letters, digits) come after all Han characters at the same position. Equal keys fall back
to the pinyin, then to the text itself, so the order never depends on the order files were read.
The orders' names are settings' (`order` in site.toml, setting_keys.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from ..setting_keys import ORDERS
from .slugs import slugify


@functools.cache
def _stroke_table() -> Callable[[str], int]:
    from strokes import strokes  # loads a 94,000-character table: only when this order is used

    return strokes


def stroke_key(name: str) -> tuple[tuple[int, int, int], ...]:
    """Per character: (0, strokes, code point) for Han characters, (1, 0, code point) for others."""
    count = _stroke_table()
    key = []
    for char in name.strip():
        strokes = count(char) if not char.isascii() else 0
        key.append((0, strokes, ord(char)) if strokes else (1, 0, ord(char.lower())))
    return tuple(key)


def name_key(name: str, order: str, source: str = "", pinyin: str = "") -> tuple:
    """How one name (of a person, a team or a unit) sorts under `order`; `pinyin` if already known."""
    if order not in ORDERS:  # settings checked it: a caller's mistake, never staff's
        raise ValueError(f"unknown order {order!r}")
    pinyin = pinyin or slugify(name)
    if order == "file":
        return (source, pinyin, name)
    if order == "strokes":
        return (stroke_key(name), pinyin, name)
    return (pinyin, name)
