"""`new`: a fresh exemplar file with every key present and a Chinese hint beside each.

A new file starts as a draft (草稿): its deeds are a placeholder until someone writes and approves them.
Its keys and hints come from the table of keys (content/keys.py), and its options are read by the
content rules, so `new` takes what a content file takes.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

from ..content.deeds import PLACEHOLDER_DEEDS
from ..content.keys import KEYS, KINDS, FieldError, as_choice, as_year
from ..content.slugs import slugify
from ..errors import Refused, UsageError
from ..model import COLLECTIVE, PERSON
from ..setting_keys import DEFAULT_ORDER, ORDER_CHOICES
from ..settings import Settings

COMMENT_COLUMN = 28
NEW_STATUS = "草稿"  # a draft: never published before someone approves it
PUBLISH_STATUS = "发布"
EXAMPLE_LINES = {"honors": ("#  - 某某市劳动模范",), "private": ("  phone:",)}  # shown below the key
ORDER_HINTS = {choice.value: choice.hint for choice in ORDER_CHOICES}  # site.toml's `order`, in Chinese


def yaml_text(value: str) -> str:
    """Quote a value only when YAML would not keep it as plain text."""
    plain = value and all(c not in value for c in ":#[]{},&*!|>'\"%@`") and value.strip() == value
    return value if plain and value[0] not in "-?" else json.dumps(value, ensure_ascii=False)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _line(key: str, value: str, comment: str) -> str:
    """`key: value` with its hint aligned in one column, as CJK text is displayed."""
    text = f"{key}: {value}" if value else f"{key}:"
    return f"{text}{' ' * max(1, COMMENT_COLUMN - _width(text))}# {comment}"


def render_new_file(settings: Settings, name: str, category: str, unit: str, year: int, kind: str,
                    slug: str, today: dt.date) -> str:
    """The text of a new exemplar file."""
    review = dt.date(today.year + 1, today.month, min(today.day, 28)).isoformat()
    values = {"name": yaml_text(name), "type": "集体" if kind == COLLECTIVE else "个人",
              "category": yaml_text(category), "unit": yaml_text(unit) if unit else "", "year": str(year),
              "status": NEW_STATUS, "slug": slug}
    fill = {"levels": "、".join(settings.levels), "slug": slug, "review": review, "new_status": NEW_STATUS,
            "publish_status": PUBLISH_STATUS, "order": ORDER_HINTS.get(settings.order, ORDER_HINTS[DEFAULT_ORDER])}
    lines = ["---"]
    for key in KEYS:
        lines.append(_line(key.name, values.get(key.name, ""), key.hint.format(**fill)))
        lines.extend(EXAMPLE_LINES.get(key.name, ()))
    lines += ["---", PLACEHOLDER_DEEDS, ""]
    return "\n".join(lines)


def read_options(year: str | int | None, kind: str) -> tuple[int | None, str]:
    """`--year` and `--type` read by the same rules as a content file's `year` and `type`."""
    try:
        roll = as_year(year)
    except FieldError as exc:
        raise UsageError(f"--year {exc}") from None
    try:
        return roll, as_choice(kind, KINDS, PERSON)
    except FieldError as exc:
        raise UsageError(f"--type {exc}") from None


def new_exemplar(settings: Settings, name: str, category: str, unit: str = "", year: str | int | None = None,
                 kind: str = PERSON, today: dt.date | None = None) -> Path:
    """Write content/<slug>.md for a new exemplar, as a draft, and return its path; never overwrite."""
    name = name.strip()
    if not name:
        raise UsageError("the name must not be empty")
    found = settings.category(category.strip())
    if found is None:
        known = ", ".join(c.name for c in settings.categories)
        raise UsageError(f"unknown category '{category}'; site.toml has: {known}")
    roll, kind = read_options(year, kind)
    today = today or dt.date.today()
    slug = slugify(name) or "exemplar"
    path = settings.content_dir / f"{slug}.md"
    text = render_new_file(settings, name, found.name, unit.strip(), roll or settings.year or today.year,
                           kind, slug, today)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise Refused(f"{path} already exists; edit it, or, for another exemplar of the same name, copy it to "
                      f"{path.with_name(f'{slug}-2.md')} and edit that") from None
    return path
