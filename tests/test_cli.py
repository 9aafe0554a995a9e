"""The command line through CliRunner: exact exit codes and messages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import exemplar_md, jpeg_bytes


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def site(make_site) -> Path:
    return make_site({"content/zhang-wei.md": exemplar_md()})


def test_build_succeeds_and_says_where_the_site_is(site):
    result = run("build", "--no-pdf", "--site", str(site), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"open {(site / 'output' / 'index.html').resolve()} (" in result.stdout


SUMMARY = re.compile(r"built 1 exemplar: \d+ pages, 1 photo \((\d) processed, (\d) from cache\), "
                     r"skipped: posters, boards, booklets, 0 errors, 0 warnings in \d+\.\d s")


def test_the_last_line_sums_up_and_no_progress_bar_when_not_a_terminal(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md(photo="photos/zw.jpg"),
                      "content/photos/zw.jpg": jpeg_bytes((600, 800))})
    first = run("build", "--no-pdf", "--site", str(site))
    assert first.exit_code == 0, first.output
    assert SUMMARY.fullmatch(first.stdout.splitlines()[-1]).groups() == ("1", "0")
    assert first.stderr == ""  # no bar, no stray output
    second = run("build", "--no-pdf", "--site", str(site))
    assert SUMMARY.fullmatch(second.stdout.splitlines()[-1]).groups() == ("0", "1")
    assert "(nothing changed)" in second.stdout


def test_build_with_out(site, tmp_path):
    result = run("build", "--no-pdf", "--site", str(site), "--out", str(tmp_path / "www"))
    assert result.exit_code == 0
    assert (tmp_path / "www/index.html").is_file() and not (site / "output").exists()


def test_check_reports_every_problem_and_writes_nothing(site):
    (site / "content/b.md").write_text(exemplar_md(name="李四", year="明年", 单位="x"), encoding="utf-8")
    (site / "content/c.md").write_text("---\nname: 王五\n", encoding="utf-8")
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    result = run("check", "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/b.md:5: error: year (年度) must be a year such as 2024 or 2024年, not '明年'",
        "content/b.md:6: error: '单位' repeats 'unit' (line 4): keep only one",
        "content/c.md:1: error: the front matter is not closed: add a line '---' after the last key, before the deeds",
        "failed: 3 errors, 0 warnings",
    ]
    assert result.stdout.splitlines()[0] == "1 exemplar (and 2 files with errors, not counted below)"
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_check_passes_with_warnings_unless_strict(site):
    (site / "content/b.md").write_text(exemplar_md(name="李四", catgory="x"), encoding="utf-8")
    result = run("check", "--site", str(site))
    assert result.exit_code == 0
    assert "content/b.md:6: warning: unknown key 'catgory'; did you mean 'category'?" in result.stderr
    assert "checked 2 exemplars: 0 errors, 1 warning" in result.stdout
    assert run("check", "--site", str(site), "--strict").exit_code == 1


def test_build_strict_fails_on_warnings_and_writes_nothing(site):
    (site / "content/b.md").write_text(exemplar_md(name="李四", catgory="x"), encoding="utf-8")
    result = run("build", "--no-pdf", "--site", str(site), "--strict")
    assert result.exit_code == 1 and not (site / "output").exists()


def test_bad_content_never_shows_a_traceback(site):
    (site / "content/a.md").write_bytes(b"\xff\xfe\x00garbage")
    (site / "content/b.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    (site / "content/c.md").write_text(exemplar_md(photo="p.jpg"), encoding="utf-8")
    (site / "content/p.jpg").write_bytes(jpeg_bytes()[:200])
    result = run("build", "--no-pdf", "--site", str(site))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert all(line.startswith(("content/", "failed:")) for line in result.stderr.splitlines())


def test_missing_site_is_a_usage_error(tmp_path):
    result = run("build", "--site", str(tmp_path))
    assert result.exit_code == 2
    assert "has no site.toml" in result.stderr


def test_wrong_option_is_a_usage_error(site):
    assert run("build", "--no-pdf", "--site", str(site), "--jobs", "zero").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_bad_site_toml_is_reported_with_its_line(site):
    (site / "site.toml").write_text('title = "x"\n[[categories]]\nname = "道德模范"\n', encoding="utf-8")
    result = run("check", "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("site.toml:2: error: category '道德模范' needs slug")


def test_new_writes_a_complete_file_that_builds(site):
    result = run("new", "李晓明", "--category", "科技创新", "--unit", "研发中心", "--year", "2024", "--site", str(site))
    path = site / "content/li-xiao-ming.md"
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(f"created {path}: a draft")
    text = path.read_text(encoding="utf-8")
    for key in ("name", "type", "category", "unit", "position", "year", "level", "honors", "photo", "summary",
                "quote", "status", "review_due", "order", "slug", "private"):
        assert f"\n{key}:" in text, key
    assert "# 姓名" in text
    check = run("check", "--site", str(site))
    assert check.exit_code == 0, check.output
    assert check.stderr.splitlines() == [
        "content/li-xiao-ming.md:21: warning: the deeds are still the placeholder text from `new`: "
        "write the exemplar's deeds here"]


def test_new_collective(site):
    result = run("new", "第一车间", "--category", "道德模范", "--type", "collective", "--site", str(site))
    assert result.exit_code == 0
    assert "type: 集体" in (site / "content/di-yi-che-jian.md").read_text(encoding="utf-8")


def test_new_refuses_to_overwrite(site):
    (site / "content/li-si.md").write_text("mine", encoding="utf-8")
    result = run("new", "李四", "--category", "道德模范", "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {site / 'content/li-si.md'} already exists; edit it, or, for another "
                             f"exemplar of the same name, copy it to {site / 'content/li-si-2.md'} and edit that\n")
    assert (site / "content/li-si.md").read_text(encoding="utf-8") == "mine"


def test_new_rejects_an_unknown_category_with_the_known_ones(site):
    result = run("new", "李四", "--category", "见义勇为", "--site", str(site))
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: unknown category '见义勇为'; site.toml has: 道德模范, 科技创新, 爱岗敬业"
    assert not (site / "content/li-si.md").exists()


def test_new_quotes_names_that_yaml_would_misread(site):
    result = run("new", "No: 1", "--category", "道德模范", "--unit", "yes", "--site", str(site))
    assert result.exit_code == 0
    check = run("check", "--site", str(site))
    assert check.exit_code == 0, check.output


@pytest.fixture
def reported(make_site) -> Path:
    today = dt.date.today()
    return make_site({
        "content/a.md": exemplar_md(photo="photos/big.jpg", review_due=(today - dt.timedelta(days=3)).isoformat()),
        "content/photos/big.jpg": jpeg_bytes((1200, 1600)),
        "content/b.md": exemplar_md("事" * 1600, name="李四", year="2023", level="省级", status="draft",
                                    photo="photos/small.jpg", review_due=(today + dt.timedelta(days=10)).isoformat()),
        "content/photos/small.jpg": jpeg_bytes((1200, 900)),
        "content/c.md": exemplar_md(name="第一车间", type="集体", category="科技创新"),
    })


def test_check_reports_counts_and_what_needs_doing(reported):
    result = run("check", "--site", str(reported))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "3 exemplars",
        "by year: 2024 2 · 2023 1",
        "by category: 道德模范 2 · 科技创新 1",
        "by level: 省级 1 · (none) 2",
        "by status: draft 1 · published 2",
        "by type: collective 1 · person 2",
    ]
    text = result.stdout
    assert "drafts waiting for approval: 1\n  content/b.md  李四: 2023 · 道德模范" in text
    assert "reviews (复核) overdue: 1\n  content/a.md  张伟: review was due" in text
    assert "reviews due in the next 30 days: 1\n  content/b.md  李四: review due" in text
    assert "deeds over 1,500 characters: 1\n  content/b.md  李四: 1,600 characters (limit 1,500)" in text
    assert "without a photo: 1\n  content/c.md  第一车间" in text
    assert ("photos too small to print on the poster: 1\n  content/b.md  李四: content/photos/small.jpg is "
            "1200×900: its 3:4 cut is 675×900, the poster needs at least 900×1200") in text
    assert lines[-1] == "checked 3 exemplars: 0 errors, 2 warnings"


def test_check_as_json_for_other_tools(reported):
    result = run("check", "--site", str(reported), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["exemplars"] == 3 and report["errors"] == 0 and report["warnings"] == 2
    assert report["by_status"] == {"draft": 1, "published": 2}
    assert [item["path"] for item in report["small_photos"]] == ["content/b.md"]
    assert [p["severity"] for p in report["problems"]] == ["warning", "warning"]
    assert run("check", "--site", str(reported), "--format", "json", "--strict").exit_code == 1


def test_check_json_reports_a_broken_site_toml_as_json(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.toml").write_text('title = "光荣榜"\n[[categories]\nname = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--site", str(site), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["exemplars"], report["errors"]) == (0, 1)
    assert [(p["path"], p["line"], p["severity"]) for p in report["problems"]] == [("site.toml", 2, "error")]


def test_a_build_into_a_log_says_each_stage_with_work_as_it_starts_and_ends(tmp_path):
    from .conftest import sample_site

    site = sample_site(tmp_path / "site")
    result = run("build", "--no-pdf", "--jobs", "1", "--site", str(site))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("pages:")]
    assert len(lines) == 2 and re.fullmatch(r"pages: \d+ to do", lines[0]) and re.fullmatch(
        r"pages: done in \d+\.\d s", lines[1])
