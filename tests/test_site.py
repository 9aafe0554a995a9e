"""Whole sites written from a dict of files, built into tmp_path, and inspected as readers see them."""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import pytest
from PIL import Image

from exemplar_site.errors import ContentError, UsageError
from exemplar_site.urls import SEARCH_INDEX, root_link

from .conftest import exemplar_md, jpeg_bytes
from .crawl import broken_references


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def text(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


@pytest.fixture
def roll(make_site):
    return make_site({
        "content/zhang-wei.md": exemplar_md("张伟的先进事迹。", photo="photos/zw.jpg", level="省级",
                                            honors="\n  - 省劳动模范", quote="干就完了",
                                            private="\n  phone: SENTINEL-PHONE-7731\n  family: SENTINEL-FAMILY"),
        "content/photos/zw.jpg": jpeg_bytes((900, 1200)),
        "content/li-si.md": exemplar_md("李四的事迹。", name="李四", category="科技创新", year="2023",
                                        unit="研发中心", secret_note="SENTINEL-UNKNOWN-KEY"),
        "content/team.md": exemplar_md("集体事迹。", name="第一车间", type="集体", category="[道德模范, 爱岗敬业]"),
        "content/draft.md": exemplar_md("草稿事迹。", name="王草稿", status="draft"),
        "content/gone.md": exemplar_md("撤销事迹。", name="赵撤销", status="retired"),
    })


def test_pages_exist_and_link_only_inside_the_site(roll, build_site):
    result = build_site(roll)
    out = roll / "output"
    for page in ("index.html", "category/index.html", "category/moral-models.html", "category/innovation.html",
                 "year/index.html", "year/2024.html", "year/2023.html", "unit/index.html",
                 "exemplar/zhang-wei.html", "exemplar/li-si.html", "exemplar/team.html", "exemplar/gone.html",
                 "assets/style.css"):
        assert (out / page).is_file(), page
    assert broken_references(out) == []
    assert result.exemplars == 4
    assert [p.format() for p in result.problems] == [
        "content/li-si.md:6: warning: unknown key 'secret_note' (it is ignored and never published)"]


def test_the_wall_shows_the_current_roll_grouped_by_category(roll, build_site):
    build_site(roll)
    wall = text(roll / "output", "index.html")
    assert "2024年度光荣榜" in wall
    assert "张伟" in wall and "第一车间" in wall
    assert "李四" not in wall  # 2023 is not the current roll
    assert wall.index("道德模范") < wall.index("爱岗敬业")
    assert "card is-collective" in wall
    assert 'srcset="photos/' in wall and " 2x" in wall


def test_exemplar_page_shows_every_published_field_and_links_back(roll, build_site):
    build_site(roll)
    page = text(roll / "output", "exemplar/zhang-wei.html")
    for expected in ("张伟", "测试单位一车间", "省级", "省劳动模范", "张伟的先进事迹。", "干就完了",
                     'href="../category/moral-models.html"', 'href="../year/2024.html"', 'href="../unit/'):
        assert expected in page
    assert 'lang="zh-CN"' in page


def test_drafts_only_with_the_drafts_option(roll, build_site):
    build_site(roll)
    assert not (roll / "output/exemplar/draft.html").exists()
    assert "王草稿" not in text(roll / "output", "index.html")
    build_site(roll, drafts=True)
    assert "草稿" in text(roll / "output", "exemplar/draft.html")
    assert "王草稿" in text(roll / "output", "index.html")


def test_retired_left_off_wall_and_categories_but_marked_on_the_year_page(roll, build_site):
    build_site(roll)
    out = roll / "output"
    assert "赵撤销" not in text(out, "index.html")
    assert "赵撤销" not in text(out, "category/moral-models.html")
    year = text(out, "year/2024.html")
    assert "赵撤销" in year and "已撤销" in year


def test_photo_without_placeholder_and_placeholder_without_photo(roll, build_site):
    build_site(roll)
    out = roll / "output"
    photos = sorted((out / "photos").iterdir())
    sizes = sorted(Image.open(p).size for p in photos)
    assert sizes == [(240, 320), (480, 640), (720, 960), (900, 1200)]
    assert all(not Image.open(p).getexif() for p in photos)
    li_si = text(out, "exemplar/li-si.html")
    assert "<svg" in li_si and ">李</text>" in li_si


def test_two_builds_are_byte_identical(roll, build_site, tmp_path):
    build_site(roll, out=tmp_path / "one")
    build_site(roll, out=tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_unchanged_rebuild_keeps_file_times(roll, build_site):
    build_site(roll)
    before = {p: p.stat().st_mtime_ns for p in (roll / "output").rglob("*") if p.is_file()}
    build_site(roll)
    after = {p: p.stat().st_mtime_ns for p in (roll / "output").rglob("*") if p.is_file()}
    assert before == after


def test_failed_build_leaves_previous_output_exactly(roll, build_site):
    build_site(roll)
    before = tree(roll / "output")
    (roll / "content/li-si.md").write_text("---\nname: 李四\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(roll)
    assert tree(roll / "output") == before


def test_refuses_to_replace_a_folder_it_did_not_make(roll, build_site, tmp_path):
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "report.docx").write_text("keep me")
    with pytest.raises(UsageError, match="not made by this tool"):
        build_site(roll, out=foreign)
    assert (foreign / "report.docx").read_text() == "keep me"


@pytest.mark.parametrize("where", [".", "content", "templates", ".."])
def test_refuses_output_over_the_site_or_its_sources(roll, build_site, where):
    with pytest.raises(UsageError, match="refusing to write"):
        build_site(roll, out=roll / where)
    assert (roll / "content/zhang-wei.md").exists()


def test_site_templates_override_the_default_theme(roll, build_site):
    (roll / "templates/assets").mkdir(parents=True)
    (roll / "templates/assets/style.css").write_text("/* house style */")
    build_site(roll)
    assert text(roll / "output", "assets/style.css") == "/* house style */"


def test_broken_template_is_reported_not_raised(roll, build_site):
    (roll / "templates").mkdir()
    (roll / "templates/exemplar.html").write_text("{{ exemplar.nonexistent_field }}")
    with pytest.raises(ContentError) as caught:
        build_site(roll)
    assert {p.path for p in caught.value.problems if p.is_error} == {"templates/exemplar.html"}


def test_english_labels(make_site, build_site):
    site = make_site({"content/a.md": exemplar_md()}, toml='language = "en"\n' + open_toml())
    build_site(site)
    wall = text(site / "output", "index.html")
    assert 'lang="en"' in wall and "Honour roll 2024" in wall
    assert '<p class="hero-count">Exemplars: 1</p>' in wall


def open_toml() -> str:
    from .conftest import SITE_TOML
    return SITE_TOML


def test_content_files_in_hidden_folders_are_ignored(make_site, build_site):
    site = make_site({"content/a.md": exemplar_md(), "content/.trash/b.md": "broken", "content/_drafts/c.md": "x"})
    assert build_site(site).exemplars == 1


def test_links_work_from_a_sub_path(roll, build_site):
    build_site(roll)
    page = text(roll / "output", "category/moral-models.html")
    assert 'href="../assets/style.css"' in page and 'href="../exemplar/zhang-wei.html"' in page
    assert 'href="/' not in page and "http" not in page
    assert os.path.isfile(roll / "output/category/../assets/style.css")


def test_every_page_tells_its_scripts_the_way_to_the_root_and_to_the_search_index(roll, build_site):
    out = build_site(roll).out
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}
    found = {rel: (re.search(r'data-root="([^"]*)"', html), re.search(r'data-index="([^"]*)"', html))
             for rel, html in pages.items() if "data-root=" in html}
    assert {"index.html", "category/moral-models.html", "exemplar/zhang-wei.html"} <= set(found)
    for rel, (root, index) in found.items():
        folder = posixpath.dirname(rel)
        assert root[1] == root_link(folder) and index[1] == root[1] + SEARCH_INDEX, rel
        assert (out / folder / root[1] / SEARCH_INDEX).resolve() == (out / SEARCH_INDEX).resolve()
    assert root_link("") == "" and root_link("a/b") == "../../"


def test_posters_for_the_current_roll_or_for_all_years(make_site, build_site):
    from .conftest import SITE_TOML
    files = {"content/a.md": exemplar_md(slug="a", year="2024"), "content/b.md": exemplar_md(name="李四", slug="b",
                                                                                          year="2023")}
    site = make_site(files)
    build_site(site)
    assert (site / "output/poster/a.html").is_file() and not (site / "output/poster/b.html").exists()
    assert (site / "output/booklet/2023.html").is_file() and (site / "output/board/moral-models.html").is_file()
    site = make_site(files, toml=SITE_TOML + '\n[print]\nposters = "all"\n', name="all")
    build_site(site)
    assert (site / "output/poster/b.html").is_file()
