"""`import` of cells as Excel really saves them (issue 23): `_x000D_` escapes in shared strings, empty
required cells named by their cell, rows imported without a photo listed."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import jpeg_bytes

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_OOXML = "http://schemas.openxmlformats.org"
_SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_RELATION = f"{_OOXML}/officeDocument/2006/relationships"
_TYPES = (f'{_XML}<Types xmlns="{_OOXML}/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEETML}.sheet.main+xml"/>'
          f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEETML}.worksheet+xml"/>'
          f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHEETML}.sharedStrings+xml"/></Types>')
_RELS = (f'{_XML}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{_RELATION}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = (f'{_XML}<workbook xmlns="{_OOXML}/spreadsheetml/2006/main" xmlns:r="{_RELATION}">'
         '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = (f'{_XML}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
              f'<Relationship Id="rId1" Type="{_RELATION}/worksheet" Target="worksheets/sheet1.xml"/>'
              f'<Relationship Id="rId2" Type="{_RELATION}/sharedStrings" Target="sharedStrings.xml"/>'
              '</Relationships>')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def excel_book(path: Path, table: list[list[str]]) -> Path:
    """An .xlsx as Excel writes it: every text in sharedStrings.xml (t="s" cells), kept as given here,
    so `_x000D_` is written exactly as Excel escapes a carriage return pasted from Word."""
    strings: list[str] = []
    rows = []
    for number, row in enumerate(table, 1):
        cells = []
        for column, text in enumerate(row):
            if text == "":
                continue
            strings.append(text)
            cells.append(f'<c r="{chr(65 + column)}{number}" t="s"><v>{len(strings) - 1}</v></c>')
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    shared = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", _TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _BOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>')
        book.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      f'<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>')
    return path


HEADER = ["姓名", "类别", "单位", "年度", "荣誉", "事迹"]


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["import", *args])


def test_excel_escapes_of_a_carriage_return_are_decoded(make_site, tmp_path):
    site = make_site()
    sheet = excel_book(tmp_path / "推荐表.xlsx", [HEADER, [
        "张伟", "道德模范", "第一车间_x000D_\n二班", "2025", "劳动模范_x000D_\n技术能手",
        "第一段事迹。_x000D_\n第二段事迹。_x000D_\n第三段_x000d_第四段。_x0001_"]])
    (tmp_path / "张伟.jpg").write_bytes(jpeg_bytes())
    result = run(str(sheet), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    text = (site / "content/zhang-wei.md").read_text(encoding="utf-8")
    assert "_x000D_\n" not in text and "\r" not in text
    assert "unit: 第一车间 二班\n" in text
    assert "honors:\n  - 劳动模范\n  - 技术能手\n" in text
    assert text.endswith("---\n第一段事迹。\n\n第二段事迹。\n\n第三段\n\n第四段。_x0001_\n")


def test_an_empty_required_cell_is_named_by_its_column_and_cell(make_site, tmp_path):
    site = make_site()
    sheet = excel_book(tmp_path / "推荐表.xlsx", [
        ["姓名", "类别", "单位", "年度", "事迹"],
        ["", "道德模范", "第一车间", "2025", "事迹。"],
        ["李四", "道德模范", "", "2025", "事迹。"],
    ])
    result = run(str(sheet), "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "推荐表.xlsx:2: error: the 姓名 (name) cell A2 is empty: it is required; fill it in (or delete the row)",
        "推荐表.xlsx:3: error: the 单位 (unit) cell C3 is empty: it is required; fill it in (or delete the row)",
    ]


def test_a_missing_required_column_is_named(make_site, tmp_path):
    site = make_site()
    sheet = excel_book(tmp_path / "推荐表.xlsx", [["姓名", "类别", "年度"], ["李四", "道德模范", "2025"]])
    result = run(str(sheet), "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["推荐表.xlsx:2: error: there is no 单位 (unit) column, which is required: "
                                          "add it to the row of column titles"]


def test_rows_imported_without_a_photo_are_listed(make_site, tmp_path):
    site = make_site()
    sheet = excel_book(tmp_path / "推荐表.xlsx", [
        ["姓名", "类别", "单位", "年度", "事迹"],
        ["张伟", "道德模范", "第一车间", "2025", "事迹。"],
        ["李四", "道德模范", "第一车间", "2025", "事迹。"],
        ["王五", "道德模范", "第一车间", "2025", "事迹。"],
        ["", "道德模范", "第一车间", "2025", "事迹。"],
    ])
    (tmp_path / "李四.jpg").write_bytes(jpeg_bytes())
    result = run(str(sheet), "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"推荐表.xlsx: warning: no photo found for 2 imported rows (row 2 张伟, row 4 王五): their 照片 cell is "
        f"empty and no photo in {tmp_path} is named after them; add a 'photo:' line to their files, else a "
        "placeholder is shown"]
    assert "photo: photos/li-si.jpg\n" in (site / "content/li-si.md").read_text(encoding="utf-8")
