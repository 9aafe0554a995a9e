"""Addresses and content found on the command line: namesakes, reserved names, linked folders, empty rolls,
typo years, personal keys and photo paths (issue 23), with exact exit codes and messages."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from exemplar_site.cli import main
from exemplar_site.content.slugs import short_code

from .conftest import SITE_TOML, exemplar_md, jpeg_bytes

NOTHING_WRITTEN = "; nothing was written"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def build(site: Path) -> object:
    return run("build", "--no-pdf", "--jobs", "1", "--site", str(site))


def namesake(source: str, others: str, slug: str) -> str:
    return (f"{source}:2: warning: the automatic address 'zhang-wei' is also that of {others} (a namesake, or the "
            f"same pinyin): this exemplar's page is exemplar/{slug}.html; add 'slug: {slug}' to keep this address "
            "before printing QR codes")


def test_namesakes_and_homophones_build_each_at_its_own_address(make_site):
    site = make_site({"content/2024/张伟.md": exemplar_md(), "content/2025/张伟.md": exemplar_md(year="2025")})
    result = build(site)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        namesake("content/2024/张伟.md", "content/2025/张伟.md", "zhang-wei"),
        namesake("content/2025/张伟.md", "content/2024/张伟.md", "zhang-wei-2025")]
    assert "2024" in (site / "output/exemplar/zhang-wei.html").read_text(encoding="utf-8")
    assert "2025" in (site / "output/exemplar/zhang-wei-2025.html").read_text(encoding="utf-8")
    (site / "content/2025/章伟.md").write_text(exemplar_md(name="章伟", year="2025", unit="二车间"), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in (site / "output/exemplar").iterdir())
    assert pages == ["zhang-wei-2025-ce-shi-dan-wei-yi-che-jian.html", "zhang-wei-2025-er-che-jian.html",
                     "zhang-wei.html"]
    assert result.stderr.splitlines()[2] == namesake(
        "content/2025/章伟.md", "content/2024/张伟.md, content/2025/张伟.md", "zhang-wei-2025-er-che-jian")
    assert "章伟" in (site / "output/exemplar/zhang-wei-2025-er-che-jian.html").read_text(encoding="utf-8")


def test_explicit_duplicate_slugs_stay_an_error(make_site):
    site = make_site({"content/a.md": exemplar_md(slug="zhang"),
                      "content/b.md": exemplar_md(year="2025", slug="zhang")})
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/a.md:6: error: slug 'zhang' is also used by content/b.md; give one of them its own 'slug: ...'",
        "content/b.md:6: error: slug 'zhang' is also used by content/a.md; give one of them its own 'slug: ...'",
        "failed: 2 errors, 0 warnings" + NOTHING_WRITTEN]


def test_a_unit_that_appears_later_takes_no_units_address(make_site):
    site = make_site({"content/a.md": exemplar_md(unit="一车间")})
    assert build(site).exit_code == 0
    first = (site / "output/unit/yi-che-jian.html").read_text(encoding="utf-8")
    assert "一车间" in first
    (site / "content/b.md").write_text(exemplar_md(name="李四", unit="一 车间", year="2025"), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 0, result.output
    assert "一车间" in (site / "output/unit/yi-che-jian.html").read_text(encoding="utf-8")
    assert "李四" in (site / "output/unit" / f"yi-che-jian-{short_code('一 车间')}.html").read_text(encoding="utf-8")


def test_a_unit_named_index_gets_its_own_address(make_site):
    site = make_site({"content/a.md": exemplar_md(unit="Index")})
    result = build(site)
    assert result.exit_code == 0, result.output
    assert "张伟" in (site / "output/unit" / f"index-{short_code('Index')}.html").read_text(encoding="utf-8")
    assert f'href="index-{short_code("Index")}.html"' in (site / "output/unit/index.html").read_text(encoding="utf-8")


def test_a_category_slug_index_is_a_site_toml_error(make_site):
    site = make_site({"content/a.md": exemplar_md()}, toml=SITE_TOML.replace('"innovation"', '"index"'))
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "site.toml:10: error: category '科技创新': slug = \"index\" is the address of the list of all categories; "
        "choose another, such as the category's name in English or pinyin (e.g. slug = \"moral-models\")",
        "failed: 1 error, 0 warnings" + NOTHING_WRITTEN]


def test_a_linked_folder_leading_out_of_the_site_is_an_error(make_site, tmp_path):
    site = make_site({"content/a.md": exemplar_md(), "content/inside/b.md": exemplar_md(name="李四")})
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "c.md").write_text(exemplar_md(name="王五"), encoding="utf-8")
    os.symlink(outside, site / "content" / "linked")
    os.symlink(site / "content" / "inside", site / "content" / "again")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/again: warning: the folder is a link, so its files are not read: move the folder here instead "
        "of linking to it",
        "content/linked: error: the folder is a link leading out of the site folder, so its files are not read; "
        "copy the folder into content/ instead",
        "failed: 1 error, 1 warning" + NOTHING_WRITTEN]


def test_an_empty_roll_is_never_built(make_site):
    site = make_site()
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content: error: no exemplar is published: put one Markdown file per exemplar in content/ (see `python "
        "build.py new`); an empty roll is never built",
        "failed: 1 error, 0 warnings" + NOTHING_WRITTEN]
    assert not (site / "output").exists()
    (site / "content/a.md").write_text(exemplar_md(status="draft"), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content: error: no exemplar is published: the 1 in content/ is a draft; set 'status: published' (发布) in "
        "those that are ready, or preview them with `build --drafts`",
        "failed: 1 error, 0 warnings" + NOTHING_WRITTEN]
    assert run("build", "--no-pdf", "--jobs", "1", "--drafts", "--site", str(site)).exit_code == 0


def test_a_year_after_next_year_is_an_error(make_site):
    site = make_site({"content/a.md": exemplar_md(year="2205")})
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "content/a.md:5: error: year 2205 is after next year (")
    assert result.stderr.splitlines()[0].endswith(
        "): correct the typing mistake (the newest roll is the one the honour-roll wall shows)")
    assert result.stderr.splitlines()[1:] == ["failed: 1 error, 0 warnings" + NOTHING_WRITTEN]


def test_a_misspelt_personal_key_is_sent_to_private(make_site):
    site = make_site({"content/a.md": exemplar_md(phne="13800000000")})
    result = run("check", "--site", str(site))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "content/a.md:6: warning: unknown key 'phne'; a personal detail such as 'phone' goes indented under "
        "'private:' or '内部:' (it is ignored and never published)"]


def test_photo_paths_may_climb_inside_content_and_name_a_case_mismatch(make_site):
    site = make_site({"content/2024/a.md": exemplar_md(photo="../shared/a.jpg"),
                      "content/shared/a.jpg": jpeg_bytes()})
    result = build(site)
    assert result.exit_code == 0, result.output
    assert len(list((site / "output/photos").iterdir())) > 0
    (site / "content/2024/a.md").write_text(exemplar_md(photo="../Shared/A.JPG"), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/2024/a.md:6: error: photo '../Shared/A.JPG': file not found: the file is written '../shared/a.jpg' "
        "(capital and small letters differ); write its name exactly, or rename the file",
        "failed: 1 error, 0 warnings" + NOTHING_WRITTEN]
    (site / "content/2024/a.md").write_text(exemplar_md(photo="../../a.jpg"), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/2024/a.md:6: error: photo '../../a.jpg': '..' leads out of content/: keep photos inside content/, "
        "beside the Markdown files")
