"""`import`: the recommendation spreadsheet → draft content files, row by row, never overwriting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from exemplar_site.cli import main

from .conftest import exemplar_md, jpeg_bytes

HEADER = ["姓名", "类型", "类别", "单位", "职务", "年度", "级别", "荣誉", "简介", "事迹", "感言", "照片"]
UNITS = ["第一车间", "第二车间", "供电公司", "研发中心", "客服中心"]
SURNAMES = "赵钱孙李周吴郑王冯陈"


def rows(count: int = 10, photos: bool = True) -> list[list[object]]:
    return [[f"{SURNAMES[i]}明{i}", "个人", "道德模范" if i % 2 else "科技创新", UNITS[i % 5], "技术员", 2025,
             "市级", "先进个人；优秀党员\n技术能手", "", f"第一段事迹{i}。\n第二段事迹{i}。", "干一行爱一行。",
             f"p{i}.jpg" if photos else ""] for i in range(count)]


def xlsx(path: Path, table: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in table:
        sheet.append(row)
    book.save(path)
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["import", *args])


@pytest.fixture
def sheet(tmp_path) -> Path:
    folder = tmp_path / "推荐表"
    folder.mkdir()
    for i in range(10):
        (folder / f"p{i}.jpg").write_bytes(jpeg_bytes((900, 1200)))
    return xlsx(folder / "2025年推荐表.xlsx", rows())


def test_ten_rows_with_photos_become_ten_draft_files_that_build(make_site, build_site, sheet):
    site = make_site()
    result = run(str(sheet), "--site", str(site))
    assert result.exit_code == 0, result.output
    created = sorted((site / "content").glob("*.md"))
    assert len(created) == 10 and len(list((site / "content/photos").glob("*.jpg"))) == 10
    assert result.stdout.splitlines()[-1] == ("imported 2025年推荐表.xlsx: 10 files created (status: draft), "
                                             "0 already there, 0 rows failed")
    text = (site / "content/zhao-ming-0.md").read_text(encoding="utf-8")
    assert "status: draft" in text and "photo: photos/zhao-ming-0.jpg" in text
    assert "honors:\n  - 先进个人\n  - 优秀党员\n  - 技术能手\n" in text
    assert text.endswith("---\n第一段事迹0。\n\n第二段事迹0。\n")
    built = build_site(site, drafts=True)
    assert built.exemplars == 10 and not built.problems


def test_the_same_import_twice_creates_nothing_new(make_site, sheet):
    site = make_site()
    run(str(sheet), "--site", str(site))
    before = {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()}
    again = run(str(sheet), "--site", str(site))
    assert again.exit_code == 0, again.output
    assert "0 files created (status: draft), 10 already there, 0 rows failed" in again.stdout
    assert {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()} == before
    assert "2025年推荐表.xlsx:2: warning: 赵明0 is already imported as content/zhao-ming-0.md; left as it is" \
        in again.stderr


def test_bad_rows_are_reported_and_good_rows_still_imported(make_site, tmp_path):
    table = rows(4, photos=False)
    table[1][2] = "不存在的类别"
    table[2][5] = "明年"
    table[3][0] = None
    site = make_site()
    result = run(str(xlsx(tmp_path / "t.xlsx", table)), "--site", str(site), "--photos", str(tmp_path))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors[0].startswith("t.xlsx:3: error: unknown category '不存在的类别'; site.toml has: 道德模范")
    assert errors[1] == "t.xlsx:4: error: year (年度) must be a year such as 2024 or 2024年, not '明年'"
    assert errors[2].startswith("t.xlsx:5: error: ") and "name" in errors[2]
    assert [p.name for p in (site / "content").glob("*.md")] == ["zhao-ming-0.md"]
    assert "1 file created" in result.stdout and "3 rows failed" in result.stdout


def test_duplicate_names_same_person_is_an_error_namesakes_get_their_own_file(make_site, tmp_path):
    table = rows(3, photos=False)
    table[1][0] = table[0][0]  # a namesake in another unit
    table[2][:4] = table[0][:4]  # the same person twice
    site = make_site({"content/zhao-ming-0.md": exemplar_md(name="赵明0", unit="别的单位")})
    original = (site / "content/zhao-ming-0.md").read_bytes()
    result = run(str(xlsx(tmp_path / "t.xlsx", table)), "--site", str(site), "--photos", str(tmp_path))
    assert "t.xlsx:4: error: same name, unit and year as row 2; remove one of the two rows" in result.stderr
    assert (site / "content/zhao-ming-0.md").read_bytes() == original  # never overwritten
    assert sorted(p.name for p in (site / "content").glob("*.md")) == [
        "zhao-ming-0-2.md", "zhao-ming-0-3.md", "zhao-ming-0.md"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_from_excel_in_gbk_or_utf8(make_site, tmp_path, encoding):
    lines = [",".join(HEADER[:7] + ["事迹"]), "张伟,个人,道德模范,第一车间,班长,2024年,市级,\"他，认真负责。\""]
    path = tmp_path / "推荐表.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    site = make_site()
    result = run(str(path), "--site", str(site))
    assert result.exit_code == 0, result.output
    text = (site / "content/zhang-wei.md").read_text(encoding="utf-8")
    assert "name: 张伟" in text and "year: 2024年" in text and text.endswith("---\n他，认真负责。\n")


def test_english_headers_and_photos_found_by_name(make_site, tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "张伟.JPG").write_bytes(jpeg_bytes((900, 1200)))
    path = xlsx(tmp_path / "t.xlsx", [["张伟", "道德模范", "第一车间", 2024, "Works hard."]],
                header=["Name", "Category", "Unit", "Year", "Deeds"])
    site = make_site()
    result = run(str(path), "--site", str(site), "--photos", str(photos))
    assert result.exit_code == 0, result.output
    assert "photo: photos/zhang-wei.jpg" in (site / "content/zhang-wei.md").read_text(encoding="utf-8")


def test_a_bad_photo_fails_its_row(make_site, tmp_path):
    (tmp_path / "p0.jpg").write_bytes(b"not a photo")
    site = make_site()
    result = run(str(xlsx(tmp_path / "t.xlsx", rows(1))), "--site", str(site))
    assert result.exit_code == 1
    assert re.search(r"t\.xlsx:2: error: photo 'p0\.jpg': not an image", result.stderr)
    assert not list((site / "content").glob("*.md"))


def test_unusable_spreadsheets(make_site, tmp_path):
    site = make_site()
    assert run(str(tmp_path / "missing.xlsx"), "--site", str(site)).exit_code == 2
    (tmp_path / "list.xls").write_bytes(b"\xd0\xcf\x11\xe0 an Excel 97 workbook")
    old = run(str(tmp_path / "list.xls"), "--site", str(site))
    assert old.exit_code == 2 and "list.xls: save the spreadsheet from Excel or WPS as .xlsx" in old.stderr
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    broken = run(str(tmp_path / "broken.xlsx"), "--site", str(site))
    assert broken.exit_code == 1 and "broken.xlsx: error: cannot read the spreadsheet" in broken.stderr
    no_name = xlsx(tmp_path / "no-name.xlsx", [["道德模范"]], header=["类别"])
    assert "no 姓名 (name) column" in run(str(no_name), "--site", str(site)).stderr
