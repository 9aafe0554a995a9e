"""`import`: the recommendation spreadsheet (推荐表) the units send → one draft file per row.

Every row is checked with the same rules as a content file before anything is written; a bad row
is reported as FILE:ROW and the good rows are still imported. Nothing is ever overwritten, and a
row already imported (same name, unit and year) is skipped, so running an import twice is safe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .content import CheckOptions, load_exemplars, parse_exemplar
from .errors import Problem, UsageError, error, warning
from .fields import CANONICAL, FieldError, as_year
from .photos import PhotoError, inspect_photo
from .scaffold import yaml_text
from .settings import Settings
from .slugs import slugify

BODY_COLUMNS = ("deeds", "事迹", "先进事迹")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".tif", ".tiff", ".gif")
FRONT_KEYS = ("name", "type", "category", "unit", "position", "year", "level", "honors", "summary", "quote",
              "status", "review_due")


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it (the header is row 1 when it is the first row)
    values: dict[str, str]  # canonical key (or "deeds") -> text


def import_rows(settings: Settings, sheet: Path, photos: Path | None, today: dt.date) -> ImportResult:
    """Import every row of the spreadsheet into settings.content_dir."""
    label = sheet.name
    rows, result = read_sheet(sheet, label)
    if not rows and not result.problems:
        result.problems.append(error(label, None, "the spreadsheet has a header but no rows"))
    options = CheckOptions(today=today)
    existing, _ = load_exemplars(settings, options)
    known = {(e.name, e.unit, e.year): e.source for e in existing}
    taken = {e.slug for e in existing} | {path.stem for path in settings.content_dir.rglob("*.md")}
    seen: dict[tuple[str, str, int | str | None], int] = {}
    for row in rows:
        identity = (row.values.get("name", ""), row.values.get("unit", ""), _year(row.values.get("year", "")))
        if identity in seen:
            result.failed += 1
            result.problems.append(error(label, row.number, f"same name, unit and year as row {seen[identity]}; "
                                         "remove one of the two rows"))
            continue
        seen[identity] = row.number
        if identity in known:
            result.skipped += 1
            result.problems.append(warning(label, row.number, f"{identity[0]} is already imported as "
                                           f"{known[identity]}; left as it is"))
            continue
        created = _import_row(settings, options, row, label, photos or sheet.parent, taken, result)
        if created:
            result.created.append(created)
    return result


def _year(written: str) -> int | str | None:
    """The year as content files read it (2024 and 2024年 are one year); as written when it is wrong."""
    try:
        return as_year(written)
    except FieldError:
        return written


def _import_row(settings: Settings, options: CheckOptions, row: Row, label: str, photos: Path,
                taken: set[str], result: ImportResult) -> str | None:
    values = row.values
    slug = _free_slug(slugify(values.get("name", "")) or f"row-{row.number}", taken)
    target = settings.content_dir / f"{slug}.md"
    problems = [error(label, row.number, p.message) for p in
                parse_exemplar(target, render_row(values, None).encode(), settings, options)[1] if p.is_error]
    photo, photo_problem = _find_photo(values, photos, settings)
    if photo_problem:
        problems.append(error(label, row.number, photo_problem))
    if problems:
        result.failed += 1
        result.problems.extend(problems)
        return None
    taken.add(slug)
    photo_rel = None
    if photo is not None:
        photo_rel = _copy_photo(photo, settings.content_dir / "photos", slug)
    _write_new(target, render_row(values, photo_rel))
    return target.relative_to(settings.root).as_posix()


def render_row(values: dict[str, str], photo: str | None) -> str:
    """The Markdown file of one row: its front matter (status draft unless the row says), its deeds."""
    lines = ["---"]
    for key in FRONT_KEYS:
        value = values.get(key, "").strip()
        if key == "status" and not value:
            value = "draft"
        if not value:
            continue
        if key == "honors":
            items = [item.strip() for item in value.replace("；", ";").replace("\n", ";").split(";") if item.strip()]
            lines.append("honors:")
            lines.extend(f"  - {yaml_text(item)}" for item in items)
        else:
            lines.append(f"{key}: {yaml_text(' '.join(value.split()))}")
    if photo:
        lines.append(f"photo: {yaml_text(photo)}")
    lines.append("---")
    deeds = values.get("deeds", "").replace("\r\n", "\n").strip()
    paragraphs = [p.strip() for p in deeds.split("\n") if p.strip()]  # a new line in a cell is a paragraph
    return "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"


def read_sheet(path: Path, label: str) -> tuple[list[Row], ImportResult]:
    """The rows of an .xlsx or .csv file, keyed by canonical column names."""
    result = ImportResult()
    if not path.is_file():
        raise UsageError(f"{path} is not a file: give the path of the .xlsx or .csv spreadsheet")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            table = list(_xlsx_rows(path))
        elif suffix == ".csv":
            table = list(_csv_rows(path.read_bytes()))
        else:
            raise UsageError(f"{path.name}: use an .xlsx file (Excel) or a .csv file")
    except (OSError, ValueError, KeyError, csv.Error, zipfile.BadZipFile, _xlsx_error()) as exc:
        result.problems.append(error(label, None, f"cannot read the spreadsheet ({exc}); save it again "
                                     "from Excel as .xlsx"))
        return [], result
    header_at = next((i for i, cells in enumerate(table) if any(c.strip() for c in cells)), None)
    if header_at is None:
        result.problems.append(error(label, None, "the spreadsheet is empty"))
        return [], result
    columns = [_column_key(cell) for cell in table[header_at]]
    for cell, key in zip(table[header_at], columns, strict=True):
        if cell.strip() and key is None:
            result.problems.append(warning(label, header_at + 1, f"unknown column '{cell.strip()}' is ignored"))
    if "name" not in columns:
        result.problems.append(error(label, header_at + 1, "no 姓名 (name) column: the first row must hold "
                                     "the column titles, e.g. 姓名, 类别, 单位, 年度, 事迹"))
        return [], result
    rows = []
    for index, cells in enumerate(table[header_at + 1:], start=header_at + 2):
        values = {key: cell.strip() for key, cell in zip(columns, cells, strict=False) if key and cell.strip()}
        if values:
            rows.append(Row(index, values))
    return rows, result


def _xlsx_error() -> type[Exception]:
    from openpyxl.utils.exceptions import InvalidFileException

    return InvalidFileException


def _column_key(title: str) -> str | None:
    title = title.strip().split("（")[0].split("(")[0].strip()
    if title in BODY_COLUMNS or title.lower() in BODY_COLUMNS:
        return "deeds"
    key = CANONICAL.get(title) or CANONICAL.get(title.lower())
    return key if key in FRONT_KEYS or key == "photo" else None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 2024.0 → 2024
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    """UTF-8 (with or without BOM), else GBK/GB18030: what Excel on Chinese Windows saves."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    yield from csv.reader(io.StringIO(text, newline=""))


def _find_photo(values: dict[str, str], folder: Path, settings: Settings) -> tuple[Path | None, str | None]:
    """The row's photo: the 照片 column (a file in the photos folder), else a file named after the name."""
    written = values.get("photo", "")
    if written:
        candidates = [folder / written]
    else:
        name = values.get("name", "")
        stems = {name, slugify(name)} - {""}
        candidates = sorted(p for p in folder.glob("*") if p.stem in stems and p.suffix.lower() in PHOTO_SUFFIXES) \
            if folder.is_dir() else []
        if not candidates:
            return None, None
    path = candidates[0]
    if not path.is_file():
        return None, f"photo '{written}' not found in {folder}"
    try:
        inspect_photo(path, settings.photos.max_pixels)
    except (PhotoError, OSError) as exc:
        return None, f"photo '{path.name}': {exc}"
    return path, None


def _copy_photo(source: Path, folder: Path, slug: str) -> str:
    """Copy the photo beside the content as photos/<slug>.<ext> (another name if that one is taken)."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = source.suffix.lower()
    number = 1
    while True:
        target = folder / (f"{slug}{suffix}" if number == 1 else f"{slug}-{number}{suffix}")
        if not target.exists():
            shutil.copyfile(source, target)
            return f"photos/{target.name}"
        if target.read_bytes() == source.read_bytes():
            return f"photos/{target.name}"
        number += 1


def _free_slug(base: str, taken: set[str]) -> str:
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _write_new(target: Path, text: str) -> None:
    """Write a new file whole, never over an existing one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.importing")
    temp.write_text(text, encoding="utf-8")
    try:
        os.link(temp, target)  # fails if the target exists: nothing is overwritten
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some shares): check, then rename
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
