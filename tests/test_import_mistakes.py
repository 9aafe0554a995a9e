"""`import` under the spreadsheets units really send: re-runs, photos from anywhere, odd workbooks and CSVs."""

from __future__ import annotations

import builtins
import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from exemplar_site.cli import main

from .conftest import jpeg_bytes

HEADER = ["姓名", "类别", "单位", "年度", "事迹"]


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["import", *args])


def book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per entry, rows as given (the first row is row 1)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, table in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in table:
            sheet.append(row)
    workbook.save(path)
    return path


def md_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site / "content").as_posix() for p in (site / "content").rglob("*.md"))


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line]


# 16. Re-running an import never duplicates people


@pytest.mark.parametrize(("column", "first", "second"), [
    ("单位", "第一车间\n二班", "第一车间\n二班"),  # Alt+Enter in the cell
    ("单位", "第一车间  二班", "第一车间  二班"),  # two spaces
    ("单位", "第一车间\u3000二班", "第一车间 二班"),  # a full-width space, then a plain one
    ("姓名", "张\u3000伟", "张伟"),  # a two-character name aligned with a full-width space
    ("姓名", "张  伟", "张  伟"),
    ("年度", "2025年", "2025"),
])
def test_line_breaks_and_spaces_in_cells_do_not_duplicate_on_a_second_import(make_site, tmp_path, column,
                                                                             first, second):
    values = {"姓名": "张伟", "类别": "道德模范", "单位": "第一车间 二班", "年度": 2025, "事迹": "认真负责。"}
    site = make_site()
    for number, written in enumerate((first, second)):
        path = book(tmp_path / f"t{number}.xlsx", {"Sheet1": [HEADER, [*{**values, column: written}.values()]]})
        result = run(str(path), "--site", str(site))
        assert result.exit_code == 0, result.output
    assert md_files(site) == ["zhang-wei.md"]
    assert result.stdout.splitlines()[-1] == ("imported t1.xlsx: 0 files created (status: draft), "
                                              "1 already there, 0 rows failed")
    assert "t1.xlsx:2: warning: 张伟 is already imported as content/zhang-wei.md; left as it is" in result.stderr


def test_a_two_character_name_is_written_without_its_alignment_space(make_site, tmp_path):
    site = make_site()
    path = book(tmp_path / "t.xlsx", {"Sheet1": [HEADER, ["张\u3000伟", "道德模范", "第一车间", 2025, "认真。"]]})
    assert run(str(path), "--site", str(site)).exit_code == 0
    assert "\nname: 张伟\n" in (site / "content/zhang-wei.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mistake", [
    ("category: 道德模范", "category: 不存在的类别"),  # an error in a value
    ("category: 道德模范", "category: [道德模范"),  # YAML that does not parse at all
    ("name: 张伟", "姓名：张伟"),  # a Chinese key typed with the IME's colon
    ("unit: 第一车间", "unit: 第一车间（二班）"),  # the draft was corrected: its marker still names the row
    ("name: 张伟", "name: 张卫"),
])
def test_an_imported_draft_is_recognised_even_with_an_error_or_a_correction(make_site, tmp_path, mistake):
    path = book(tmp_path / "t.xlsx", {"Sheet1": [HEADER, ["张伟", "道德模范", "第一车间", 2025, "认真负责。"]]})
    site = make_site()
    assert run(str(path), "--site", str(site)).exit_code == 0
    draft = site / "content/zhang-wei.md"
    text = draft.read_text(encoding="utf-8")
    assert mistake[0] in text
    draft.write_text(text.replace(mistake[0], mistake[1]), encoding="utf-8")
    again = run(str(path), "--site", str(site))
    assert again.exit_code == 0, again.output
    assert md_files(site) == ["zhang-wei.md"]
    assert "1 already there" in again.stdout
    assert "t.xlsx:2: warning: 张伟 is already imported as content/zhang-wei.md; left as it is" in again.stderr


# 17. Photos only from the photos folder


@pytest.mark.parametrize("written", ["../secret.jpg", "{secret}", "/etc/passwd", "link.jpg", "..\\secret.jpg"])
def test_a_photo_outside_the_photos_folder_is_refused_and_never_opened(make_site, tmp_path, monkeypatch, written):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg_bytes((900, 1200)))
    photos = tmp_path / "photos"
    photos.mkdir()
    os.symlink(secret, photos / "link.jpg")
    written = written.format(secret=secret)
    path = book(tmp_path / "t.xlsx", {"Sheet1": [[*HEADER, "照片"], ["张伟", "道德模范", "第一车间", 2025, "认真。",
                                                                     written]]})
    opened: list[str] = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    site = make_site()
    result = run(str(path), "--site", str(site), "--photos", str(photos))
    monkeypatch.setattr(builtins, "open", real_open)
    assert result.exit_code == 1
    assert errors(result) == [f"t.xlsx:2: error: photo '{written}' must be in the photos folder ({photos}): "
                              "copy the photo there and write only its file name in the 照片 column"]
    assert not [name for name in opened if "secret" in name or "passwd" in name or "link" in name]
    assert md_files(site) == [] and not (site / "content/photos").exists()


def test_a_photo_in_a_subfolder_of_the_photos_folder_is_taken(make_site, tmp_path):
    photos = tmp_path / "photos"
    (photos / "一车间").mkdir(parents=True)
    (photos / "一车间/张伟.jpg").write_bytes(jpeg_bytes((900, 1200)))
    path = book(tmp_path / "t.xlsx", {"Sheet1": [[*HEADER, "照片"], ["张伟", "道德模范", "第一车间", 2025, "认真。",
                                                                     "一车间\\张伟.jpg"]]})
    site = make_site()
    result = run(str(path), "--site", str(site), "--photos", str(photos))
    assert result.exit_code == 0, result.output
    assert (site / "content/photos/zhang-wei.jpg").read_bytes() == (photos / "一车间/张伟.jpg").read_bytes()


def test_a_photo_found_by_name_that_links_out_of_the_folder_is_refused(make_site, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg_bytes((900, 1200)))
    photos = tmp_path / "photos"
    photos.mkdir()
    os.symlink(secret, photos / "张伟.jpg")
    path = book(tmp_path / "t.xlsx", {"Sheet1": [HEADER, ["张伟", "道德模范", "第一车间", 2025, "认真。"]]})
    site = make_site()
    result = run(str(path), "--site", str(site), "--photos", str(photos))
    assert result.exit_code == 1
    assert errors(result) == [f"t.xlsx:2: error: photo '张伟.jpg' must be in the photos folder ({photos}): "
                              "copy the photo there and write only its file name in the 照片 column"]
    assert md_files(site) == []


# 18. Spreadsheets as units make them


def test_every_sheet_with_the_column_titles_is_read_and_the_others_are_named(make_site, tmp_path):
    path = book(tmp_path / "t.xlsx", {
        "个人": [HEADER, ["张伟", "道德模范", "第一车间", 2025, "认真。"]],
        "集体": [[*HEADER, "类型"], ["第二车间", "科技创新", "供电公司", 2025, "攻关。", "集体"],
               ["第三车间", "不存在", "供电公司", 2025, "攻关。", "集体"]],
        "填表说明": [["请每人填写一行；照片另附。"]],
        "Sheet3": [],
    })
    site = make_site()
    result = run(str(path), "--site", str(site))
    assert result.exit_code == 1
    assert md_files(site) == ["di-er-che-jian.md", "zhang-wei.md"]
    assert "type: 集体" in (site / "content/di-er-che-jian.md").read_text(encoding="utf-8")
    assert "t.xlsx: warning: sheet '填表说明' has no 姓名 (name) column in its first 10 rows; it is ignored" \
        in result.stderr
    assert "Sheet3" not in result.stderr  # an empty sheet holds nothing to lose
    assert errors(result)[0].startswith("t.xlsx[集体]:3: error: unknown category '不存在'")
    assert result.stdout.splitlines()[-1] == ("imported t.xlsx: 2 files created (status: draft), "
                                              "0 already there, 1 row failed")


def test_a_hidden_sheet_with_rows_is_named_not_imported(make_site, tmp_path):
    path = book(tmp_path / "t.xlsx", {"推荐": [HEADER, ["张伟", "道德模范", "第一车间", 2025, "认真。"]],
                                      "旧表": [HEADER, ["李娜", "道德模范", "第一车间", 2024, "认真。"]]})
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["旧表"].sheet_state = "hidden"
    workbook.save(path)
    site = make_site()
    result = run(str(path), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert md_files(site) == ["zhang-wei.md"]
    assert "t.xlsx: warning: sheet '旧表' is hidden in Excel; its rows are not imported (unhide it to import " \
           "them)" in result.stderr


def test_title_row_merged_cells_and_aligned_header_titles(make_site, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2025年度先进典型推荐表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["姓  名", "类　别", " 单位 ", "年度\n（必填）", "事迹"])
    sheet.append(["张伟", "道德模范", "第一车间", 2025, "认真。"])
    sheet.append(["李娜", "科技创新", None, 2025, "创新。"])
    sheet.append(["王芳", "道德模范", None, 2025, "热心。"])
    sheet.merge_cells("C3:C5")
    sheet.append(["赵强", "不存在", "第二车间", 2025, "认真。"])
    workbook.save(tmp_path / "t.xlsx")
    site = make_site()
    result = run(str(tmp_path / "t.xlsx"), "--site", str(site))
    assert result.exit_code == 1
    assert md_files(site) == ["li-na.md", "wang-fang.md", "zhang-wei.md"]
    for name in ("li-na", "wang-fang", "zhang-wei"):
        assert "\nunit: 第一车间\n" in (site / f"content/{name}.md").read_text(encoding="utf-8")
    assert errors(result)[0].startswith("t.xlsx:6: error: unknown category '不存在'")  # the spreadsheet's row
    assert [line[:40] for line in result.stderr.splitlines() if "warning" in line] == [
        "t.xlsx: warning: no photo found for 3 im"]  # the only warning: no 年度 read as a date


def test_a_year_cell_formatted_as_a_date_is_read_as_the_year(make_site, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["张伟", "道德模范", "第一车间", 2025, "认真。"])
    sheet.append(["李娜", "道德模范", "第一车间", dt.datetime(2025, 3, 1), "认真。"])
    sheet["D2"].number_format = "yyyy-mm-dd"  # Excel shows 1905-07-17
    workbook.save(tmp_path / "t.xlsx")
    site = make_site()
    result = run(str(tmp_path / "t.xlsx"), "--site", str(site))
    assert result.exit_code == 1
    assert "\nyear: 2025\n" in (site / "content/zhang-wei.md").read_text(encoding="utf-8")
    assert "t.xlsx:2: warning: the 年度 cell D2 is formatted as a date (Excel shows 1905-07-17); it was read " \
           "as the year 2025: format the 年度 column as 常规 (General)" in result.stderr
    assert errors(result) == ["t.xlsx:3: error: year (年度) must be a year such as 2024 or 2024年, "
                              "not '2025-03-01'"]


def test_a_formula_without_a_saved_value_names_its_cell(make_site, tmp_path):
    path = book(tmp_path / "t.xlsx", {"Sheet1": [HEADER, ["张伟", "道德模范", "第一车间", "=2024+1", "认真。"],
                                                 ["李娜", "道德模范", "第一车间", 2025, "认真。"]]})
    site = make_site()  # openpyxl saves formulas without computing them, as some programs do
    result = run(str(path), "--site", str(site))
    assert result.exit_code == 1
    assert errors(result) == ["t.xlsx:2: error: cell D2 (年度) holds a formula (=2024+1) whose result was not "
                              "saved: open the file in Excel or WPS and save it again, or type the value in"]
    assert md_files(site) == ["li-na.md"]


@pytest.mark.parametrize(("encoding", "delimiter", "suffix"), [
    ("utf-8-sig", ";", ".csv"),  # Excel in a European locale
    ("gb18030", ";", ".csv"),
    ("utf-16", "\t", ".txt"),  # Excel's "Unicode text"
    ("utf-16", "\t", ".csv"),  # ... renamed to .csv
    ("utf-16-le", "\t", ".csv"),  # ... without its byte-order mark
])
def test_csv_with_semicolons_tabs_or_utf16(make_site, tmp_path, encoding, delimiter, suffix):
    lines = ["2025年推荐表", delimiter.join(["姓  名", "类别", "单位", "年度", "事迹"]),
             delimiter.join(["张伟", "道德模范", "第一车间,二班", "2025", "他，认真负责；乐于助人。"])]
    path = tmp_path / f"推荐表{suffix}"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    site = make_site()
    result = run(str(path), "--site", str(site))
    assert result.exit_code == 0, result.output
    text = (site / "content/zhang-wei.md").read_text(encoding="utf-8")
    assert "name: 张伟" in text and 'unit: "第一车间,二班"' in text
    assert text.endswith("---\n他，认真负责；乐于助人。\n")


def test_a_text_file_that_is_no_spreadsheet_is_a_clear_error(make_site, tmp_path):
    (tmp_path / "t.csv").write_bytes(b"\xff\x80\x81 binary \x00\xfe")
    site = make_site()
    result = run(str(tmp_path / "t.csv"), "--site", str(site))
    assert result.exit_code == 1
    assert errors(result) == ["t.csv: error: cannot read the file as text (it is not UTF-8, UTF-16 or GBK): "
                              "save it from Excel as .xlsx and import that"]
