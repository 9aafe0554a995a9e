"""Deeds: Markdown, Chinese soft line breaks, and sanitised HTML."""

from __future__ import annotations

from exemplar_site.content.deeds import render_deeds, shorten


def test_soft_break_between_chinese_characters_is_joined():
    assert render_deeds("他在岗位上\n工作了二十年。").html == "<p>他在岗位上工作了二十年。</p>"


def test_soft_break_after_chinese_punctuation_is_joined():
    assert render_deeds("第一句，\n第二句。").html == "<p>第一句，第二句。</p>"


def test_latin_text_keeps_its_line_break_space():
    assert render_deeds("keeps Latin\ntext spaced").html == "<p>keeps Latin\ntext spaced</p>"
    assert render_deeds("获得ISO\n认证").html == "<p>获得ISO\n认证</p>"


def test_raw_html_and_script_urls_are_removed():
    html = render_deeds('<script>alert(1)</script><img src=x onerror="alert(2)">\n\n'
                        '[点我](javascript:alert(3)) <a href="data:text/html,x">d</a>'
                        ' <iframe src="https://x"></iframe><style>body{}</style>').html
    for bad in ("<script", "alert(1)", "onerror", "javascript:", "data:", "<iframe", "<style", "<img"):
        assert bad not in html


def test_jinja_syntax_in_deeds_is_plain_text():
    assert "{{ 7*7 }}" in render_deeds("{{ 7*7 }} {% if %}").html


def test_headings_start_below_the_page_headings():
    assert render_deeds("# 一\n\n## 二").html == "<h3>一</h3>\n<h4>二</h4>"


def test_length_counts_characters_without_spaces_or_markup():
    deeds = render_deeds("**加粗** 文字\n\n- 一项")
    assert deeds.length == len("加粗文字一项")


def test_shorten():
    assert shorten("一二三四五", 10) == "一二三四五"
    assert shorten("一二三，四五六", 5) == "一二三…"
