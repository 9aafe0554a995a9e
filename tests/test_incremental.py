"""Incremental builds: unchanged work is never redone, and the output is always what a cold build makes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from exemplar_site.errors import ContentError

from .conftest import exemplar_md, jpeg_bytes


def stats(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in out.rglob("*") if p.is_file()}


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def site(make_site):
    return make_site({
        "content/zhang-wei.md": exemplar_md("张伟的事迹第一段。\n\n第二段。", photo="photos/zw.jpg"),
        "content/photos/zw.jpg": jpeg_bytes((900, 1200), color=(200, 30, 30)),
        "content/li-si.md": exemplar_md("李四的事迹第一段。\n\n李四的事迹第二段。", name="李四", category="科技创新",
                                        year="2023", unit="研发中心"),
        "content/wang-wu.md": exemplar_md("王五的事迹。", name="王五", category="爱岗敬业", unit="二车间"),
        "content/team.md": exemplar_md("集体事迹。", name="第一车间", type="集体", year="2023"),
    })


def test_a_build_where_nothing_changed_writes_nothing(site, build_site):
    build_site(site)
    out = site / "output"
    before, folder = stats(out), out.stat().st_ino
    result = build_site(site)
    assert result.files_written == 0 and result.photos_processed == 0
    assert stats(out) == before
    assert out.stat().st_ino == folder  # not even swapped for an identical copy


def test_one_edit_rewrites_only_the_pages_that_show_it(site, build_site):
    build_site(site)
    out = site / "output"
    before = stats(out)
    path = site / "content/li-si.md"
    path.write_text(path.read_text(encoding="utf-8").replace("李四的事迹第二段。", "李四的事迹第二段，改过了。"),
                    encoding="utf-8")
    result = build_site(site)
    changed = {rel for rel, stat in stats(out).items() if before.get(rel) != stat}
    # the deeds' second paragraph shows on the exemplar's page, in its year's booklet and in the search
    # index (which keeps the deeds' first 160 characters), nowhere else
    assert changed == {"exemplar/li-si.html", "booklet/2023.html", "assets/search-index.js"}
    assert result.files_written == 3


def fix_typo(site: Path) -> None:
    """A one-character typo fixed: the file keeps its length (and may keep its modification time's second)."""
    path = site / "content/li-si.md"
    before = path.read_bytes()
    after = before.replace("李四的事迹第二段。".encode(), "李四的事迹第三段。".encode())
    assert after != before and len(after) == len(before)
    path.write_bytes(after)


def test_a_same_length_typo_fix_is_published(site, build_site):
    build_site(site)
    fix_typo(site)
    result = build_site(site)
    page = (site / "output/exemplar/li-si.html").read_text(encoding="utf-8")
    assert "李四的事迹第三段。" in page and "第二段" not in page
    assert result.files_written == 3  # its page, its year's booklet and the search index


EDITS = {
    "same-length typo fix": fix_typo,
    "deeds": lambda site: (site / "content/wang-wu.md").write_text(
        exemplar_md("新的事迹。", name="王五", category="道德模范"), encoding="utf-8"),
    "photo replaced": lambda site: (site / "content/photos/zw.jpg").write_bytes(
        jpeg_bytes((900, 1200), color=(30, 30, 200))),
    "file deleted": lambda site: (site / "content/team.md").unlink(),
    "file added": lambda site: (site / "content/zhao-liu.md").write_text(
        exemplar_md("赵六的事迹。", name="赵六", unit="研发中心"), encoding="utf-8"),
    "new current year": lambda site: (site / "content/zhao-liu.md").write_text(
        exemplar_md("赵六的事迹。", name="赵六", year="2025"), encoding="utf-8"),
    "template": lambda site: (site / "templates").mkdir() or (site / "templates/base.html").write_text(
        (Path(__file__).parent.parent / "templates/base.html").read_text(encoding="utf-8").replace(
            "<body class=", "<body data-theme=\"local\" class="), encoding="utf-8"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_incremental_output_is_byte_identical_to_a_cold_build(site, build_site, tmp_path, edit):
    build_site(site)
    EDITS[edit](site)
    build_site(site)
    cold = tmp_path / "cold"
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns(".cache", "output"))
    build_site(cold)
    assert tree(site / "output") == tree(cold / "output")
    if edit == "template":
        assert 'data-theme="local"' in (site / "output/index.html").read_text(encoding="utf-8")


def test_a_replaced_photo_gives_a_new_thumbnail_and_the_old_one_is_pruned(site, build_site):
    build_site(site)
    out = site / "output"
    old = {p.name for p in (out / "photos").iterdir()}
    (site / "content/photos/zw.jpg").write_bytes(jpeg_bytes((900, 1200), color=(30, 30, 200)))
    result = build_site(site)
    new = {p.name for p in (out / "photos").iterdir()}
    assert result.photos_processed == 1 and not old & new
    card = next(name for name in new if name.endswith("-240x320.jpg"))
    assert f"photos/{card}" in (out / "index.html").read_text(encoding="utf-8")
    with Image.open(out / "photos" / card) as image:
        r, _, b = image.getpixel((120, 160))
        assert b > 150 and r < 80
    cached = {p.name[:20] for p in (site / ".cache/photos").iterdir()}
    assert cached == {card[:20]}  # the first photo's cache entries are gone


def test_the_cache_is_shared_by_every_output_folder_and_safe_to_delete(site, build_site, tmp_path):
    build_site(site)
    assert build_site(site, out=tmp_path / "elsewhere").photos_processed == 0
    before = stats(site / "output")
    shutil.rmtree(site / ".cache")
    result = build_site(site)
    assert result.photos_processed == 1 and result.files_written == 0
    assert stats(site / "output") == before


def test_hand_edits_and_stray_files_in_the_output_are_undone(site, build_site):
    build_site(site)
    out = site / "output"
    expected = tree(out)
    page = out / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- edited by hand -->")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns))
    (out / "stray.html").write_text("left over", encoding="utf-8")
    build_site(site)
    assert tree(out) == expected


def test_a_changed_setting_redraws_every_page(site, build_site):
    build_site(site)
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("测试单位", "新的单位名称"), encoding="utf-8")
    build_site(site)
    pages = sorted((site / "output").rglob("*.html"))
    assert len(pages) >= 10  # four exemplars, their posters, units, categories, years, the wall
    for page in pages:
        assert "新的单位名称" in page.read_text(encoding="utf-8"), page


def test_bad_photos_are_reported_from_worker_processes_too(site, build_site):
    good = jpeg_bytes((900, 1200))
    (site / "content/photos/cut.jpg").write_bytes(good[: len(good) // 2])
    (site / "content/li-si.md").write_text(exemplar_md("事迹。", name="李四", photo="photos/cut.jpg"),
                                           encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_site(site, jobs=2)
    [problem] = [p.format() for p in caught.value.problems if p.is_error]
    assert problem.startswith("content/li-si.md:6: error: photo 'photos/cut.jpg': the image is damaged or "
                              "cut short (image file is truncated") and problem.endswith("export it again as JPEG")
    assert not (site / "output").exists()


def test_an_unchanged_build_still_reports_its_warnings_and_fails_when_strict(site, build_site):
    (site / "content/li-si.md").write_text(exemplar_md("事迹。", name="李四", review_due="2025-06-30"),
                                           encoding="utf-8")
    first = build_site(site)
    second = build_site(site)
    assert second.files_written == 0 and second.problems == first.problems
    assert [p.message.split(":")[0] for p in second.problems] == ["the review (复核) was due on 2025-06-30"]
    with pytest.raises(ContentError):
        build_site(site, strict=True)
