"""Loading and checking the content folder: every file, every rule, every problem at once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cache import digest, input_key
from ..errors import Problem, error, warning
from ..model import Exemplar, PhotoSource
from ..photos.process import PhotoError
from ..settings import Settings
from ..uptodate import now_ns, signature
from .across import check_roll_year, check_unique_slugs, tell_namesakes_apart
from .cache import ContentCache
from .deeds import PLACEHOLDER_DEEDS, Deeds, check_deeds, render_deeds, shorten
from .files import name_problem, resolve_photo_path, scan_content_files, site_relative
from .keys import CANONICAL, KEY, REQUIRED, Field, FieldError, describe, missing_key, unknown_key_hint
from .slugs import is_ascii_name, slugify
from .source import Source, decode_bytes, split_source
from .workers import load_in_workers

MAX_DEEDS_CHARS = 1500
_SEPARATORS = re.compile("[，、,；;]")
# Zero-width characters that WeChat and web pages paste into names: invisible, yet they split search and
# slugs. Not the zero-width joiner (U+200D): it holds emoji sequences together.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200e\u200f\u2060\ufeff]")
SUMMARY_LIMIT = 120


@dataclass(frozen=True)
class CheckOptions:
    """What the checks compare against: today's date for reviews (复核)."""

    today: dt.date


def content_cache(settings: Settings, options: CheckOptions, folder: Path | None) -> ContentCache:
    """The cache of parsed files for these settings and this date (kept in `folder`, if given)."""
    return ContentCache(folder, input_key(repr(settings), options.today.isoformat()), settings.photos.max_pixels)


def load_exemplars(settings: Settings, options: CheckOptions, cache: ContentCache | None = None,
                   jobs: int = 1) -> tuple[list[Exemplar], list[Problem]]:
    """Load and check every content file (many new ones in `jobs` worker processes); return the
    good exemplars and all problems found."""
    cache = cache or content_cache(settings, options, None)
    if not settings.content_dir.is_dir():
        return [], [error("content", None, "there is no content/ folder: create it and put one "
                          "Markdown file per exemplar in it (see `python build.py new`)")]
    exemplars: list[Exemplar] = []
    paths, problems = scan_content_files(settings)
    loaded = load_in_workers(lambda path: load_exemplar(path, settings, options, cache), paths,
                             lambda path: cache.loaded_unchanged(path) is not None, cache, jobs)
    for index, path in enumerate(paths):
        exemplar, found = loaded.pop(index, None) or load_exemplar(path, settings, options, cache)
        problems.extend(found)
        if exemplar is not None:
            exemplars.append(exemplar)
    exemplars, found = tell_namesakes_apart(exemplars)
    problems.extend(found)
    problems.extend(check_unique_slugs(exemplars))
    problems.extend(check_roll_year(settings, exemplars))
    return exemplars, problems


def load_exemplar(path: Path, settings: Settings, options: CheckOptions,
                  cache: ContentCache | None = None) -> tuple[Exemplar | None, list[Problem]]:
    """Read, parse and check one content file (or take it from the cache when its bytes are known)."""
    cache = cache or content_cache(settings, options, None)
    rel = path.relative_to(settings.root).as_posix()
    bad_name = name_problem(rel)
    if bad_name is not None:
        return None, [bad_name]
    known = cache.loaded_unchanged(path)  # same trusted stat as when last read: not even read again
    if known is not None:
        return known[0], list(known[1])
    try:
        if site_relative(path, settings) is None:
            return None, [error(rel, None, "the file is a link leading out of the site folder; "
                                "copy the file into content/ instead")]
        taken, sig = now_ns(), signature(path)
        size = sig[1] if sig is not None else path.stat().st_size  # gone: stat says why
        if size == 0:
            return None, [error(rel, None, "the file is empty: start it with the front matter "
                                "(see `python build.py new`) or delete it")]
        if size > settings.max_file_bytes:  # checked before reading: a runaway file never fills memory
            return None, [error(rel, None, f"the file is {size / 1024:,.0f} KB; the limit is "
                                f"{settings.max_file_bytes // 1024:,} KB ([content] max_kilobytes in site.toml): "
                                "shorten the deeds (事迹) or split the file")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(rel, None, f"cannot read the file: {exc.strerror}")]
    key = cache.key(rel, data)
    cache.note_read(path, key, taken, sig)
    known = cache.loaded(key)
    if known is not None:
        return known[0], list(known[1])
    exemplar, problems = _parse(path, rel, data, settings, options, cache)
    if exemplar is not None:  # the same file with another photo is another exemplar to draw
        exemplar = replace(exemplar, fingerprint=digest(key, exemplar.photo.digest) if exemplar.photo else key)
        cache.remember(key, exemplar, problems)
    return exemplar, problems


def parse_exemplar(path: Path, data: bytes, settings: Settings,
                   options: CheckOptions) -> tuple[Exemplar | None, list[Problem]]:
    """Check the bytes a content file would have (import checks each row before writing it)."""
    rel = path.relative_to(settings.root).as_posix()
    return _parse(path, rel, data, settings, options, content_cache(settings, options, None))


def _parse(path: Path, rel: str, data: bytes, settings: Settings, options: CheckOptions,
           cache: ContentCache) -> tuple[Exemplar | None, list[Problem]]:
    text, problems = decode_bytes(data, rel)
    if text is None:
        return None, problems
    source, found = split_source(text, rel)
    problems += found
    if source is None:
        return None, problems
    reader = _ExemplarReader(path, rel, settings, options, source, cache, {p.line for p in found if p.is_error})
    exemplar = reader.read()
    problems += reader.problems
    if any(p.is_error for p in problems):
        return None, problems
    return exemplar, problems


class _ExemplarReader:
    """Turns one file's entries into an Exemplar, collecting a problem per broken rule."""

    def __init__(self, path: Path, rel: str, settings: Settings, options: CheckOptions, source: Source,
                 cache: ContentCache, reported_lines: set[int | None]):
        self.path, self.rel, self.settings, self.options, self.source = path, rel, settings, options, source
        self.cache, self.reported_lines = cache, reported_lines
        self.problems: list[Problem] = []
        self.fields: dict[str, Field] = self._collect_fields()

    def _collect_fields(self) -> dict[str, Field]:
        fields: dict[str, Field] = {}
        written: dict[str, str] = {}
        for entry in self.source.entries:
            key = CANONICAL.get(entry.key) or CANONICAL.get(entry.key.lower())
            if key is None:
                hint = unknown_key_hint(entry.key)
                self.problems.append(warning(self.rel, entry.line, f"unknown key '{entry.key}'{hint} "
                                             "(it is ignored and never published)"))
                continue
            if key in fields:
                self.problems.append(error(self.rel, entry.line, f"'{entry.key}' repeats '{written[key]}' "
                                           f"(line {fields[key].line}): keep only one"))
                continue
            fields[key], written[key] = Field(entry.value, entry.line), entry.key
        return fields

    def get(self, key: str, default: Any = None) -> Any:
        """The key's value read by its rule in the table of keys, or the default (the table's, if any)."""
        default = KEY[key].default if default is None else default
        field = self.fields.get(key)
        if field is None:
            return default
        if field.line in self.reported_lines:  # its slip is reported: one problem per line
            return default
        try:
            value = KEY[key].convert(field.value)
        except FieldError as exc:
            self.problems.append(error(self.rel, field.line, f"{describe(key)} {exc}"))
            return default
        note = KEY[key].note(field.value) if KEY[key].note else None
        if note:
            self.problems.append(warning(self.rel, field.line, f"{describe(key)} {note}"))
        return default if value in (None, "", ()) else value

    def line(self, key: str) -> int:
        field = self.fields.get(key)
        return field.line if field else 1

    def read(self) -> Exemplar | None:
        values = {key: self.get(key) for key in REQUIRED}
        values["name"] = self._visible(values["name"])
        for key in REQUIRED:
            if values[key] in (None, "", ()) and not self._already_reported(key):
                field = self.fields.get(key)
                self.problems.append(missing_key(self.rel, key, field.line if field else None))
        if "private" in self.fields and not isinstance(self.fields["private"].value, (dict, type(None))):
            self.problems.append(error(self.rel, self.line("private"), f"{describe('private')} must be a mapping "
                                       "of 'key: value' lines indented below it"))
        deeds = render_deeds(self.source.body)
        self._check_deeds(deeds)
        summary = self.get("summary", "")
        given_slug = self.get("slug", "")
        exemplar = Exemplar(
            source=self.rel,
            slug=given_slug or self._slug(values["name"] or ""),
            slug_line=self._slug_line(),
            name=values["name"] or "",
            kind=self.get("type"),
            categories=self._categories(values["category"] or ()),
            unit=values["unit"] or "",
            year=self._year(values["year"]),
            position=self.get("position", ""),
            level=self._level(),
            honors=self.get("honors", ()),
            photo=self._photo(),
            summary=summary or shorten(deeds.first_paragraph, SUMMARY_LIMIT),
            summary_given=bool(summary),
            quote=self.get("quote", ""),
            status=self.get("status"),
            review_due=self._review_due(),
            order=self.get("order"),
            deeds_html=deeds.html,
            deeds_length=deeds.length,
            deeds_opening=deeds.opening,
            sort_name=slugify(values["name"] or ""),
            slug_given=bool(given_slug),
        )
        return exemplar

    def _visible(self, name: str | None) -> str | None:
        """The name without zero-width characters, with a warning saying they were there."""
        if not isinstance(name, str) or not _ZERO_WIDTH.search(name):
            return name
        self.problems.append(warning(self.rel, self.line("name"), "the name has invisible zero-width characters "
                                     "(pasted from WeChat or a web page): they are removed; retype the name to "
                                     "drop them from the file"))
        return _ZERO_WIDTH.sub("", name) or None

    def _already_reported(self, key: str) -> bool:
        if key not in self.fields:
            return False
        line = self.fields[key].line
        return line in self.reported_lines or any(p.line == line for p in self.problems)

    def _check_deeds(self, deeds: Deeds) -> None:
        self.problems += check_deeds(deeds, self.source.body, self.rel, self.source.body_line, MAX_DEEDS_CHARS,
                                     PLACEHOLDER_DEEDS)

    def _slug(self, name: str) -> str:
        """The automatic slug: the file name if ASCII, else the name's pinyin (namesakes are told apart later)."""
        if is_ascii_name(self.path.stem):
            return slugify(self.path.stem)
        return slugify(name) or slugify(self.path.stem) or "exemplar"

    def _slug_line(self) -> int | None:
        """Where the slug comes from: its own line, else the name's (none when it is the file name)."""
        if "slug" in self.fields:
            return self.line("slug")
        return None if is_ascii_name(self.path.stem) else self.line("name")

    def _categories(self, names: tuple[str, ...]) -> tuple[str, ...]:
        known = ", ".join(c.name for c in self.settings.categories)
        result = []
        for name in names:
            category = self.settings.category(name)
            if category is None:
                self.problems.append(error(self.rel, self.line("category"), f"unknown category '{name}'; "
                                           f"site.toml has: {known}{_list_hint(name)}"))
            elif category.name not in result:
                result.append(category.name)
        return tuple(result)

    def _level(self) -> str:
        level = self.get("level", "")
        if level and level not in self.settings.levels:
            self.problems.append(error(self.rel, self.line("level"), f"unknown level '{level}'; "
                                       f"site.toml has: {', '.join(self.settings.levels)}"))
            return ""
        return level

    def _year(self, year: int | None) -> int:
        """The roll's year; one after next year is a slip of the keyboard (2205 for 2025), an error: it
        would make a roll of its own and take the honour-roll wall (next year's may be prepared already)."""
        if year is not None and year > self.options.today.year + 1:
            self.problems.append(error(self.rel, self.line("year"), f"year {year} is after next year "
                                       f"({self.options.today.year + 1}): correct the typing mistake (the newest "
                                       "roll is the one the honour-roll wall shows)"))
        return year or 0

    def _review_due(self) -> dt.date | None:
        due = self.get("review_due")
        if due is not None and due < self.options.today:
            self.problems.append(warning(self.rel, self.line("review_due"), f"the review (复核) was due on "
                                         f"{due.isoformat()}: review this exemplar and set a new review_due"))
        return due

    def _photo(self) -> PhotoSource | None:
        written = self.get("photo", "")
        if not written:
            return None
        line = self.line("photo")
        try:
            path, rel = resolve_photo_path(written, self.path.parent, self.settings)
            width, height, sha = self.cache.photo_facts(path)
        except (PhotoError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.problems.append(error(self.rel, line, f"photo '{written}': {message}"))
            return None
        return PhotoSource(path=path, rel=rel, digest=sha, width=width, height=height)


def _list_hint(name: str) -> str:
    """`爱岗敬业，道德模范` is two categories typed as one: show the list form."""
    parts = [part.strip() for part in _SEPARATORS.split(name) if part.strip()]
    if len(parts) < 2:
        return ""
    return f"; for several categories write a list with ASCII commas: category: [{', '.join(parts)}]"
