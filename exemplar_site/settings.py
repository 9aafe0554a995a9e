"""Settings: read and check `site.toml` into one frozen `Settings` value, by the table of keys in
setting_keys.py (their types, defaults, rules and messages)."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, error, warning
from .setting_keys import (
    EMPTY,
    MISSING,
    SECTIONS,
    TOP_KEYS,
    OneOf,
    OwnMessage,
    Section,
    Setting,
    SettingError,
    default_of,
    settings_in,
    toml_value,
)

SETTINGS_FILE = "site.toml"


@dataclass(frozen=True)
class Category:
    """A category of exemplars, in display order; `slug` names its pages."""

    name: str
    slug: str
    description: str = ""


@dataclass(frozen=True)
class PrintSettings:
    """Settings for posters, boards and the booklet: each product on its own paper."""

    poster: str = default_of("print", "size")  # portrait
    board: str = default_of("print", "size")
    board_landscape: bool = False
    booklet: str = default_of("print", "booklet")  # portrait
    fonts: tuple[str, ...] = ()
    posters: str = default_of("print", "posters")  # or "all": posters for every year's roll
    fonts_line: int | None = field(default=None, compare=False, repr=False)  # where `fonts` is, for problems

    @property
    def size(self) -> str:
        """The older single setting, `size`: the posters' paper."""
        return self.poster


@dataclass(frozen=True)
class PhotoSettings:
    """Limits for the photos staff add."""

    max_megapixels: int = default_of("photos", "max_megapixels")  # larger images are refused before they are decoded

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
    max_file_bytes: int = default_of("content", "max_kilobytes")  # [content] max_kilobytes, in bytes
    order: str = default_of("", "order")  # of names on every list: "strokes" (按姓氏笔画), "pinyin" or "file"
    screen_seconds: int = default_of("screen", "seconds")  # [screen] seconds
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
    """Checks the parsed TOML by the table of keys; knows the text only to point problems at lines."""

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

    def warn_unknown(self, table: dict[str, Any], known: tuple[str, ...], where: str, line: int | None = None) -> None:
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
                self.problems.append(
                    warning(SETTINGS_FILE, line or self.line_of(key), f"unknown key '{key}'{where}{hint}")
                )

    def read(self, data: dict[str, Any]) -> tuple[Settings | None, list[Problem]]:
        self.warn_unknown(data, TOP_KEYS, "")
        values = self.read_table(data, "")
        for section in SECTIONS:
            if section.array:
                values[section.into] = self.read_tables(section, data.get(section.name))
            elif section.into:
                values[section.into] = _OBJECTS[section.name](**self.read_section(section, data.get(section.name)))
            else:
                values.update(self.read_section(section, data.get(section.name)))
        settings = Settings(root=self.root, **values)
        if any(p.is_error for p in self.problems):
            return None, self.problems
        return settings, self.problems

    def read_table(self, table: dict[str, Any], section: str, line: int | None = None) -> dict[str, Any]:
        """The fields that the table's keys of this section fill; `line` is the [[table]]'s, if one."""
        read: dict[str, Any] = {}
        values: dict[str, Any] = {}
        for setting in settings_in(section):
            value = read[setting.name] = self.read_key(setting, table, read, line)
            values.update(zip(setting.fields, value if len(setting.fields) > 1 else (value,), strict=False))
            if setting.keeps_line:
                values[f"{setting.fields[0]}_line"] = self.line_of(setting.name)
        return values

    def read_key(self, setting: Setting, table: dict[str, Any], read: dict[str, Any], line: int | None) -> Any:
        """One key's value by its rule; its default (after an error, too) when it is not there."""
        raw = table.get(setting.name)
        at = line if _in_array(setting) else self.line_of(setting.name)
        facts = {"value": raw.strip() if isinstance(raw, str) else raw, "category": read.get("name", "")}

        def report(*templates: str, own: bool = False) -> None:
            for template in templates:
                self.problems.append(error(SETTINGS_FILE, at, _message(setting, template if own else
                                                                       setting.problem or template, **facts)))

        default = setting.rule.read(read[setting.default_from]) if setting.default_from else setting.stored_default
        if raw is None:
            if setting.required:
                report(MISSING)
            return default
        try:
            value = setting.rule.read(raw)
        except SettingError as exc:
            report(*exc.args, own=isinstance(exc, OwnMessage))
            return default
        if setting.required and value in ("", ()):
            report(EMPTY)
        return value

    def read_section(self, section: Section, value: Any) -> dict[str, Any]:
        """A [table]'s fields; the defaults when it is absent or not a table."""
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.problems.append(error(SETTINGS_FILE, self.line_of(section.name),
                                       section.problem.format(key=section.name)))
            value = {}
        names = tuple(setting.name for setting in settings_in(section.name))
        self.warn_unknown(value, names, f" in [{section.name}]")
        return self.read_table(value, section.name)

    def read_tables(self, section: Section, value: Any) -> tuple[Any, ...]:
        """Each [[table]] of an array, in order; no two with the same value of a `unique` key."""
        if value is None or value == []:  # missing, or written as an empty list: point at it if it is there
            if section.required:
                self.problems.append(error(SETTINGS_FILE, self.line_of(section.name), section.missing))
            return ()
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problems.append(error(SETTINGS_FILE, self.line_of(section.name),
                                       section.problem.format(key=section.name)))
            return ()
        names = tuple(setting.name for setting in settings_in(section.name))
        objects = []
        start = 0
        for table in value:
            start = self.line_of(section.name, start) or 0
            self.warn_unknown(table, names, f" in [[{section.name}]]", start or None)
            objects.append(_OBJECTS[section.name](**self.read_table(table, section.name, start or None)))
        for setting in (s for s in settings_in(section.name) if s.unique):
            seen = [getattr(o, setting.name) for o in objects]
            for twice in sorted({s for s in seen if s and seen.count(s) > 1}):
                self.problems.append(error(SETTINGS_FILE, self.line_of(section.name),
                                           f"two {section.name} have the {setting.name} '{twice}'"))
        return tuple(objects)


def _in_array(setting: Setting) -> bool:
    """Whether the key is in each table of an [[array of tables]], whose problems point at the table."""
    return any(section.name == setting.section and section.array for section in SECTIONS)


def _message(setting: Setting, template: str, **facts: Any) -> str:
    """A template of the setting's rule or its own, filled in with the setting's facts."""
    rule, names = setting.rule, setting.rule.names if isinstance(setting.rule, OneOf) else ()
    in_table = setting.section and not _in_array(setting)
    return template.format(
        key=setting.name, label=f"[{setting.section}] {setting.name}" if in_table else setting.name,
        help=setting.help, example=toml_value(setting.shown), names=", ".join(names), first=names[0] if names else "",
        default=toml_value(setting.default) if setting.default is not None else "", either=" or ".join(names),
        choices=rule.explained() if isinstance(rule, OneOf) else "",
        low=getattr(rule, "low", ""), high=getattr(rule, "high", ""), **facts)


_OBJECTS: dict[str, type] = {"categories": Category, "print": PrintSettings, "photos": PhotoSettings}
