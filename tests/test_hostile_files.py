"""Hostile content folders: empty files, folders with file names, link loops, odd names, 10,000 files."""

from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import exemplar_md, jpeg_bytes
from .crawl import broken_references


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("empty.md", b"", "content/empty.md: error: the file is empty: start it with the front matter "
                      "(see `python build.py new`) or delete it"),
    ("long.md", exemplar_md("事迹" * 600_000).encode(),
     "content/long.md: error: the file is 3,516 KB; the limit is 1,024 KB ([content] max_kilobytes in "
     "site.toml): shorten the deeds (事迹) or split the file"),
])
def test_an_empty_file_and_one_over_the_size_limit_are_one_error_each(make_site, name, data, expected):
    site = make_site({f"content/{name}": data, "content/ok.md": exemplar_md()})
    for command in ("check", "build"):
        result = run(command, "--site", str(site))
        assert result.exit_code == 1
        assert problem_lines(result.output) == [expected]


def test_a_folder_named_like_a_content_file_is_walked_into_not_read(make_site, build_site):
    site = make_site({"content/2024.md/zhang-wei.md": exemplar_md()})
    result = build_site(site)
    assert result.exemplars == 1 and not result.problems
    assert (site / "output/exemplar/zhang-wei.html").is_file()


def test_link_loops_are_reported_and_never_hang_the_build(make_site):
    site = make_site({"content/ok.md": exemplar_md()})
    content = site / "content"
    os.symlink("b.md", content / "a.md")
    os.symlink("a.md", content / "b.md")
    os.symlink("..", content / "up")  # a folder link back to the site: walking it would never end
    os.symlink(".", content / "here.md")
    result = run("build", "--site", str(site))
    assert result.exit_code == 1, result.output
    lines = problem_lines(result.output)
    assert lines == [*(f"content/{name}: error: cannot read the file: Too many levels of symbolic links"
                       for name in ("a.md", "b.md")),
                     *(f"content/{name}: warning: the folder is a link, so its files are not read: move the folder "
                       "here instead of linking to it" for name in ("here.md", "up"))]
    assert "Traceback" not in result.output


def test_a_content_file_linked_from_outside_the_site_is_never_read(make_site, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(exemplar_md("OUTSIDE-SECRET 事迹"), encoding="utf-8")
    site = make_site({"content/ok.md": exemplar_md(name="李四")})
    os.symlink(outside, site / "content/linked.md")
    result = run("build", "--site", str(site))
    assert result.exit_code == 1
    assert problem_lines(result.output) == [
        "content/linked.md: error: the file is a link leading out of the site folder; "
        "copy the file into content/ instead"]
    assert not (site / "output").exists()


def test_content_folder_may_itself_be_a_link_to_a_shared_folder(make_site, build_site, tmp_path):
    shared = tmp_path / "share"
    (shared / "photos").mkdir(parents=True)
    (shared / "zhang-wei.md").write_text(exemplar_md(photo="photos/zw.jpg"), encoding="utf-8")
    (shared / "photos/zw.jpg").write_bytes(jpeg_bytes())
    site = make_site()
    (site / "content").rmdir()
    os.symlink(shared, site / "content")
    result = build_site(site)
    assert result.exemplars == 1 and not result.problems
    assert len(list((site / "output/photos").iterdir())) == 4


def test_names_with_spaces_chinese_and_emoji_build_with_working_links(make_site, build_site):
    site = make_site({
        "content/先进 个人/张 伟 🌟.md": exemplar_md(photo='"照片 2024/张 伟 😀.jpg"', unit='"一车间 🏭"'),
        "content/先进 个人/照片 2024/张 伟 😀.jpg": jpeg_bytes(),
        "content/team #1 & co.md": exemplar_md(name="第一 车间", type="集体", unit="质检 科"),
    })
    result = build_site(site)
    assert result.exemplars == 2 and not result.problems
    out = site / "output"
    assert broken_references(out) == []
    names = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert all(re.fullmatch(r"[A-Za-z0-9._/-]+", name) for name in names), names


def test_a_content_folder_of_ten_thousand_files(make_site, build_site):
    files = {f"content/{i // 1000:02d}/p{i:05d}.md": exemplar_md(f"第{i}号的事迹。", name=f"员工{i:05d}",
                                                                 unit=f"第{i % 40}车间", year=str(2015 + i % 10))
             for i in range(10_000)}
    site = make_site(files)
    result = build_site(site)
    assert result.exemplars == 10_000 and not result.problems
    assert len(list((site / "output/exemplar").iterdir())) == 10_000
    assert "员工09999" in (site / "output/exemplar/p09999.html").read_text(encoding="utf-8")
