"""Settings: read and check `site.toml` into one frozen `Settings` value."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content.ordering import DEFAULT_ORDER, ORDERS
from .errors import Problem, error, warning
from .print.layout import parse_board

SETTINGS_FILE = "site.toml"
LANGUAGES = ("zh-CN", "en")
PRINT_SIZES = ("A3", "A4")  # posters, and boards (each portrait or landscape)
BOOKLET_SIZES = ("A4", "A5")
DEFAULT_LEVELS = ("国家级", "省级", "市级", "县级", "单位级")
TOP_KEYS = ("title", "organisation", "language", "year", "levels", "order", "categories", "print", "photos",
            "content", "screen")
CATEGORY_KEYS = ("name", "slug", "description")
PRINT_KEYS = ("size", "poster", "board", "booklet", "fonts", "posters")
PHOTO_KEYS = ("max_megapixels",)
CONTENT_KEYS = ("max_kilobytes",)
SCREEN_KEYS = ("seconds",)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Category:
    """A category of exemplars, in display order; `slug` names its pages."""

    name: str
    slug: str
    description: str = ""


@dataclass(frozen=True)
class PrintSettings:
    """Settings for posters, boards and the booklet: each product on its own paper."""

    poster: str = "A3"  # "A3" or "A4", portrait
    board: str = "A3"  # "A3" or "A4"
    board_landscape: bool = False
    booklet: str = "A4"  # "A4" or "A5", portrait
    fonts: tuple[str, ...] = ()
    posters: str = "current"  # or "all": posters for every year's roll
    fonts_line: int | None = field(default=None, compare=False, repr=False)  # where `fonts` is, for problems

    @property
    def size(self) -> str:
        """The older single setting, `size`: the posters' paper."""
        return self.poster


@dataclass(frozen=True)
class PhotoSettings:
    """Limits for the photos staff add."""

    max_megapixels: int = 100  # larger images are refused before they are decoded

    @property
    def max_pixels(self) -> int:
        return self.max_megapixels * 1_000_000


@dataclass(frozen=True)
class Settings:
    """Everything `site.toml` says, checked and with defaults filled in."""

    root: Path
    title: str
    organisation: str
    language: str
    year: int | None
    levels: tuple[str, ...]
    categories: tuple[Category, ...]
    print: PrintSettings
    photos: PhotoSettings = PhotoSettings()
    max_file_bytes: int = 1024 * 1024  # [content] max_kilobytes: a larger content file is an error
    order: str = DEFAULT_ORDER  # of names on every list: "strokes" (按姓氏笔画), "pinyin" or "file"
    screen_seconds: int = 10  # [screen] seconds: how long the lobby screen shows each exemplar
    year_line: int | None = field(default=None, compare=False, repr=False)  # where `year` is, for problems

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def category(self, name: str) -> Category | None:
        """Find a category by its name (or its slug, which staff sometimes type)."""
        for category in self.categories:
            if name in (category.name, category.slug):
                return category
        return None


def load_settings(root: Path) -> tuple[Settings | None, list[Problem]]:
    """Read `site.toml` under `root`; return the settings (None on errors) and the problems."""
    path = root / SETTINGS_FILE
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        return None, [error(SETTINGS_FILE, None, f"cannot read the settings file: {exc.strerror}")]
    except UnicodeDecodeError:
        return None, [error(SETTINGS_FILE, None, "not UTF-8 text: save site.toml as UTF-8")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_toml_syntax_problem(exc)]
    return _SettingsReader(root, text).read(data)


def _toml_syntax_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    line = int(match.group(1)) if match else None
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
    hint = "; text values need double quotes, e.g. title = \"光荣榜\""
    if message.startswith("Cannot declare") and "categories" in message:
        hint = "; each category starts with [[categories]], in two pairs of brackets"
    elif message.startswith("Cannot declare"):
        hint = "; a [table] may appear only once: merge the two"
    return error(SETTINGS_FILE, line, f"TOML syntax: {message}{hint}")


class _SettingsReader:
    """Checks the parsed TOML; knows the text only to point problems at lines."""

    def __init__(self, root: Path, text: str):
        self.root = root
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def line_of(self, key: str, start: int = 0) -> int | None:
        pattern = re.compile(rf"^\s*(?:\[\[?\s*)?\"?{re.escape(key)}\"?\s*(=|\]|\.)")
        for number, line in enumerate(self.lines[start:], start + 1):
            if pattern.match(line):
                return number
        return None

    def error(self, key: str, message: str, start: int = 0) -> None:
        self.problems.append(error(SETTINGS_FILE, self.line_of(key, start), message))

    def warn_unknown(self, table: dict[str, Any], known: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
                self.problems.append(
                    warning(SETTINGS_FILE, self.line_of(key), f"unknown key '{key}'{where}{hint}")
                )

    def text(self, data: dict[str, Any], key: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            self.error(key, f"'{key}' is required, e.g. {key} = \"...\"")
            return ""
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text in double quotes")
            return ""
        return value.strip()

    def read(self, data: dict[str, Any]) -> tuple[Settings | None, list[Problem]]:
        self.warn_unknown(data, TOP_KEYS, "")
        title = self.text(data, "title")
        if "title" in data and not title:
            self.error("title", "'title' must not be empty")
        organisation = self.text(data, "organisation", "")
        language = self.text(data, "language", "zh-CN")
        if language and language not in LANGUAGES:
            self.error("language", f"language must be one of {', '.join(LANGUAGES)}, not '{language}'")
        settings = Settings(
            root=self.root,
            title=title,
            organisation=organisation,
            language=language if language in LANGUAGES else "zh-CN",
            year=self.read_year(data.get("year")),
            year_line=self.line_of("year"),
            levels=self.read_levels(data.get("levels", list(DEFAULT_LEVELS))),
            categories=self.read_categories(data.get("categories")),
            print=self.read_print(data.get("print", {})),
            photos=self.read_photos(data.get("photos", {})),
            max_file_bytes=self.read_content(data.get("content", {})),
            order=self.read_order(data.get("order", DEFAULT_ORDER)),
            screen_seconds=self.read_screen(data.get("screen", {})),
        )
        if any(p.is_error for p in self.problems):
            return None, self.problems
        return settings, self.problems

    def read_year(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2999:
            self.error("year", "'year' must be a whole year such as 2024 (no quotes)")
            return None
        return value

    def read_levels(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error("levels", "'levels' must be a list of texts, e.g. levels = [\"国家级\", \"省级\"]")
            return ()
        levels = tuple(v.strip() for v in value)
        for level in sorted({v for v in levels if levels.count(v) > 1}):
            self.error("levels", f"level '{level}' is listed twice")
        return levels

    def read_categories(self, value: Any) -> tuple[Category, ...]:
        if value is None or value == []:  # missing, or written as an empty list: point at it if it is there
            self.error("categories", "no categories: add at least one [[categories]] table "
                       "with name = \"...\" and slug = \"...\"")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error("categories", "'categories' must be written as [[categories]] tables")
            return ()
        categories: list[Category] = []
        start = 0
        for table in value:
            line = self.line_of("categories", start) or 0
            start = line
            categories.append(self.read_category(table, line))
        for attr in ("name", "slug"):
            seen = [getattr(c, attr) for c in categories]
            for dup in sorted({s for s in seen if s and seen.count(s) > 1}):
                self.error("categories", f"two categories have the {attr} '{dup}'")
        return tuple(categories)

    def read_category(self, table: dict[str, Any], line: int) -> Category:
        where = line or None
        for key in table:
            if key not in CATEGORY_KEYS:
                close = difflib.get_close_matches(key, CATEGORY_KEYS, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.problems.append(warning(SETTINGS_FILE, where, f"unknown key '{key}' in [[categories]]{hint}"))
        name, slug, description = (table.get(k, "") for k in CATEGORY_KEYS)
        if not isinstance(name, str) or not name.strip():
            self.problems.append(error(SETTINGS_FILE, where, "a [[categories]] table needs name = \"...\""))
            name = ""
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            self.problems.append(
                error(SETTINGS_FILE, where, f"category '{name}' needs slug = \"...\" in lower-case ASCII "
                      "letters, digits and '-', e.g. slug = \"moral-models\"")
            )
            slug = ""
        if not isinstance(description, str):
            self.problems.append(error(SETTINGS_FILE, where, f"category '{name}': description must be text"))
            description = ""
        return Category(name=name.strip(), slug=slug, description=description.strip())

    def read_print(self, value: Any) -> PrintSettings:
        if not isinstance(value, dict):
            self.error("print", "[print] must be a table")
            return PrintSettings()
        self.warn_unknown(value, PRINT_KEYS, " in [print]")
        size = self.paper(value, "size", "A3", PRINT_SIZES, "the paper of posters and boards")
        poster = self.paper(value, "poster", size, PRINT_SIZES, "the posters' paper")
        board, landscape = self.board_paper(value.get("board", size))
        booklet = self.paper(value, "booklet", "A4", BOOKLET_SIZES, "the booklet's paper")
        fonts = value.get("fonts", [])
        if not isinstance(fonts, list) or not all(isinstance(f, str) for f in fonts):
            self.error("fonts", "[print] fonts must be a list of font file paths")
            fonts = []
        posters = value.get("posters", "current")
        if posters not in ("current", "all"):
            self.error("posters", "[print] posters must be \"current\" or \"all\"")
            posters = "current"
        return PrintSettings(poster=poster, board=board, board_landscape=landscape, booklet=booklet,
                             fonts=tuple(fonts), posters=posters, fonts_line=self.line_of("fonts"))

    def paper(self, table: dict[str, Any], key: str, default: str, sizes: tuple[str, ...], what: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or value.strip().upper() not in sizes:
            self.error(key, f"[print] {key} is {what}: one of {', '.join(sizes)}, e.g. {key} = \"{sizes[0]}\"")
            return default if default in sizes else sizes[0]
        return value.strip().upper()

    def board_paper(self, value: Any) -> tuple[str, bool]:
        board = parse_board(value, PRINT_SIZES)
        if board is None:
            self.error("board", "[print] board is the boards' paper: A3 or A4, then portrait or landscape, "
                       "e.g. board = \"A3 landscape\"")
        return board or ("A3", False)

    def read_photos(self, value: Any) -> PhotoSettings:
        limit = self.whole(value, "photos", PHOTO_KEYS, "max_megapixels", PhotoSettings.max_megapixels, 1, 1000)
        return PhotoSettings(max_megapixels=limit)

    def read_content(self, value: Any) -> int:
        default = Settings.max_file_bytes // 1024
        return self.whole(value, "content", CONTENT_KEYS, "max_kilobytes", default, 1, 100_000) * 1024

    def read_screen(self, value: Any) -> int:
        return self.whole(value, "screen", SCREEN_KEYS, "seconds", Settings.screen_seconds, 2, 600)

    def whole(self, table: Any, name: str, known: tuple[str, ...], key: str, default: int, low: int,
              high: int) -> int:
        """A whole number in a range from a [table] of its own; the default when absent or wrong."""
        if not isinstance(table, dict):
            self.error(name, f"[{name}] must be a table")
            return default
        self.warn_unknown(table, known, f" in [{name}]")
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(key, f"[{name}] {key} must be a whole number from {low} to {high}, e.g. {default}")
            return default
        return value

    def read_order(self, value: Any) -> str:
        if value not in ORDERS:
            self.error("order", 'order must be "strokes" (names by the strokes of the surname, 按姓氏笔画), '
                       '"pinyin" (alphabetically) or "file" (by file name)')
            return DEFAULT_ORDER
        return value
