"""`new` under real use: it takes every year and type a content file takes, and a new file is a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import SITE_TOML, exemplar_md


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def site(make_site) -> Path:
    return make_site({"content/zhang-wei.md": exemplar_md()})


def front_matter(path: Path) -> dict[str, str]:
    """The value of each `key: value` line of a new file, without its hint."""
    text = path.read_text(encoding="utf-8").split("---\n")[1]
    return {line.split(":", 1)[0]: line.split(":", 1)[1].split("#")[0].strip()
            for line in text.splitlines() if not line.startswith((" ", "#"))}


@pytest.mark.parametrize(("year", "kind", "written"), [
    ("2025年", "集体", "集体"),
    (" 2025 年 ", "collective", "集体"),
    ("2025", "个人", "个人"),
    ("2025", "Collective", "集体"),
    ("2025年", "person", "个人"),
])
def test_new_takes_every_year_and_type_a_content_file_takes(site, year, kind, written):
    result = run("new", "第一车间", "--category", "道德模范", "--unit", "一分厂", "--year", year, "--type", kind,
                 "--site", str(site))
    assert result.exit_code == 0, result.output
    keys = front_matter(site / "content/di-yi-che-jian.md")
    assert (keys["year"], keys["type"]) == ("2025", written)
    check = run("check", "--site", str(site))
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--year", "明年", "error: --year must be a year such as 2024 or 2024年, not '明年'"),
    ("--year", "1800", "error: --year must be a year such as 2024 or 2024年, not '1800'"),
    ("--type", "团队", "error: --type must be one of person, 个人, collective, 集体, not '团队'"),
])
def test_new_refuses_what_a_content_file_refuses_and_writes_nothing(site, option, value, message):
    result = run("new", "李四", "--category", "道德模范", option, value, "--site", str(site))
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert not (site / "content/li-si.md").exists()


def test_a_new_file_is_a_draft_and_new_says_how_to_publish_it(site):
    result = run("new", "李晓明", "--category", "科技创新", "--unit", "研发中心", "--site", str(site))
    path = site / "content/li-xiao-ming.md"
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"created {path}: a draft (status: 草稿), shown only by `serve` and `build --drafts`",
        "to publish it once it is filled in and approved, change its line `status: 草稿` to `status: 发布`",
    ]
    assert front_matter(path)["status"] == "草稿"
    built = run("build", "--no-pdf", "--jobs", "1", "--site", str(site))
    assert built.exit_code == 0, built.output
    assert "built 1 exemplar: " in built.stdout  # the placeholder deeds are not published
    assert not (site / "output/exemplar/li-xiao-ming.html").exists()
    assert "李晓明" not in (site / "output/index.html").read_text(encoding="utf-8")
    check = run("check", "--site", str(site))
    assert check.exit_code == 0, check.output
    assert "drafts waiting for approval: 1" in check.stdout.splitlines()
    path.write_text(path.read_text(encoding="utf-8").replace("status: 草稿", "status: 发布"), encoding="utf-8")
    published = run("build", "--no-pdf", "--jobs", "1", "--site", str(site))
    assert published.exit_code == 0, published.output
    assert (site / "output/exemplar/li-xiao-ming.html").exists()


def test_new_without_a_unit_says_to_fill_it_in_and_check_points_at_its_line(site):
    result = run("new", "青年突击队", "--category", "科技创新", "--type", "集体", "--site", str(site))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == ("fill in the unit (单位) on its line `unit:` before the next build: the "
                                             "unit is required, even in a draft")
    check = run("check", "--site", str(site))
    assert check.exit_code == 1
    assert "content/qing-nian-tu-ji-dui.md:5: error: unit (单位) is empty: it is required; write it after 'unit:'" \
        in check.stderr.splitlines()


@pytest.mark.parametrize(("order", "hint"), [(None, "按姓氏笔画"), ("pinyin", "按姓名拼音"), ("file", "按文件名")])
def test_the_order_hint_of_a_new_file_says_what_site_toml_orders_by(make_site, order, hint):
    toml = SITE_TOML if order is None else SITE_TOML.replace("levels =", f'order = "{order}"\nlevels =')
    site = make_site({"content/zhang-wei.md": exemplar_md()}, toml=toml)
    assert run("new", "李四", "--category", "道德模范", "--site", str(site)).exit_code == 0
    lines = (site / "content/li-si.md").read_text(encoding="utf-8").splitlines()
    order_line = next(line for line in lines if line.startswith("order:"))
    assert order_line.endswith(f"# 排序：数字小的排在前面；不填则{hint}")


def test_check_counts_one_exemplar_in_the_singular(site):
    result = run("check", "--site", str(site))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "1 exemplar"
    assert result.stdout.splitlines()[-1] == "checked 1 exemplar: 0 errors, 0 warnings"
