"""`new`: a fresh exemplar file with every key present and a Chinese hint beside each.

A new file starts as a draft (草稿): its deeds are a placeholder until someone writes and approves them.
Its options are read by the content rules of `fields.py`, so `new` takes what a content file takes.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

from .errors import Refused, UsageError
from .fields import KINDS, FieldError, as_choice, as_year
from .model import COLLECTIVE, PERSON
from .settings import Settings
from .slugs import slugify

PLACEHOLDER_DEEDS = "（在此填写先进事迹，1500字以内。空一行开始新的段落。）"
COMMENT_COLUMN = 28
NEW_STATUS = "草稿"  # a draft: never published before someone approves it
PUBLISH_STATUS = "发布"
ORDER_HINTS = {"strokes": "按姓氏笔画", "pinyin": "按姓名拼音", "file": "按文件名"}  # site.toml's `order`


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
    lines = [
        "---",
        _line("name", yaml_text(name), "姓名或集体名称（必填）"),
        _line("type", "集体" if kind == COLLECTIVE else "个人", "类型：个人 或 集体"),
        _line("category", yaml_text(category), "类别（必填），须是 site.toml 中的类别；多个写成 [类别一, 类别二]"),
        _line("unit", yaml_text(unit) if unit else "", "单位（必填）"),
        _line("position", "", "职务，例如：班组长"),
        _line("year", str(year), "年度（必填），例如 2024"),
        _line("level", "", f"级别：{'、'.join(settings.levels)}"),
        _line("honors", "", "荣誉，每行一项，以“  - ”开头，例如下一行（去掉 #）"),
        "#  - 某某市劳动模范",
        _line("photo", "", f"照片：相对本文件的路径，例如 photos/{slug}.jpg"),
        _line("summary", "", "简介：一两句话；不填则取事迹第一段"),
        _line("quote", "", "个人感言"),
        _line("status", NEW_STATUS,
              f"状态：{NEW_STATUS}（未审核，不发布）；审核通过后改为 {PUBLISH_STATUS}；撤下改为 撤销"),
        _line("review_due", "", f"复核日期，例如 {review}"),
        _line("order", "", f"排序：数字小的排在前面；不填则{ORDER_HINTS.get(settings.order, '按姓氏笔画')}"),
        _line("slug", slug, "网址名：小写字母、数字和“-”"),
        _line("private", "", "内部信息（家庭情况、考核情况、电话等），不会发布"),
        "  phone:",
        "---",
        PLACEHOLDER_DEEDS,
        "",
    ]
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
        raise Refused(f"{path} already exists; edit it, or give the new exemplar another name") from None
    return path
