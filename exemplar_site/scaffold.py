"""`new`: a fresh exemplar file with every key present and a Chinese hint beside each."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .errors import Refused, UsageError
from .settings import Settings
from .slugs import slugify

TEMPLATE = """\
---
name: {name}                # 姓名或集体名称（必填）
type: {kind}                  # 类型：个人 或 集体
category: {category}          # 类别（必填），须是 site.toml 中的类别；多个类别写成 [类别一, 类别二]
unit: {unit}                # 单位（必填）
position:                   # 职务，例如：班组长
year: {year}                  # 年度（必填），例如 2024
level:                      # 级别：{levels}
honors:                     # 荣誉，每行一项，以“- ”开头，例如：
#  - 某某市劳动模范
photo:                      # 照片：与本文件相对的路径，例如 photos/{slug}.jpg
summary:                    # 简介：一两句话；不填则取事迹第一段
quote:                      # 个人感言
status: 发布                # 状态：发布、草稿（未审核，不发布）或 撤销
review_due:                 # 复核日期，例如 {review}
order:                      # 排序：数字小的排在前面；不填按姓名排序
slug: {slug}                  # 网址名：小写字母、数字和“-”
private:                    # 内部信息（家庭情况、考核情况、电话等），不会发布到任何地方
  phone:
---
（在此填写先进事迹，1500字以内。空一行开始新的段落。）
"""


def yaml_text(value: str) -> str:
    """Quote a value only when YAML would not keep it as plain text."""
    plain = value and all(c not in value for c in ":#[]{},&*!|>'\"%@`") and value.strip() == value
    return value if plain and value[0] not in "-?" else json.dumps(value, ensure_ascii=False)


def new_exemplar(settings: Settings, name: str, category: str, unit: str = "", year: int | None = None,
                 kind: str = "person", today: dt.date | None = None) -> Path:
    """Write content/<slug>.md for a new exemplar and return its path; never overwrite."""
    name = name.strip()
    if not name:
        raise UsageError("the name must not be empty")
    found = settings.category(category.strip())
    if found is None:
        known = ", ".join(c.name for c in settings.categories)
        raise UsageError(f"unknown category '{category}'; site.toml has: {known}")
    slug = slugify(name) or "exemplar"
    path = settings.content_dir / f"{slug}.md"
    today = today or dt.date.today()
    text = TEMPLATE.format(
        name=yaml_text(name),
        kind="集体" if kind == "collective" else "个人",
        category=yaml_text(found.name),
        unit=yaml_text(unit.strip()) if unit.strip() else "",
        year=year or settings.year or today.year,
        levels="、".join(settings.levels),
        slug=slug,
        review=dt.date(today.year + 1, today.month, min(today.day, 28)).isoformat(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise Refused(f"{path} already exists; edit it, or give the new exemplar another name") from None
    return path
