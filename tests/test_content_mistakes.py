"""Real mistakes staff make in content files: each is one plain line with the fix, never text lost in silence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import exemplar_md

DEPTH = "(more than 20 levels of lists or mappings)"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def problems(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line]


def check(site: Path) -> tuple[int, list[str]]:
    result = run("check", "--site", str(site))
    return result.exit_code, problems(result)


def build(site: Path) -> tuple[int, list[str]]:
    result = run("build", "--no-pdf", "--jobs", "1", "--site", str(site))
    assert "Traceback" not in result.output
    return result.exit_code, problems(result)


def page(site: Path, slug: str) -> str:
    return (site / "output" / "exemplar" / f"{slug}.html").read_text(encoding="utf-8")


# 13. Text cut by YAML's comment sign


def test_text_after_a_hash_is_an_error_with_the_quoted_value_never_a_missing_key(make_site):
    site = make_site({
        "content/a.md": exemplar_md(unit="第三车间 #2 班组", position="#1 班长"),
        "content/b.md": exemplar_md(unit="#2机组"),
    })
    assert check(site) == (1, [
        "content/a.md:4: error: the text after '#' ('#2 班组') was taken as a comment and left out: "
        'put the whole value in quotes: unit: "第三车间 #2 班组"',
        "content/a.md:6: error: the text after '#' ('#1 班长') was taken as a comment and left out: "
        'put the whole value in quotes: position: "#1 班长"',
        "content/b.md:4: error: the text after '#' ('#2机组') was taken as a comment and left out: "
        'put the whole value in quotes: unit: "#2机组"',
    ])


def test_quoted_hash_values_are_published_whole_and_hints_written_by_new_are_comments(make_site):
    site = make_site({"content/a.md": "---\nname: 张伟                # 姓名或集体名称（必填）\n"
                      "category: 道德模范\nunit: \"第三车间 #2 班组\"\nposition: '#1 班长'\nyear: 2024\n"
                      "photo:                    # 照片：相对本文件的路径\n---\n事迹。\n"})
    assert build(site) == (0, [])
    html = page(site, "a")
    assert "第三车间 #2 班组" in html and "#1 班长" in html


# 14. Messages a staff member can act on


def test_a_yaml_syntax_error_is_the_only_problem_of_its_file(make_site):
    site = make_site({"content/a.md": "---\nname: 张伟\ncategory: [道德模范\nunit: 一车间\nyear: 2024\n---\n事迹。\n"})
    assert check(site) == (1, [
        "content/a.md:3: error: front matter is not valid YAML: the '[' starts a list that is not closed with ']': "
        "close it, or put the whole value in quotes if it is one text"])


def test_a_line_that_is_not_key_value_is_the_only_problem_of_its_file(make_site):
    site = make_site({"content/a.md": "---\nname: 张伟\n单位\ncategory: 道德模范\nyear: 2024\n---\n事迹。\n"})
    code, found = check(site)
    assert code == 1 and len(found) == 1 and found[0].startswith("content/a.md:4: error: front matter is not valid")
    assert "missing required key" not in found[0]


def test_a_two_line_summary_with_a_full_width_colon_is_valid(make_site):
    site = make_site({"content/a.md": exemplar_md(summary="扎根基层十二年\n  带出一支队伍：零投诉")})
    assert build(site) == (0, [])
    assert "扎根基层十二年 带出一支队伍：零投诉" in page(site, "a")


def test_a_full_width_colon_at_a_key_is_reported_with_a_fix_that_reads(make_site):
    site = make_site({"content/a.md": "---\n姓名：张伟\ncategory: 道德模范\nunit: 一车间\nyear: 2024\n"
                      "简介：口号: 干就完了\nprivate:\n  电话：13800000000\n---\n事迹。\n"})
    assert check(site) == (1, [
        "content/a.md:2: error: full-width colon '：' after '姓名': use the ASCII colon and a space, e.g. '姓名: 张伟'",
        "content/a.md:6: error: full-width colon '：' after '简介': use the ASCII colon and a space, "
        "e.g. '简介: \"口号: 干就完了\"'",
        "content/a.md:8: error: full-width colon '：' after '电话': use the ASCII colon and a space, "
        "e.g. '电话: 13800000000'",
    ])
    fixed = make_site({"content/a.md": "---\n姓名: 张伟\ncategory: 道德模范\nunit: 一车间\nyear: 2024\n"
                       "简介: \"口号: 干就完了\"\n---\n事迹。\n"}, name="fixed")
    assert check(fixed) == (0, [])


@pytest.mark.parametrize(("value", "words"), [
    ("- 干就完了", "the value starts with '-', which YAML reads as a list item"),
    ("%百分百", "the value starts with '%', which YAML reads as a directive"),
    ("!重要", "the value starts with '!', which YAML reads as a tag"),
    ("|竖线", "the value starts with '|', which YAML reads as the start of a block of text "
              "(the text goes on the lines below)"),
    (">引用", "the value starts with '>', which YAML reads as the start of a block of text "
              "(the text goes on the lines below)"),
    ("&nbsp;", "the value starts with '&', which YAML reads as an anchor (a name for reuse)"),
    ("@全体", "the value starts with '@', which YAML reserves (it cannot start a value)"),
    ("`代码`", "the value starts with '`', which YAML reserves (it cannot start a value)"),
    ("“他说: 好”", "the value is in Chinese quotes “ ”, which are not quotes to YAML, and the ': ' inside "
                  "makes YAML read it as a key"),
    ("他说: 好", "the value contains ': ' (a colon and a space), which YAML reads as the start of another key"),
])
def test_a_value_yaml_misreads_is_one_plain_line_with_the_fix(make_site, value, words):
    site = make_site({"content/a.md": exemplar_md(quote=value)})
    fix = '"' + value + '"'
    assert check(site) == (1, [f"content/a.md:6: error: {words}: put the value in quotes: quote: {fix}"])
    fixed = make_site({"content/a.md": exemplar_md(quote=fix)}, name="fixed")
    assert check(fixed) == (0, [])


def test_a_misread_required_value_is_not_also_a_missing_key(make_site):
    site = make_site({"content/a.md": exemplar_md(unit="@集团公司", year="!2024")})
    assert check(site) == (1, [
        "content/a.md:4: error: the value starts with '@', which YAML reserves (it cannot start a value): "
        'put the value in quotes: unit: "@集团公司"',
        "content/a.md:5: error: the value starts with '!', which YAML reads as a tag: put the value in quotes: "
        'year: "!2024"',
    ])


# 15. Smaller wrong outputs


def test_words_hidden_text_is_left_out_everywhere_with_a_warning(make_site):
    body = ('第一段<span style="display:none;mso-hide:all">内部批注不公开</span>可见。\n\n'
            '<p style="display: none">整段隐藏的草稿</p>\n\n第三段。')
    site = make_site({"content/a.md": exemplar_md(body)})
    assert build(site) == (0, [
        "content/a.md:7: warning: hidden text in the deeds (Word's 'hidden' format, display:none) is left out "
        "of the site, the booklet and the search: delete it, or unhide it in Word before pasting"])
    written = [path for path in site.joinpath("output").rglob("*") if path.suffix in (".html", ".js")]
    assert len(written) >= 5 and any(path.name == "search-index.js" for path in written)
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "内部批注" not in text and "整段隐藏" not in text, path
    assert "<p>第一段可见。</p>" in page(site, "a")


def test_an_image_in_the_deeds_leaves_no_empty_paragraph_and_a_warning(make_site):
    site = make_site({"content/a.md": exemplar_md("前文。\n\n![照片](photo.jpg)\n\n后文。")})
    assert build(site) == (0, [
        "content/a.md:9: warning: images in the deeds are not published: give the exemplar's photo with the "
        "photo (照片) key"])
    html = page(site, "a")
    assert "<p>前文。</p>\n<p>后文。</p>" in html and "<p></p>" not in html


def test_chinese_quotes_around_a_whole_value_are_not_part_of_it(make_site):
    site = make_site({"content/li-si.md": exemplar_md(name="“李四”", unit="‘一车间’", position="“大国工匠”称号获得者")})
    assert build(site) == (0, [])
    html = page(site, "li-si")
    assert "<h1>李四</h1>" in html and '<text x="150" y="205" text-anchor="middle">李</text>' in html
    assert "“" not in html.split("<h1>")[1].split("</h1>")[0] and "“大国工匠”称号获得者" in html
    assert "‘一车间’" not in html


def test_a_line_break_between_a_number_and_chinese_joins_without_a_space(make_site):
    site = make_site({"content/a.md": exemplar_md("他于2024\n年获得表彰，累计服务\n300\n余次。")})
    assert build(site) == (0, [])
    assert "他于2024年获得表彰，累计服务300余次。" in page(site, "a")


def test_one_gbk_paste_in_a_utf8_file_is_an_error_on_its_line(make_site):
    data = (exemplar_md("第一段事迹。\n\n").encode("utf-8") + "从网页复制的一段。\n".encode("gbk")
            + "第三段。\n".encode())
    whole_gbk = exemplar_md("第一段事迹。").encode("gbk")
    site = make_site({"content/a.md": data, "content/b.md": whole_gbk})
    assert check(site) == (1, [
        "content/a.md:10: error: this line has text in another encoding (GBK, pasted from another program) "
        "while the rest of the file is UTF-8: retype the garbled text on this line and save the file as UTF-8",
        "content/b.md:2: warning: file is saved as GBK/GB18030; it was read, but please save it as UTF-8",
    ])


def test_upper_case_md_is_read_and_notepads_md_txt_is_named(make_site):
    site = make_site({"content/ZHANG.MD": exemplar_md(), "content/li.md.txt": exemplar_md(name="李四")})
    assert build(site) == (0, [
        "content/li.md.txt: warning: this file is not read: its name ends in '.txt' (Notepad adds it when "
        "saving): rename it to 'li.md' (in Windows Explorer, tick View > File name extensions to see the "
        "whole name)"])
    assert "<h1>张伟</h1>" in page(site, "zhang")


@pytest.mark.parametrize("written", ["爱岗敬业，道德模范", "爱岗敬业、道德模范"])
def test_categories_written_with_a_chinese_comma_get_the_list_form(make_site, written):
    site = make_site({"content/a.md": exemplar_md(category=written)})
    assert check(site) == (1, [
        f"content/a.md:3: error: unknown category '{written}'; site.toml has: 道德模范, 科技创新, 爱岗敬业; "
        "for several categories write a list with ASCII commas: category: [爱岗敬业, 道德模范]"])


def test_year_with_nian_du_is_accepted(make_site):
    site = make_site({"content/a.md": exemplar_md(year="2025年度")})
    assert build(site) == (0, [])
    assert (site / "output/year/2025.html").is_file()


# Issue 12, point 4: nesting thousands deep is one line, with libyaml and with the pure-Python parser


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize("value", ["[" * 20_000 + "]" * 20_000, "{a: " * 5_000 + "1" + "}" * 5_000],
                         ids=["lists", "mappings"])
def test_deep_nesting_is_one_line_on_its_file(make_site, monkeypatch, pure, value):
    if pure:
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not getattr(yaml, "CSafeLoader", None):
        pytest.skip("PyYAML without libyaml here")
    site = make_site({"content/a.md": exemplar_md(name=value)})
    assert build(site) == (1, [f"content/a.md:2: error: the value of 'name' is nested too deeply {DEPTH}"])


def test_zero_width_characters_pasted_from_wechat_are_removed_from_the_name_with_a_warning(make_site):
    site = make_site({"content/a.md": exemplar_md(name="\u200b张\u2060伟\ufeff")})
    assert build(site) == (0, [
        "content/a.md:2: warning: the name has invisible zero-width characters (pasted from WeChat or a web "
        "page): they are removed; retype the name to drop them from the file"])
    assert ">张伟<" in page(site, "a") and "\u200b" not in page(site, "a")
    index = (site / "output/assets/search-index.js").read_text(encoding="utf-8")
    assert '["张伟",' in index and "\u200b" not in index and "\\u200b" not in index
