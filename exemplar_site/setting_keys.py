"""The site.toml schema: one table of settings (where each key is, its type, default, rule and help)
that loading, its messages, `new` and the README's settings block read."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from .urls import RESERVED_SLUGS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANDSCAPE_WORDS = ("landscape", "横向", "横版", "横")
PORTRAIT_WORDS = ("portrait", "竖向", "纵向", "竖版", "竖")
PRINT_SIZES = ("A3", "A4")  # posters, and boards (each portrait or landscape)
BOOKLET_SIZES = ("A4", "A5")
PAPER_NAMES = tuple(dict.fromkeys(PRINT_SIZES + BOOKLET_SIZES))  # every paper print/layout.py must know
MISSING = "'{key}' is required, e.g. {key} = \"...\""
EMPTY = "'{key}' must not be empty"


class SettingError(Exception):
    """A value breaks its setting's rule; the message is a template the setting's facts fill in."""


class OwnMessage(SettingError):
    """A value of the right form that is still refused: its own message, not the setting's `problem`."""


@dataclass(frozen=True)
class Choice:
    """One allowed value, with what it means (for messages and the README) and a Chinese hint for `new`."""

    value: str
    meaning: str = ""
    hint: str = ""


LANGUAGES = (Choice("zh-CN", "Chinese"), Choice("en", "English"))
ORDER_CHOICES = (Choice("strokes", "names by the strokes of the surname, 按姓氏笔画", "按姓氏笔画"),
                 Choice("pinyin", "alphabetically", "按姓名拼音"), Choice("file", "by file name", "按文件名"))
ORDERS = tuple(choice.value for choice in ORDER_CHOICES)
DEFAULT_ORDER = ORDERS[0]  # the first choice is the default
PRINT_PAPERS = tuple(Choice(size) for size in PRINT_SIZES)
POSTER_CHOICES = (Choice("current", "posters for the current roll"), Choice("all", "posters for every year's roll"))


def toml_value(value: Any) -> str:
    """A value as site.toml writes it."""
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _default_note(default: Any, shown: Any) -> str:
    """What the README says of a default that is not one of a few marked values."""
    if default in (None, "", ()):
        return ""
    return " (the default)" if shown == default else f" (default {toml_value(default)})"


@dataclass(frozen=True)
class Text:
    """Text in double quotes, trimmed."""

    problem: ClassVar[str] = "'{key}' must be text in double quotes"

    def read(self, value: Any) -> str:
        if not isinstance(value, str):
            raise SettingError(self.problem)
        return value.strip()

    def allowed(self, default: Any, shown: Any) -> str:
        """The allowed values, and the default, as the README's comment ends."""
        return _default_note(default, shown)


@dataclass(frozen=True)
class Slug(Text):
    """Lower-case ASCII letters, digits and '-', for page addresses."""

    def read(self, value: Any) -> str:
        if not isinstance(value, str) or not SLUG_RE.match(value):
            raise SettingError(self.problem)
        if value in RESERVED_SLUGS:  # category/index.html is the list of categories
            raise OwnMessage("category '{category}': slug = \"{value}\" is the address of the list of all "
                             "categories; choose another, such as the category's name in English or pinyin "
                             "(e.g. slug = {example})")
        return value


@dataclass(frozen=True)
class OneOf:
    """One of a few texts (trimmed; upper-cased with `upper`, as paper names are)."""

    choices: tuple[Choice, ...]
    upper: bool = False
    problem: ClassVar[str] = "{label} must be {choices}"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def read(self, value: Any) -> str:
        text = value.strip() if isinstance(value, str) else value
        text = text.upper() if self.upper and isinstance(text, str) else text
        if text not in self.names:
            raise SettingError(self.problem)
        return text

    def explained(self, default: Any = None) -> str:
        """`"a" (what a means), "b" (...) or "c" (...)`, the default marked."""
        parts = [f'"{c.value}"' + (f" ({', '.join(filter(None, ('default' if c.value == default else '', c.meaning)))})"
                                    if c.meaning or c.value == default else "") for c in self.choices]
        other = f" (default: {default})" if default is not None and default not in self.names else ""
        return ", ".join(parts[:-1]) + " or " + parts[-1] + other

    def allowed(self, default: Any, shown: Any) -> str:
        return f": {self.explained(default)}"


@dataclass(frozen=True)
class Paper(OneOf):
    """A paper name for one product, in any case."""

    upper: bool = True
    problem: ClassVar[str] = "{label} is {help}: one of {names}, e.g. {key} = \"{first}\""


@dataclass(frozen=True)
class Board(OneOf):
    """A paper name, then how it lies: (paper, lies on its side); "A3", "A4 landscape", "A3横向" ..."""

    problem: ClassVar[str] = ("{label} is {help}: {either}, then portrait or landscape, "
                              "e.g. {key} = \"{first} landscape\"")

    def read(self, value: Any) -> tuple[str, bool]:
        words = value.replace("\u3000", " ").split() if isinstance(value, str) else []
        if len(words) == 1 and words[0][2:]:  # "A3横向", written without a space
            words = [words[0][:2], words[0][2:]]
        turn = words[1].lower() if len(words) == 2 else PORTRAIT_WORDS[0]
        if not 1 <= len(words) <= 2 or words[0].upper() not in self.names \
                or turn not in LANDSCAPE_WORDS + PORTRAIT_WORDS:
            raise SettingError(self.problem)
        return words[0].upper(), turn in LANDSCAPE_WORDS

    def allowed(self, default: Any, shown: Any) -> str:
        return (f"{super().allowed(default, shown)}, then \"{PORTRAIT_WORDS[0]}\" (default, {PORTRAIT_WORDS[1]}) "
                f"or \"{LANDSCAPE_WORDS[0]}\" ({LANDSCAPE_WORDS[1]})")


@dataclass(frozen=True)
class Whole:
    """A whole number from `low` to `high` (no quotes); stored times `factor`."""

    low: int
    high: int
    factor: int = 1
    problem: ClassVar[str] = "{label} must be a whole number from {low} to {high}, e.g. {default}"

    def read(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise SettingError(self.problem)
        return value * self.factor

    def allowed(self, default: Any, shown: Any) -> str:
        return f" ({self.low} to {self.high}" + (f", default {default})" if default is not None else ")")


@dataclass(frozen=True)
class Texts:
    """A list of texts; with `item` (e.g. "level") each is trimmed, must not be empty and is listed once."""

    item: str = ""
    problem: ClassVar[str] = "{label} must be a list of texts, e.g. {key} = {example}"

    def read(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and (v.strip() or not self.item)
                                                           for v in value):
            raise SettingError(self.problem)
        if not self.item:
            return tuple(value)
        texts = tuple(v.strip() for v in value)
        twice = sorted({v for v in texts if texts.count(v) > 1})
        if twice:  # the texts are staff's: braces in them are not a template's
            raise SettingError(*(f"{self.item} '{v}' is listed twice".replace("{", "{{").replace("}", "}}")
                                 for v in twice))
        return texts

    def allowed(self, default: Any, shown: Any) -> str:
        return _default_note(default, shown)


Rule = Text | OneOf | Whole | Texts


@dataclass(frozen=True)
class Setting:
    """One key of site.toml: where it is, what it holds, its default, its rule and its help."""

    section: str  # "" at the top; else the [table] or [[array of tables]] it is in
    name: str
    rule: Rule
    help: str  # what the key does, for the README and some messages
    default: Any = None  # None: required when `required`, else left out
    example: Any = None  # the value the README shows, when not the default
    required: bool = False
    into: tuple[str, ...] | None = None  # the fields it fills (default: its name); () none
    default_from: str = ""  # the key of the same table whose value is the default
    problem: str = ""  # the message for any wrong value (missing too), when the rule's own does not fit
    unique: bool = False  # in [[tables]]: no two tables may have the same value
    keeps_line: bool = False  # its line is kept (field `<into>_line`) for later problems

    @property
    def stored_default(self) -> Any:
        """The default as loading stores it (a `Whole` times its factor)."""
        return None if self.default is None else self.rule.read(self.default)

    @property
    def shown(self) -> Any:
        """The value the README shows."""
        return self.default if self.example is None else self.example

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.name,) if self.into is None else self.into


@dataclass(frozen=True)
class Section:
    """A [table] of site.toml, or an [[array of tables]] (each a `Category`); `into` names its field."""

    name: str
    help: str = ""
    array: bool = False
    required: bool = False
    into: str = ""  # the Settings field its own object fills; "" its keys fill Settings' fields
    missing: str = ""  # the error when a required section is absent or empty
    problem: str = "[{key}] must be a table"  # the error when it is not a table (or a list of tables)


SECTIONS: tuple[Section, ...] = (
    Section("categories", "in display order", array=True, required=True, into="categories",
            missing="no categories: add at least one [[categories]] table with name = \"...\" and slug = \"...\"",
            problem="'{key}' must be written as [[{key}]] tables"),
    Section("print", "each product on its own paper: see \"Printing\"", into="print"),
    Section("photos", into="photos"),
    Section("content"),
    Section("screen"),
)

SETTINGS: tuple[Setting, ...] = (
    Setting("", "title", Text(), "the site's name", required=True, example="先进典型光荣榜"),
    Setting("", "organisation", Text(), "shown with the title", default="", example="青川市公用事业集团"),
    Setting("", "language", OneOf(LANGUAGES), "the site's labels", default="zh-CN",
            problem="{label} must be one of {names}, not '{value}'"),
    Setting("", "year", Whole(1900, 2999), "the current roll, default the latest year in the content", example=2025,
            problem="'{key}' must be a whole year such as 2024 (no quotes)", keeps_line=True),
    Setting("", "levels", Texts("level"), "in rank order", default=("国家级", "省级", "市级", "县级", "单位级")),
    Setting("", "order", OneOf(ORDER_CHOICES), "names on every list", default=DEFAULT_ORDER),
    Setting("categories", "name", Text(), "the category, as content files write it", required=True, unique=True,
            example="道德模范", problem="a [[categories]] table needs name = \"...\""),
    Setting("categories", "slug", Slug(), "lower-case ASCII letters, digits and '-', used in page addresses",
            required=True, unique=True, example="moral-models",
            problem="category '{category}' needs slug = \"...\" in lower-case ASCII letters, digits and '-', "
                    "e.g. slug = {example}"),
    Setting("categories", "description", Text(), "shown on the category page", default="",
            example="孝老爱亲、诚实守信、助人为乐，以品德感召身边人。",
            problem="category '{category}': description must be text"),
    Setting("print", "size", Paper(PRINT_PAPERS), "the paper of posters and boards", default="A3", into=()),
    Setting("print", "poster", Paper(PRINT_PAPERS), "the posters' paper", default_from="size", example="A3"),
    Setting("print", "board", Board(PRINT_PAPERS), "the boards' paper", default_from="size", example="A3",
            into=("board", "board_landscape")),
    Setting("print", "booklet", Paper(tuple(Choice(size) for size in BOOKLET_SIZES)), "the booklet's paper",
            default="A4"),
    Setting("print", "fonts", Texts(), "font files, relative to the site folder", default=(),
            example=("fonts/SourceHanSerifSC-Regular.otf",), keeps_line=True),
    Setting("print", "posters", OneOf(POSTER_CHOICES), "which rolls have posters", default="current"),
    Setting("photos", "max_megapixels", Whole(1, 1000), "larger photos are refused before they are decoded",
            default=100),
    Setting("content", "max_kilobytes", Whole(1, 100_000, factor=1024), "a larger content file is an error, "
            "refused before it is read", default=1024, into=("max_file_bytes",)),
    Setting("screen", "seconds", Whole(2, 600), "how long the lobby screen (screen.html) shows each exemplar",
            default=10, into=("screen_seconds",)),
)


def settings_in(section: str) -> tuple[Setting, ...]:
    """The table's keys of one section ("" for the top), in the table's order."""
    return tuple(setting for setting in SETTINGS if setting.section == section)


def default_of(section: str, name: str) -> Any:
    """A key's default as loading stores it."""
    return next(s for s in SETTINGS if (s.section, s.name) == (section, name)).stored_default


TOP_KEYS = tuple(s.name for s in settings_in("")) + tuple(section.name for section in SECTIONS)
