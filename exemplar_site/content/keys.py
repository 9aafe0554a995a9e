"""The front matter schema: one table of keys (aliases, rules, hints) that loading, `new`, `import`
and the README read, and the rules each value must meet."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, error
from ..model import COLLECTIVE, DRAFT, PERSON, PUBLISHED, RETIRED
from ..setting_keys import DEFAULT_ORDER, ORDER_CHOICES

KINDS = {"person": PERSON, "个人": PERSON, "collective": COLLECTIVE, "集体": COLLECTIVE}
STATUSES = {"published": PUBLISHED, "发布": PUBLISHED, "draft": DRAFT, "草稿": DRAFT,
            "retired": RETIRED, "撤销": RETIRED}
_YEAR = re.compile(r"^\s*(\d{4})\s*(?:年度?)?\s*$")
_CHINESE_QUOTES = (("“", "”"), ("‘", "’"))
_INTEGER = re.compile(r"^\s*[-+]?\d+\s*$")
_HONOUR_MARKS = re.compile("[；;、]")  # how honours are run together on one line (import splits on them too)
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class FieldError(Exception):
    """A value breaks its key's rule; the message is shown after the key's name."""


@dataclass(frozen=True)
class Field:
    """A checked value with the line it came from."""

    value: Any
    line: int


# Words of keys that hold personal details: they belong under `private`, never a near-miss of a public key.
_PERSONAL = ("phone", "tel", "mobile", "email", "address", "id", "birth", "电话", "手机", "邮箱", "地址", "住址",
             "身份证", "出生", "家庭", "联系", "籍贯", "民族", "政治面貌", "学历")
_PRIVATE = "'private:' or '内部:'"


def unknown_key_hint(key: str) -> str:
    """What to say of a key that is not in the table: where personal details go, or the closest known key.

    A near-miss of a personal word (`phne`) is compared with those words first: `type` is no help there.
    The caller's message says that an unknown key is never published: the hint does not say it again.
    """
    words = key.lower().replace("-", "_").split("_")
    if any(word == w or (len(w) > 2 and word.startswith(w)) for word in words for w in _PERSONAL if w.isascii()) \
            or any(w in key for w in _PERSONAL if not w.isascii()):
        return f"; personal details go indented under {_PRIVATE}"
    personal = [w for w in _PERSONAL if w.isascii() and len(w) > 3]
    close = difflib.get_close_matches(key.lower(), personal, n=1, cutoff=0.75)
    if close:
        return f"; a personal detail such as '{close[0]}' goes indented under {_PRIVATE}"
    close = difflib.get_close_matches(key.lower(), list(CANONICAL), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


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


def as_honours(value: Any) -> tuple[str, ...]:
    """Like as_texts; one text with `；` or `、` in it is several honours typed on one line (see honours_note)."""
    if isinstance(value, list):
        return as_texts(value)
    return tuple(part for text in as_texts(value) for part in (p.strip() for p in _HONOUR_MARKS.split(text)) if part)


def honours_note(value: Any) -> str | None:
    """What to say when one text was read as several honours, so a wrong split is seen and undone."""
    parts = as_honours(value) if isinstance(value, str) else ()
    if len(parts) < 2:
        return None
    return (f"'{value.strip()}' was read as {len(parts)} honours ({' / '.join(parts)}): write one per line "
            f"below 'honors:', each starting with '- ' (an honour that contains '、' stays whole on such a line)")


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


@dataclass(frozen=True)
class Key:
    """One front-matter key: how staff may write it, how its value is read, and how it is explained."""

    name: str
    aliases: tuple[str, ...]  # Chinese (and other) names staff may write instead
    convert: Callable[[Any], Any] | None  # the rule; None: a mapping, checked on its own
    write: str  # what to write, for the README
    rule: str  # required, default or what happens when left out, for the README
    hint: str  # the Chinese hint `new` writes beside the key ({levels}, {slug}, {review}, {order} filled in)
    default: Any = None
    required: bool = False
    column: bool = True  # a column of the recommendation spreadsheet (`import`)
    note: Callable[[Any], str | None] | None = None  # a warning on how the value was read, if any


KEYS: tuple[Key, ...] = (
    Key("name", ("姓名", "名称"), as_text, "the person's or collective's name", "required",
        "姓名或集体名称（必填）", required=True),
    Key("type", ("类型",), lambda v: as_choice(v, KINDS, PERSON), "`person`/`个人` or `collective`/`集体`",
        "default `person`", "类型：个人 或 集体", default=PERSON),
    Key("category", ("类别",), as_texts, "one category, or a list `[道德模范, 爱岗敬业]`",
        "required; each must be in site.toml", "类别（必填），须是 site.toml 中的类别；多个写成 [类别一, 类别二]",
        required=True),
    Key("unit", ("单位",), as_text, "employer or department", "required", "单位（必填）", required=True),
    Key("position", ("职务",), as_text, "job title", "optional", "职务，例如：班组长"),
    Key("year", ("年度",), as_year, "`2025`, `2025年` or `2025年度`: the roll it belongs to", "required",
        "年度（必填），例如 2024", required=True),
    Key("level", ("级别",), as_text, "one of site.toml's `levels`", "optional", "级别：{levels}"),
    Key("honors", ("荣誉", "honours"), as_honours, "one text, or a list (one per line, starting with `- `)",
        "optional", "荣誉，每行一项，以“  - ”开头，例如下一行（去掉 #）", note=honours_note),
    Key("photo", ("照片",), as_text, "path relative to the Markdown file, with `/`",
        "optional; without it a placeholder shows the surname", "照片：相对本文件的路径，例如 photos/{slug}.jpg"),
    Key("summary", ("简介",), as_text, "one or two sentences", "optional; else the deeds' first paragraph",
        "简介：一两句话；不填则取事迹第一段"),
    Key("quote", ("感言",), as_text, "the personal testimonial", "optional", "个人感言"),
    Key("status", ("状态",), lambda v: as_choice(v, STATUSES, PUBLISHED),
        "`published`/`发布`, `draft`/`草稿`, `retired`/`撤销`", "default `published`",
        "状态：{new_status}（未审核，不发布）；审核通过后改为 {publish_status}；撤下改为 撤销", default=PUBLISHED),
    Key("review_due", ("复核日期",), as_date, "`2026-06-30`, `2026/6/30` or `2026年6月30日`",
        "optional; a past date is a warning", "复核日期，例如 {review}"),
    Key("order", ("排序",), as_integer, "whole number, lower first within a category",
        f"optional; else by site.toml's `order` (default `{DEFAULT_ORDER}`: {ORDER_CHOICES[0].meaning})",
        "排序：数字小的排在前面；不填则{order}", column=False),
    Key("slug", (), as_slug, "lower-case ASCII for the page's address, e.g. `lin-xiaolan`",
        "optional; else the file name when ASCII, else the name's pinyin (`张伟.md` → `zhang-wei`)",
        "网址名：小写字母、数字和“-”", column=False),
    Key("private", ("内部",), None, "indented `key: value` lines: family situation, assessments, phone numbers",
        "**never published anywhere**", "内部信息（家庭情况、考核情况、电话等），不会发布", column=False),
)
KEY = {key.name: key for key in KEYS}
REQUIRED = tuple(key.name for key in KEYS if key.required)
CANONICAL = {alias: key.name for key in KEYS for alias in (key.name, *key.aliases)}
LIST_KEYS = frozenset(alias for key in KEYS if key.convert in (as_texts, as_honours)
                      for alias in (key.name, *key.aliases))  # keys whose value may be a list of lines
COLUMNS = tuple(key.name for key in KEYS if key.column)  # the spreadsheet's columns, besides the deeds


def readme_table() -> str:
    """The README's table of keys, made from KEYS."""
    rows = ["| key | alias | what to write | rule |", "|---|---|---|---|"]
    for key in KEYS:
        aliases = " / ".join(f"`{a}`" for a in key.aliases if not a.isascii()) or "—"
        rows.append(f"| `{key.name}` | {aliases} | {key.write} | {key.rule} |")
    return "\n".join(rows) + "\n"


def describe(key: str) -> str:
    """Name a key with its Chinese alias so staff recognise it: `unit (单位)`."""
    aliases = [a for a in KEY[key].aliases if not a.isascii()] if key in KEY else []
    return f"{key} ({'/'.join(aliases)})" if aliases else key


def missing_key(path: str, key: str, line: int | None = None) -> Problem:
    """The error for a required key that is absent (no line) or written with nothing after it."""
    if line is not None:
        return error(path, line, f"{describe(key)} is empty: it is required; write it after '{key}:'")
    return error(path, 1, f"missing required key {describe(key)}: add a line '{key}: ...'"
                 " to the front matter")
