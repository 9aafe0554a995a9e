"""The front matter schema: keys and their Chinese aliases, and the rules each value must meet."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from .errors import Problem, error
from .model import COLLECTIVE, DRAFT, PERSON, PUBLISHED, RETIRED

# canonical key -> aliases staff may write instead
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名称"),
    "type": ("类型",),
    "category": ("类别",),
    "unit": ("单位",),
    "position": ("职务",),
    "year": ("年度",),
    "level": ("级别",),
    "honors": ("荣誉", "honours"),
    "photo": ("照片",),
    "summary": ("简介",),
    "quote": ("感言",),
    "status": ("状态",),
    "review_due": ("复核日期",),
    "order": ("排序",),
    "slug": (),
    "private": ("内部",),
}
REQUIRED = ("name", "category", "unit", "year")
CANONICAL = {alias: key for key, aliases in ALIASES.items() for alias in (key, *aliases)}
KINDS = {"person": PERSON, "个人": PERSON, "collective": COLLECTIVE, "集体": COLLECTIVE}
STATUSES = {"published": PUBLISHED, "发布": PUBLISHED, "draft": DRAFT, "草稿": DRAFT,
            "retired": RETIRED, "撤销": RETIRED}
_YEAR = re.compile(r"^\s*(\d{4})\s*(?:年度?)?\s*$")
_CHINESE_QUOTES = (("“", "”"), ("‘", "’"))
_INTEGER = re.compile(r"^\s*[-+]?\d+\s*$")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class FieldError(Exception):
    """A value breaks its key's rule; the message is shown after the key's name."""


@dataclass(frozen=True)
class Field:
    """A checked value with the line it came from."""

    value: Any
    line: int


def describe(key: str) -> str:
    """Name a key with its Chinese alias so staff recognise it: `unit (单位)`."""
    aliases = [a for a in ALIASES.get(key, ()) if not a.isascii()]
    return f"{key} ({'/'.join(aliases)})" if aliases else key


def nearest_key(key: str) -> str | None:
    """The known key (English or Chinese) closest to a misspelt one."""
    close = difflib.get_close_matches(key.lower(), list(CANONICAL), n=1, cutoff=0.5)
    return close[0] if close else None


def as_text(value: Any) -> str:
    """One line or paragraph of text; numbers and words are kept exactly as written."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise FieldError("must be a single text, not a list or mapping")
    return _unquoted(str(value).strip())


def _unquoted(text: str) -> str:
    """`“李四”` → `李四`: Chinese quotes around a whole value are not part of it (YAML keeps them)."""
    for opening, closing in _CHINESE_QUOTES:
        inner = text[1:-1]
        if len(text) > 2 and text[0] == opening and text[-1] == closing and opening not in inner \
                and closing not in inner:
            return inner.strip()
    return text


def as_texts(value: Any) -> tuple[str, ...]:
    """A text or a list of texts."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items:
        if isinstance(item, (list, dict)):
            raise FieldError("must be a text or a list of texts (one per line, starting with '- ')")
        if item is not None and _unquoted(str(item).strip()):
            texts.append(_unquoted(str(item).strip()))
    return tuple(texts)


def as_year(value: Any) -> int | None:
    """`2024`, `2024年` or `2024年度`."""
    text = as_text(value)
    if not text:
        return None
    match = _YEAR.match(text)
    if not match or not 1900 <= int(match.group(1)) <= 2999:
        raise FieldError(f"must be a year such as 2024 or 2024年, not '{text}'")
    return int(match.group(1))


def as_integer(value: Any) -> int | None:
    text = as_text(value)
    if not text:
        return None
    if not _INTEGER.match(text):
        raise FieldError(f"must be a whole number, not '{text}'")
    return int(text)


def as_date(value: Any) -> dt.date | None:
    """`2025-06-30`, `2025/6/30` or `2025年6月30日`."""
    text = as_text(value)
    if not text:
        return None
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise FieldError(f"must be a date such as 2025-06-30, not '{text}'") from None


def as_choice(value: Any, choices: dict[str, str], default: str) -> str:
    text = as_text(value)
    if not text:
        return default
    if text.lower() in choices:
        return choices[text.lower()]
    raise FieldError(f"must be one of {', '.join(choices)}, not '{text}'")


def as_slug(value: Any) -> str:
    text = as_text(value)
    if text and not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", text):
        raise FieldError(f"must be lower-case ASCII letters, digits and '-', e.g. zhang-wei, not '{text}'")
    return text


def missing_key(path: str, key: str) -> Problem:
    """The error for a required key that is absent or empty."""
    return error(path, 1, f"missing required key {describe(key)}: add a line '{key}: ...'"
                 " to the front matter")
