"""Reading the recommendation spreadsheet as units really make it: .xlsx or delimited text → rows.

Workbooks: every visible sheet whose column titles (a 姓名 column) are among its first rows is read;
a title row above the titles is fine; merged cells give their value to every cell they cover; a 年度
cell Excel shows as a date is read back as the year it was typed as; a formula saved without its
result is an error naming the cell. Text: UTF-8, UTF-16 (Excel's "Unicode text") or GBK, separated
by commas, semicolons or tabs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..content.keys import CANONICAL, COLUMNS
from ..errors import Problem, UsageError, error, warning

HEADER_ROWS = 10  # the column titles are looked for among this many first rows
BODY_COLUMNS = ("deeds", "事迹", "先进事迹")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
DELIMITERS = (",", ";", "\t")
_EXCEL_ESCAPE = re.compile(r"_x(000[9aAdD])_")  # a tab or line end in a cell, as Excel writes it
_DATE_TEXT = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?\s*$")


@dataclass(frozen=True)
class Row:
    """One person's row: where problems about it are shown, its number in the sheet, its values."""

    where: str  # the file name, with [sheet] when the workbook has several sheets of people
    number: int  # the row number the spreadsheet program shows
    values: dict[str, str]  # canonical key (or "deeds") -> text as written, trimmed
    errors: tuple[str, ...] = ()  # cells that cannot be read (a formula without its result)
    cells: tuple[tuple[str, str], ...] = ()  # (canonical key, its cell on this row, e.g. "A5"), for messages


@dataclass(frozen=True)
class Grid:
    """One sheet's cells, top-left first, as Python values; `formulas` are cells with no saved result."""

    name: str | None
    cells: list[list[object]]
    formulas: dict[tuple[int, int], str]  # (row index, column index) -> the formula
    hidden: bool = False
    epoch: dt.date = dt.date(1899, 12, 30)  # Excel's day 0 (1904-01-01 in workbooks from old Macs)


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says what to do."""


def read_rows(path: Path, label: str) -> tuple[list[Row], list[Problem]]:
    """The rows of an .xlsx or delimited text file, keyed by canonical column names, with the problems."""
    if not path.is_file():
        raise UsageError(f"{path} is not a file: give the path of the .xlsx or .csv spreadsheet")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            grids = read_workbook(path)
        elif suffix in TEXT_SUFFIXES:
            grids = [read_text(path.read_bytes())]
        else:
            raise UsageError(f"{path.name}: save the spreadsheet from Excel or WPS as .xlsx (Excel workbook) "
                             "or .csv, then import that file")
    except SheetError as exc:
        return [], [error(label, None, str(exc))]
    except (OSError, ValueError, KeyError, csv.Error, zipfile.BadZipFile) as exc:
        return [], [error(label, None, f"cannot read the spreadsheet ({exc}); save it again from Excel as .xlsx")]
    return rows_of(grids, label)


def rows_of(grids: list[Grid], label: str) -> tuple[list[Row], list[Problem]]:
    """The rows of every sheet that has column titles; the other sheets are named in warnings."""
    problems: list[Problem] = []
    found = [(grid, header_row(grid)) for grid in grids if any(_text(c) for row in grid.cells for c in row)]
    if not found:
        return [], [error(label, None, "the spreadsheet is empty")]
    for grid, header in found:
        if grid.hidden and header is not None:
            problems.append(warning(label, None, f"sheet '{grid.name}' is hidden in Excel; its rows are not "
                                    "imported (unhide it to import them)"))
        elif header is None and not grid.hidden and len(found) > 1:
            problems.append(warning(label, None, f"sheet '{grid.name}' has no 姓名 (name) column in its first "
                                    f"{HEADER_ROWS} rows; it is ignored"))
    read = [(grid, header) for grid, header in found if header is not None and not grid.hidden]
    if not read:
        return [], problems + [error(label, None, f"no 姓名 (name) column in the first {HEADER_ROWS} rows: the "
                                     "row of column titles must have 姓名, e.g. 姓名, 类别, 单位, 年度, 事迹")]
    rows: list[Row] = []
    for grid, header in read:
        where = f"{label}[{grid.name}]" if len(read) > 1 else label
        sheet_rows, sheet_problems = _grid_rows(grid, header, where)
        rows.extend(sheet_rows)
        problems.extend(sheet_problems)
    return rows, problems


def header_row(grid: Grid) -> int | None:
    """The index of the row of column titles: the first of the first rows with a 姓名 column."""
    return next((i for i, row in enumerate(grid.cells[:HEADER_ROWS])
                 if "name" in (column_key(_text(c)) for c in row)), None)


def column_key(title: str) -> str | None:
    """The key a column title stands for: `姓  名`, `年度（必填）` and `Name*` are read as titles."""
    title = re.sub(r"\s+", "", unicodedata.normalize("NFKC", title)).split("(")[0].strip("*:")
    if title in BODY_COLUMNS or title.lower() in BODY_COLUMNS:
        return "deeds"
    key = CANONICAL.get(title) or CANONICAL.get(title.lower())
    return key if key in COLUMNS else None


def _grid_rows(grid: Grid, header: int, where: str) -> tuple[list[Row], list[Problem]]:
    titles = [_text(c).strip() for c in grid.cells[header]]
    columns = [column_key(title) for title in titles]
    problems = [warning(where, header + 1, f"unknown column '{title}' is ignored")
                for title, key in zip(titles, columns, strict=True) if title and key is None]
    rows: list[Row] = []
    dated: list[tuple[int, str, str, str]] = []  # 年度 cells shown as dates: row, cell, shown, year
    for index in range(header + 1, len(grid.cells)):
        values: dict[str, str] = {}
        errors: list[str] = []
        cells: dict[str, str] = {}
        for column, key in enumerate(columns):
            if key is None or key in values:
                continue
            cell = f"{_letters(column)}{index + 1}"
            cells.setdefault(key, cell)
            formula = grid.formulas.get((index, column))
            if formula is not None:
                errors.append(f"cell {cell} ({titles[column]}) holds a formula ({formula}) whose result was not "
                              "saved: open the file in Excel or WPS and save it again, or type the value in")
                continue
            value = grid.cells[index][column] if column < len(grid.cells[index]) else None
            text = _text(value).strip()
            if key == "year" and (year := _year_shown_as_date(value, grid.epoch)) is not None:
                dated.append((index + 1, cell, text, year))
                text = year
            if text:
                values[key] = text
        if column_key(values.get("name", "")) == "name":
            continue  # the titles again (a second title row under merged ones, or repeated for printing)
        if values or errors:
            rows.append(Row(where, index + 1, values, tuple(errors), tuple(cells.items())))
    if dated:
        number, cell, shown, year = dated[0]
        more = f"; {len(dated) - 1} more 年度 cells were read the same way" if len(dated) > 1 else ""
        problems.append(warning(where, number, f"the 年度 cell {cell} is formatted as a date (Excel shows "
                                f"{shown}); it was read as the year {year}: format the 年度 column as 常规 "
                                f"(General){more}"))
    return rows, problems


def _year_shown_as_date(value: object, epoch: dt.date) -> str | None:
    """2025 typed into a cell formatted as a date is 1905-07-17: give back the number typed."""
    if isinstance(value, str):
        match = _DATE_TEXT.match(value)
        if not match:
            return None
        try:
            value = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    if not isinstance(value, dt.date):
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return None
    serial = (day - epoch).days  # the number Excel keeps (right from March 1900 on)
    return str(serial) if 1900 <= serial <= 2999 else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 2024.0 → 2024
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n")


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_workbook(path: Path) -> list[Grid]:
    """Every worksheet of an .xlsx file, merged cells filled from their top-left cell."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        formulas_book = load_workbook(path, data_only=False)
        values_book = None
        if any(_formulas(sheet) for sheet in formulas_book.worksheets):
            values_book = load_workbook(path, data_only=True)  # the results Excel saved beside the formulas
    except InvalidFileException as exc:
        raise SheetError(f"cannot read the spreadsheet ({exc}); save it again from Excel as .xlsx") from exc
    grids = []
    for number, sheet in enumerate(formulas_book.worksheets):
        values_sheet = values_book.worksheets[number] if values_book is not None else sheet
        height, width = _used_size(sheet)
        cells = [[_unescaped(value) for value in row] for row in values_sheet.iter_rows(
            min_row=1, min_col=1, max_row=height, max_col=width, values_only=True)]
        unsaved = {at: formula for at, formula in _formulas(sheet).items()
                   if values_book is None or cells[at[0]][at[1]] is None}
        for merged in sheet.merged_cells.ranges:
            top, left = merged.min_row - 1, merged.min_col - 1
            for row in range(top, merged.max_row):
                for column in range(left, merged.max_col):
                    cells[row][column] = cells[top][left]
                    if (top, left) in unsaved:
                        unsaved[(row, column)] = unsaved[(top, left)]
        grids.append(Grid(sheet.title, cells, unsaved, hidden=sheet.sheet_state != "visible",
                          epoch=formulas_book.epoch.date()))
    return grids


def _unescaped(value: object) -> object:
    """Excel's escapes of line ends in a text cell as the line ends they stand for: `_x000D_` is the carriage
    return of a line pasted from Word. openpyxl leaves them as text (and reads `_x005F_x000D_`, Excel's
    way of writing that text literally, as `_x000D_` too: nobody types it, so it is read as a line end)."""
    if not isinstance(value, str) or "_x" not in value:
        return value
    text = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _used_size(sheet: object) -> tuple[int, int]:
    """The rows and columns up to the last cell that holds something (merged ranges included).

    max_row counts cells that only carry a format, which Excel may write down to row 1,048,576.
    """
    used = [at for at, cell in sheet._cells.items() if cell.value is not None]
    used += [(r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    return max((r for r, _ in used), default=1), max((c for _, c in used), default=1)


def _formulas(sheet: object) -> dict[tuple[int, int], str]:
    found = {}
    for (row, column), cell in sheet._cells.items():  # only the cells written in the file
        if cell.data_type == "f":
            text = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
            found[(row - 1, column - 1)] = text or "="
    return found


def read_text(data: bytes) -> Grid:
    """A CSV or tab-separated text file: UTF-8, UTF-16 or GBK; commas, semicolons or tabs."""
    text = decode_text(data)
    best: tuple[int, list[list[str]]] | None = None
    for delimiter in DELIMITERS:
        cells = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        grid = Grid(None, cells, {})
        header = header_row(grid)
        known = 0 if header is None else sum(column_key(c) is not None for c in cells[header])
        if best is None or known > best[0]:
            best = (known, cells)
    assert best is not None
    return Grid(None, best[1], {})


def decode_text(data: bytes) -> str:
    """UTF-16 by its byte-order mark (or its zero bytes), UTF-8 with or without BOM, else GBK/GB18030."""
    attempts = ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else []
    if b"\x00" in data[:200]:
        odd_zeros = data[1:200:2].count(0) > data[0:200:2].count(0)
        attempts += ["utf-16-le", "utf-16-be"] if odd_zeros else ["utf-16-be", "utf-16-le"]
    attempts += ["utf-8-sig", "gb18030"]
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise SheetError("cannot read the file as text (it is not UTF-8, UTF-16 or GBK): save it from Excel as "
                     ".xlsx and import that")
