"""Every loader rule of the content format, with the exact line each problem points at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exemplar_site.content.load import CheckOptions, load_exemplars
from exemplar_site.content.slugs import short_code
from exemplar_site.settings import load_settings

from .conftest import TODAY, exemplar_md, jpeg_bytes


def load(site: Path):
    settings, problems = load_settings(site)
    assert settings is not None, problems
    exemplars, found = load_exemplars(settings, CheckOptions(today=TODAY))
    return exemplars, [p.format() for p in problems + found]


def test_a_valid_file_loads_with_every_field(make_site):
    site = make_site({
        "content/zhang-wei.md": exemplar_md(
            "第一段事迹。\n\n第二段。", type="collective", position="班长", level="省级",
            honors="\n  - 一等奖\n  - 二等奖", summary="简介文字", quote="感言文字", status="published",
            review_due="2027-01-01", order="3"),
    })
    [exemplar], problems = load(site)
    assert problems == []
    assert (exemplar.slug, exemplar.name, exemplar.kind, exemplar.unit, exemplar.year) == (
        "zhang-wei", "张伟", "collective", "测试单位一车间", 2024)
    assert exemplar.categories == ("道德模范",)
    assert exemplar.honors == ("一等奖", "二等奖")
    assert (exemplar.level, exemplar.position) == ("省级", "班长")
    assert (exemplar.summary, exemplar.quote) == ("简介文字", "感言文字")
    assert exemplar.order == 3 and exemplar.review_due.isoformat() == "2027-01-01"


def test_chinese_keys_and_values(make_site):
    site = make_site({"content/a.md": (
        "---\n姓名: 第一车间\n类型: 集体\n类别: [道德模范, 科技创新]\n单位: 测试单位\n年度: 2024年\n"
        "级别: 市级\n荣誉: 先进集体\n状态: 草稿\n排序: 2\n复核日期: 2027年3月1日\n简介: 一句话\n感言: 话\n"
        "内部:\n  电话: 123\n---\n正文\n")})
    [e], problems = load(site)
    assert problems == []
    assert (e.name, e.kind, e.categories, e.year, e.level, e.honors, e.status, e.order) == (
        "第一车间", "collective", ("道德模范", "科技创新"), 2024, "市级", ("先进集体",), "draft", 2)
    assert e.review_due.isoformat() == "2027-03-01"


def test_missing_required_keys_are_each_an_error(make_site):
    site = make_site({"content/a.md": "---\nname: 张伟\n---\n正文\n"})
    exemplars, problems = load(site)
    assert exemplars == []
    assert problems == [
        "content/a.md:1: error: missing required key category (类别): add a line 'category: ...' to the front matter",
        "content/a.md:1: error: missing required key unit (单位): add a line 'unit: ...' to the front matter",
        "content/a.md:1: error: missing required key year (年度): add a line 'year: ...' to the front matter",
    ]


def test_a_required_key_written_empty_points_at_its_line(make_site):
    site = make_site({"content/a.md": exemplar_md(unit="", category="[]")})
    exemplars, problems = load(site)
    assert exemplars == []
    assert problems == [
        "content/a.md:3: error: category (类别) is empty: it is required; write it after 'category:'",
        "content/a.md:4: error: unit (单位) is empty: it is required; write it after 'unit:'",
    ]


def test_a_year_after_next_year_is_an_error(make_site):
    site = make_site({"content/a.md": exemplar_md(year="2205"), "content/b.md": exemplar_md(name="李四", year="2027"),
                      "content/c.md": exemplar_md(name="王五", year="2026")})
    exemplars, problems = load(site)  # today is in 2026: next year's roll may be prepared already
    assert sorted(e.year for e in exemplars) == [2026, 2027]
    assert problems == ["content/a.md:5: error: year 2205 is after next year (2027): correct the typing mistake "
                        "(the newest roll is the one the honour-roll wall shows)"]


def test_personal_details_under_their_own_key_are_sent_to_private(make_site):
    site = make_site({"content/a.md": exemplar_md(phone="13800000000", 联系电话="13800000000", phto="a.jpg",
                                                  phne="13800000000")})
    [_], problems = load(site)
    hint = "personal details go indented under 'private:' or '内部:'"
    assert problems == [  # 'never published' said once; a near-miss of 'phone' is not sent to 'type'
        f"content/a.md:6: warning: unknown key 'phone'; {hint} (it is ignored and never published)",
        f"content/a.md:7: warning: unknown key '联系电话'; {hint} (it is ignored and never published)",
        "content/a.md:8: warning: unknown key 'phto'; did you mean 'photo'? (it is ignored and never published)",
        "content/a.md:9: warning: unknown key 'phne'; a personal detail such as 'phone' goes indented under "
        "'private:' or '内部:' (it is ignored and never published)",
    ]


def test_unknown_key_warns_with_the_nearest_known_key(make_site):
    site = make_site({"content/a.md": exemplar_md(catgory="道德模范", 职物="班长")})
    [_], problems = load(site)
    assert problems == [
        "content/a.md:6: warning: unknown key 'catgory'; did you mean 'category'? (it is ignored and never published)",
        "content/a.md:7: warning: unknown key '职物'; did you mean '职务'? (it is ignored and never published)",
    ]


def test_same_key_in_english_and_chinese_is_an_error(make_site):
    site = make_site({"content/a.md": exemplar_md(姓名="李四")})
    _, problems = load(site)
    assert problems == ["content/a.md:6: error: '姓名' repeats 'name' (line 2): keep only one"]


@pytest.mark.parametrize("year", ["2024", "2024年", "'2024'"])
def test_year_forms(make_site, year):
    [e], problems = load(make_site({"content/a.md": exemplar_md(year=year)}))
    assert problems == [] and e.year == 2024


@pytest.mark.parametrize("year", ["二〇二四", "24", "2024.5", "[2024]"])
def test_bad_year_is_an_error_on_its_line(make_site, year):
    _, problems = load(make_site({"content/a.md": exemplar_md(year=year)}))
    assert len(problems) == 1 and problems[0].startswith("content/a.md:5: error: year (年度) must be")


def test_unknown_category_lists_the_known_ones(make_site):
    _, problems = load(make_site({"content/a.md": exemplar_md(category="[道德模范, 见义勇为]")}))
    assert problems == [
        "content/a.md:3: error: unknown category '见义勇为'; site.toml has: 道德模范, 科技创新, 爱岗敬业"]


def test_unknown_level_lists_the_known_ones(make_site):
    _, problems = load(make_site({"content/a.md": exemplar_md(level="部级")}))
    assert problems == ["content/a.md:6: error: unknown level '部级'; site.toml has: 国家级, 省级, 市级, 县级, 单位级"]


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("name", "[张, 伟]", "name (姓名/名称) must be a single text, not a list or mapping"),
    ("type", "团队", "type (类型) must be one of person, 个人, collective, 集体, not '团队'"),
    ("status", "pending", "status (状态) must be one of published, 发布, draft, 草稿, retired, 撤销, not 'pending'"),
    ("order", "first", "order (排序) must be a whole number, not 'first'"),
    ("review_due", "next year", "review_due (复核日期) must be a date such as 2025-06-30, not 'next year'"),
    ("slug", "Zhang Wei", "slug must be lower-case ASCII letters, digits and '-', e.g. zhang-wei, not 'Zhang Wei'"),
    ("honors", "\n  - [a, b]", "honors (荣誉) must be a text or a list of texts (one per line, starting with '- ')"),
])
def test_wrong_types_are_errors_on_their_line(make_site, key, value, expected):
    _, problems = load(make_site({"content/a.md": exemplar_md(**{key: value})}))
    line = 2 if key == "name" else 6
    assert problems == [f"content/a.md:{line}: error: {expected}"]


def test_private_must_be_a_mapping(make_site):
    _, problems = load(make_site({"content/a.md": exemplar_md(private="电话123")}))
    assert problems == [
        "content/a.md:6: error: private (内部) must be a mapping of 'key: value' lines indented below it"]


def test_slug_from_key_then_ascii_file_name_then_pinyin(make_site):
    site = make_site({
        "content/张伟.md": exemplar_md(),
        "content/Li Si.md": exemplar_md(name="李四"),
        "content/王五.md": exemplar_md(name="王五", slug="wang-5"),
    })
    exemplars, problems = load(site)
    assert problems == []
    assert sorted(e.slug for e in exemplars) == ["li-si", "wang-5", "zhang-wei"]


def namesake_warning(source: str, line: str, base: str, others: str, slug: str, whose: str = "that of") -> str:
    return (f"{source}:{line}: warning: the automatic address '{base}' is also {whose} {others} (a namesake, or the "
            f"same pinyin): this exemplar's page is exemplar/{slug}.html; add 'slug: {slug}' to keep this address "
            "before printing QR codes")


def test_namesakes_are_told_apart_by_year_and_warned_about(make_site):
    site = make_site({"content/2024/张伟.md": exemplar_md(), "content/2025/张伟.md": exemplar_md(year="2025")})
    exemplars, problems = load(site)
    assert {e.source: e.slug for e in exemplars} == {"content/2024/张伟.md": "zhang-wei",
                                                     "content/2025/张伟.md": "zhang-wei-2025"}
    assert problems == [
        namesake_warning("content/2024/张伟.md", "2", "zhang-wei", "content/2025/张伟.md", "zhang-wei"),
        namesake_warning("content/2025/张伟.md", "2", "zhang-wei", "content/2024/张伟.md", "zhang-wei-2025")]


def slugs_of(site: Path) -> dict[str, str]:
    exemplars, problems = load(site)
    assert not any(": error: " in p for p in problems), problems
    return {e.source: e.slug for e in exemplars}


def test_a_namesake_added_later_moves_no_address(make_site):
    """Printed QR codes point at these addresses: the first honoured keeps its own, whatever is added after."""
    site = make_site({"content/2024/zhang-wei.md": exemplar_md()})
    assert slugs_of(site) == {"content/2024/zhang-wei.md": "zhang-wei"}
    (site / "content/2025").mkdir()
    (site / "content/2025/zhang-wei.md").write_text(exemplar_md(year="2025"), encoding="utf-8")
    assert slugs_of(site) == {"content/2024/zhang-wei.md": "zhang-wei", "content/2025/zhang-wei.md": "zhang-wei-2025"}
    (site / "content/2025/章伟.md").write_text(exemplar_md(name="章伟", year="2025", unit="二车间"), encoding="utf-8")
    (site / "content/2026").mkdir()
    (site / "content/2026/张伟.md").write_text(exemplar_md(year="2026"), encoding="utf-8")
    assert slugs_of(site) == {  # a namesake of the same year: told apart by unit too; one alone in 2026: its year
        "content/2024/zhang-wei.md": "zhang-wei",
        "content/2025/zhang-wei.md": "zhang-wei-2025-ce-shi-dan-wei-yi-che-jian",
        "content/2025/章伟.md": "zhang-wei-2025-er-che-jian", "content/2026/张伟.md": "zhang-wei-2026"}
    (site / "content/2025/章伟.md").write_text(exemplar_md(name="章伟", year="2025"), encoding="utf-8")
    assert slugs_of(site)["content/2025/章伟.md"] == f"zhang-wei-2025-{short_code('content/2025/章伟.md')}"


def test_pinning_the_suggested_slug_keeps_every_address(make_site):
    site = make_site({"content/a/张伟.md": exemplar_md(), "content/b/张伟.md": exemplar_md(year="2025"),
                      "content/zhang-wei-2025.md": exemplar_md(name="李四")})  # takes the year's address itself
    before = slugs_of(site)
    assert before["content/b/张伟.md"] == f"zhang-wei-2025-{short_code('content/b/张伟.md')}"
    (site / "content/a/张伟.md").write_text(exemplar_md(slug="zhang-wei"), encoding="utf-8")
    exemplars, problems = load(site)
    assert {e.source: e.slug for e in exemplars} == before
    assert problems == [namesake_warning("content/b/张伟.md", "2", "zhang-wei", "content/a/张伟.md",
                                         before["content/b/张伟.md"], whose="the slug of")]


def test_two_exemplars_with_one_explicit_slug_name_both_files(make_site):
    site = make_site({"content/a/张伟.md": exemplar_md(slug="zhang-wei"),
                      "content/b/张伟.md": exemplar_md(unit="二车间", slug="zhang-wei")})
    exemplars, problems = load(site)
    assert problems == [  # the slug comes from its own line
        "content/a/张伟.md:6: error: slug 'zhang-wei' is also used by content/b/张伟.md; give one of them its own "
        "'slug: ...'",
        "content/b/张伟.md:6: error: slug 'zhang-wei' is also used by content/a/张伟.md; give one of them its own "
        "'slug: ...'"]


def test_a_duplicate_slug_points_at_its_slug_line(make_site):
    site = make_site({"content/a.md": exemplar_md(slug="zhang"),
                      "content/b.md": exemplar_md(unit="二车间", slug="zhang")})
    assert load(site)[1] == [
        "content/a.md:6: error: slug 'zhang' is also used by content/b.md; give one of them its own 'slug: ...'",
        "content/b.md:6: error: slug 'zhang' is also used by content/a.md; give one of them its own 'slug: ...'"]


def test_deeds_over_1500_characters_warn(make_site):
    [_], problems = load(make_site({"content/a.md": exemplar_md("事" * 1501)}))
    assert problems == ["content/a.md:7: warning: the deeds have 1,501 characters; the limit is 1,500 (1500字以内)"]


def test_empty_deeds_warn(make_site):
    [_], problems = load(make_site({"content/a.md": exemplar_md("")}))
    assert problems == ["content/a.md:7: warning: the deeds (事迹) are empty: write them below the closing '---'"]


def test_summary_defaults_to_the_first_paragraph(make_site):
    [e], _ = load(make_site({"content/a.md": exemplar_md("# 标题\n\n第一段，\n接着写。\n\n第二段。")}))
    assert e.summary == "第一段，接着写。"


def test_overdue_review_warns(make_site):
    [_], problems = load(make_site({"content/a.md": exemplar_md(review_due="2025-12-31")}))
    assert problems == ["content/a.md:6: warning: the review (复核) was due on 2025-12-31: "
                        "review this exemplar and set a new review_due"]


def test_photo_is_checked(make_site):
    site = make_site({"content/a.md": exemplar_md(photo="photos/a.jpg"),
                      "content/photos/a.jpg": jpeg_bytes((300, 200))})
    [e], problems = load(site)
    assert problems == []
    assert e.photo.rel == "content/photos/a.jpg" and (e.photo.width, e.photo.height) == (300, 200)
    assert len(e.photo.digest) == 64


@pytest.mark.parametrize(("photo", "message"), [
    ("photos/none.jpg", "file not found"),
    ("photos/not-image.jpg", "not an image"),
    ("../outside.jpg", "'..' leads out of content/"),
    ("photos/../../outside.jpg", "'..' leads out of content/"),
    ("/etc/passwd", "relative to the Markdown file"),
    ("C:/photos/a.jpg", "relative to the Markdown file"),
    ("'photos\\a.jpg'", "relative to the Markdown file"),
    ("link.jpg", "outside the site folder"),
])
def test_bad_photos_are_errors(make_site, tmp_path, photo, message):
    (tmp_path / "outside.jpg").write_bytes(jpeg_bytes())
    site = make_site({"content/a.md": exemplar_md(photo=photo), "content/photos/not-image.jpg": b"hello"})
    os.symlink(tmp_path / "outside.jpg", site / "content" / "link.jpg")
    exemplars, problems = load(site)
    assert exemplars == []
    assert len(problems) == 1 and problems[0].startswith("content/a.md:6: error: photo ")
    assert message in problems[0]


def test_all_problems_of_all_files_in_one_run(make_site):
    site = make_site({
        "content/a.md": exemplar_md(year="soon", level="部级"),
        "content/b.md": "---\nname: 李四\n",
        "content/c.md": exemplar_md(name="王五", catgory="x"),
    })
    _, problems = load(site)
    assert [p.split(": ")[0] for p in problems] == [
        "content/a.md:5", "content/a.md:6", "content/b.md:1", "content/c.md:6"]


def test_bom_crlf_and_gbk_files_load(make_site):
    site = make_site({
        "content/a.md": "\ufeff".encode() + exemplar_md("事迹。").replace("\n", "\r\n").encode(),
        "content/b.md": exemplar_md("事迹。", name="李四").encode("gbk"),
    })
    exemplars, problems = load(site)
    assert sorted(e.name for e in exemplars) == ["张伟", "李四"]
    assert problems == [  # pointing at the first line in GBK
        "content/b.md:2: warning: file is saved as GBK/GB18030; it was read, but please save it as UTF-8"]


def test_a_content_file_over_the_size_limit_is_an_error_without_reading_it(make_site, build_site):
    from exemplar_site.errors import ContentError

    huge = exemplar_md("事迹。" * 200_000)  # about 1.8 MB of deeds
    site = make_site({"content/huge.md": huge, "content/ok.md": exemplar_md(name="李四")})
    with pytest.raises(ContentError) as caught:
        build_site(site)
    assert [p.format() for p in caught.value.problems] == [
        "content/huge.md: error: the file is 1,758 KB; the limit is 1,024 KB ([content] max_kilobytes in "
        "site.toml): shorten the deeds (事迹) or split the file"]
    (site / "site.toml").write_text((site / "site.toml").read_text(encoding="utf-8")
                                    + "\n[content]\nmax_kilobytes = 4096\n", encoding="utf-8")
    assert build_site(site).exemplars == 2
