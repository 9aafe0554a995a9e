"""Official ordering: by surname strokes (按姓氏笔画), pinyin or file name, on every list and print product."""

from __future__ import annotations

import re

import pytest

from exemplar_site.content.ordering import name_key
from exemplar_site.settings import load_settings

from .conftest import SITE_TOML, exemplar_md

NAMES = ["黄小清", "王芳", "丁一", "张伟", "李四", "欧阳明", "王五", "第一车间", "Alice", "马力", "于洋", "张三"]


def test_strokes_compare_the_surname_then_each_following_character():
    ordered = sorted(NAMES, key=lambda n: name_key(n, "strokes"))
    assert ordered[:5] == ["丁一", "于洋", "马力", "王五", "王芳"]  # 2, 3, 3 strokes; 王 (4) then 五 4 < 芳 7
    assert ordered.index("张三") < ordered.index("张伟")  # one surname stays together, 三 3 < 伟 6
    assert ordered.index("欧阳明") < ordered.index("第一车间") < ordered.index("黄小清")  # 8, 11, 11 strokes
    assert ordered[-1] == "Alice"  # no strokes: after every Han name


def test_equal_stroke_keys_are_broken_the_same_way_every_time():
    same = ["李四", "张三", "张伟", "李明"]  # 张 and 李 both have 7 strokes
    assert sorted(same, key=lambda n: name_key(n, "strokes")) == sorted(reversed(same),
                                                                         key=lambda n: name_key(n, "strokes"))


def test_pinyin_and_file_orders():
    assert sorted(["张伟", "李四", "Alice"], key=lambda n: name_key(n, "pinyin")) == ["Alice", "李四", "张伟"]
    assert name_key("张伟", "file", "content/a.md") < name_key("丁一", "file", "content/b.md")


@pytest.fixture
def roll_of_five(make_site):
    def make(order: str | None, name: str = "site"):
        toml = SITE_TOML if order is None else f'order = "{order}"\n' + SITE_TOML
        return make_site({
            "content/a-zhang.md": exemplar_md(name="张伟"),
            "content/b-ding.md": exemplar_md(name="丁一", unit="二车间"),
            "content/c-huang.md": exemplar_md(name="黄小清", unit="三车间"),
            "content/d-wang.md": exemplar_md(name="王芳", unit="一车间"),
            "content/e-ma.md": exemplar_md(name="马力", order="1", unit="四车间"),
        }, toml=toml, name=name)
    return make


def names_in(html: str, pattern: str = r'<h3 class="name">([^<]+)</h3>') -> list[str]:
    return re.findall(pattern, html)


@pytest.mark.parametrize(("order", "expected"), [
    (None, ["马力", "丁一", "王芳", "张伟", "黄小清"]),  # strokes by default; order: 1 comes first
    ("strokes", ["马力", "丁一", "王芳", "张伟", "黄小清"]),
    ("pinyin", ["马力", "丁一", "黄小清", "王芳", "张伟"]),
    ("file", ["马力", "张伟", "丁一", "黄小清", "王芳"]),
])
def test_every_list_and_print_product_follows_the_order(roll_of_five, build_site, order, expected):
    site = roll_of_five(order)
    out = build_site(site).out
    for page in ("index.html", "category/moral-models.html", "year/2024.html"):
        assert names_in((out / page).read_text(encoding="utf-8")) == expected, page
    for page in ("board/moral-models.html", "booklet/2024.html"):
        html = (out / page).read_text(encoding="utf-8")
        found = sorted(expected, key=lambda n: html.index(n))
        assert found == expected, page


def test_the_units_list_follows_the_order(roll_of_five, build_site):
    out = build_site(roll_of_five("strokes")).out
    html = (out / "unit/index.html").read_text(encoding="utf-8")
    units = re.findall(r'<span class="index-name">([^<]+)</span>', html)
    assert units == ["一车间", "二车间", "三车间", "四车间", "测试单位一车间"]


def test_an_unknown_order_is_an_error_on_its_line(make_site):
    _, problems = load_settings(make_site(toml='order = "surname"\n' + SITE_TOML))
    assert [p.format() for p in problems] == [
        'site.toml:1: error: order must be "strokes" (names by the strokes of the surname, 按姓氏笔画), '
        '"pinyin" (alphabetically) or "file" (by file name)']
