"""The Markdown fast path gives exactly Python-Markdown's HTML, or declines."""

from __future__ import annotations

import random
import re

import markdown
import pytest

from exemplar_site.content.deeds import join_cjk_lines, render_deeds, sanitise
from exemplar_site.content.plainmd import convert_plain

# Fragments that make up deeds as staff write them, and the edges of the subset.
WORDS = ("他扎根一线二十年", "始终把群众的冷暖放在心上。", "2023年", "ISO", "a b", "，", "x", "“最美职工”",
         "**", "*", " ", "  ", "#", "## ", "- ", "* ", "+ ", "1. ", "2. ", "12. ", "=", "-", "---", "***",
         "\n", "\n", "\n", "\n\n", "\n\n", "\n\n\n", " \n", "\u3000", "\t", "_", "`", "<b>", "&", "[a](b)",
         "\\", "|", "> ", "\xa0", "!", ":", "\"", "'", "1.", "—", "**加粗**", "*强调*", "#### 小标题\n", "- 一项\n")

# Mostly the subset itself, so that most texts take the fast path and its edges are crossed often.
PLAIN = ("他扎根", "一线。", "2023年", "ISO", "a", " ", "**", "*", "\n", "\n\n", "## ", "# ", "- ", "* ", "1. ",
         "2. ", "x", "-", "+ ", "#")


def _reference(source: str) -> str:
    return markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html").convert(source)


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for words in (WORDS, PLAIN)
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(8))
def test_the_fast_path_is_python_markdown_or_declines(seed: int) -> None:
    taken = 0
    for source in _texts(3000, seed):
        fast = convert_plain(source)
        if fast is not None:
            taken += 1
            assert fast == _reference(source), repr(source)
    assert taken > 200  # the generator does reach the fast path


@pytest.mark.parametrize("source", [
    "## 扎根基层\n\n**他扎根一线二十年。**始终把群众的冷暖放在心上。\n同事们都说*有困难*就找他。\n\n第二段。",
    "第一段\n# 标题\n第二段", "- 一项\n- 两项\n\n1. 第一\n2. 第二\n\n结尾", "#标题", "##  标题",
    "*a*b**c**", "", "   ", "\n\n段落\n\n",
])
def test_common_deeds_take_the_fast_path(source: str) -> None:
    fast = convert_plain(source)
    assert fast == _reference(source)
    if source.strip():
        assert fast is not None


@pytest.mark.parametrize("source", ["- a\n\n- b", "- # x", "a  \nb", "\u3000\u3000段落", "<b>x</b>", "[a](b)",
                                    "a\n---", "* * *", "1) x", "3. x", "**a***b*", "- a\n* b", "**a", "x_y_z"])
def test_other_markdown_is_left_to_python_markdown(source: str) -> None:
    assert render_deeds(source).html  # Python-Markdown's own output, sanitised
    fast = convert_plain(source)
    assert fast is None or fast == _reference(source)


@pytest.mark.parametrize("seed", range(3))
def test_deeds_on_the_fast_path_are_what_the_sanitiser_makes(seed: int) -> None:
    for source in _texts(1500, seed):
        if convert_plain(source) is None:
            continue
        html, hidden, images = sanitise(_reference(source))
        deeds = render_deeds(source)
        assert (deeds.html, deeds.hidden, deeds.images) == (html.strip(), hidden, images), repr(source)


_CJK = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
        "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff")
_LOOK_AROUND = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}0-9])|(?<=[0-9])[ \t]*\n[ \t]*(?=[{_CJK}])")


def test_soft_breaks_are_joined_as_the_look_around_rule_says() -> None:
    rng = random.Random(5)
    pieces = ("中", "文", "。", "\u3000", "a", "Z", "1", "9", " ", "\t", "\n", "\n", "\n", "<p>", "</p>", "ｆ",
              "\U00020000")
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert join_cjk_lines(text) == _LOOK_AROUND.sub("", text), repr(text)
