"""`import`: the recommendation spreadsheet (推荐表) the units send → one draft file per row.

Every row is checked with the same rules as a content file before anything is written; a bad row
is reported as FILE:ROW and the good rows are still imported. Nothing is ever overwritten, and a
row already imported (same name, unit and year, spaces and line breaks aside) is skipped, so
running an import twice is safe. Photos are taken only from inside the photos folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..content.keys import COLUMNS, KEY, REQUIRED, missing_key
from ..content.load import CheckOptions, load_exemplars, parse_exemplar
from ..content.slugs import slugify
from ..errors import Problem, error, warning
from ..photos.process import PhotoError, inspect_photo
from ..settings import Settings
from .imported import MARKER_END, clean_values, known_people, person_key
from .new import yaml_text
from .sheets import Row, read_rows

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".tif", ".tiff", ".gif")


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)
    without_photo: list[str] = field(default_factory=list)  # rows imported with no photo found: "row 3 张伟"


def import_rows(settings: Settings, sheet: Path, photos: Path | None, today: dt.date) -> ImportResult:
    """Import every row of the spreadsheet into settings.content_dir."""
    result = ImportResult()
    rows, problems = read_rows(sheet, sheet.name)
    result.problems.extend(problems)
    if not rows and not any(p.is_error for p in problems):
        result.problems.append(error(sheet.name, None, "the spreadsheet has a header but no rows"))
    options = CheckOptions(today=today)
    existing, _ = load_exemplars(settings, options)
    known = known_people(settings, existing)
    taken = {e.slug for e in existing} | {path.stem for path in settings.content_dir.rglob("*.md")}
    seen: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        values = clean_values(row.values)
        if row.errors:
            result.failed += 1
            result.problems.extend(error(row.where, row.number, message) for message in row.errors)
            continue
        identity = person_key(values.get("name", ""), values.get("unit", ""), values.get("year", ""))
        if identity in seen:
            first = seen[identity]
            where = f"row {first.number}" if first.where == row.where else f"{first.where} row {first.number}"
            result.failed += 1
            result.problems.append(error(row.where, row.number, f"same name, unit and year as {where}; "
                                         "remove one of the two rows"))
            continue
        seen[identity] = row
        if identity in known:
            result.skipped += 1
            result.problems.append(warning(row.where, row.number, f"{values.get('name', '')} is already "
                                           f"imported as {known[identity]}; left as it is"))
            continue
        created = _import_row(settings, options, row, values, photos or sheet.parent, taken, result)
        if created:
            result.created.append(created)
    if result.without_photo:
        rows_word = "row" if len(result.without_photo) == 1 else "rows"
        result.problems.append(warning(sheet.name, None, f"no photo found for {len(result.without_photo)} imported "
                                       f"{rows_word} ({', '.join(result.without_photo)}): their 照片 cell is empty "
                                       f"and no photo in {photos or sheet.parent} is named after them; add a "
                                       "'photo:' line to their files, else a placeholder is shown"))
    return result


def _import_row(settings: Settings, options: CheckOptions, row: Row, values: dict[str, str], photos: Path,
                taken: set[str], result: ImportResult) -> str | None:
    slug = _free_slug(slugify(values.get("name", "")) or f"row-{row.number}", taken)
    target = settings.content_dir / f"{slug}.md"
    marker = f"{row.where} row {row.number}"
    empty = [key for key in REQUIRED if not values.get(key)]
    said = {missing_key("", key).message for key in empty}  # said of the cell instead, in spreadsheet words
    problems = [error(row.where, row.number, _empty_cell(key, dict(row.cells))) for key in empty]
    problems += [error(row.where, row.number, p.message) for p in
                 parse_exemplar(target, render_row(values, None, marker).encode(), settings, options)[1]
                 if p.is_error and p.message not in said]
    photo, photo_problem = _find_photo(values, photos, settings)
    if photo_problem:
        problems.append(error(row.where, row.number, photo_problem))
    if problems:
        result.failed += 1
        result.problems.extend(problems)
        return None
    taken.add(slug)
    if photo is None:
        result.without_photo.append(f"{marker} {values.get('name', '')}".removeprefix(f"{row.where} "))
    photo_rel = None
    if photo is not None:
        photo_rel = _copy_photo(photo, settings.content_dir / "photos", slug)
    _write_new(target, render_row(values, photo_rel, marker))
    return target.relative_to(settings.root).as_posix()


def _empty_cell(key: str, cells: dict[str, str]) -> str:
    """A required cell left empty, named by its column and cell (`the 姓名 (name) cell A5 is empty`)."""
    title = next((a for a in KEY[key].aliases if not a.isascii()), key)
    if key not in cells:
        return f"there is no {title} ({key}) column, which is required: add it to the row of column titles"
    return f"the {title} ({key}) cell {cells[key]} is empty: it is required; fill it in (or delete the row)"


def render_row(values: dict[str, str], photo: str | None, origin: str = "") -> str:
    """The Markdown file of one row: its front matter (status draft unless the row says), its deeds.

    With an origin (`FILE row N`), a comment line names the row and the person, so a later import
    recognises the file even after its name or unit is corrected or while it has an error.
    """
    lines = ["---"]
    for key in (key for key in COLUMNS if key != "photo"):  # the photo is copied first
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
    if origin:
        person = " | ".join(" ".join(values.get(key, "").split()) for key in ("name", "unit", "year"))
        lines.append(f"# imported from {' '.join(origin.split())} as {person}: {MARKER_END}")
    lines.append("---")
    deeds = values.get("deeds", "").replace("\r\n", "\n").strip()
    paragraphs = [p.strip() for p in deeds.split("\n") if p.strip()]  # a new line in a cell is a paragraph
    return "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"


def _find_photo(values: dict[str, str], folder: Path, settings: Settings) -> tuple[Path | None, str | None]:
    """The row's photo: the 照片 column (a file in the photos folder), else a file named after the name.

    Only a file inside the folder is taken: `../x.jpg`, an absolute path or a link leading out is
    refused before the file is opened, so no other file on the computer can reach the site.
    """
    written = values.get("photo", "")
    if written:
        shown, path = written, folder / written.replace("\\", "/")
    else:
        name = values.get("name", "")
        stems = {name, slugify(name)} - {""}
        found = sorted(p for p in folder.glob("*") if p.stem in stems and p.suffix.lower() in PHOTO_SUFFIXES) \
            if folder.is_dir() else []
        if not found:
            return None, None
        shown, path = found[0].name, found[0]
    if not _inside(path, folder):
        return None, (f"photo '{shown}' must be in the photos folder ({folder}): copy the photo there and write "
                      "only its file name in the 照片 column")
    if not path.is_file():
        return None, f"photo '{written}' not found in {folder}"
    try:
        inspect_photo(path, settings.photos.max_pixels, decode=True)
    except (PhotoError, OSError) as exc:
        return None, f"photo '{path.name}': {exc}"
    return path, None


def _inside(path: Path, folder: Path) -> bool:
    """True when path, links followed, is in folder (or a folder below it)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


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
