"""Typing slips in front matter that YAML misreads, found line by line and said in plain words.

A Chinese input method types `姓名：张伟`; a value starting with `!`, `&`, `|`… is read as YAML
syntax; `第三车间 #2 班组` loses its end to a comment. Each is reported on its line with the fix,
and the line is repaired (the value put in quotes) so the rest of the file is still read and one
slip gives one problem, not a cascade of YAML jargon and "missing key" errors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import yaml

from ..errors import Problem, error, warning
from .keys import LIST_KEYS
from .yamlnodes import scan_tokens

_FULLWIDTH_KEY = re.compile(r"^(\s*)([^\s:：#'\"\-\[{][^:：]*?)\s*：\s?(.*)$")
_NO_SPACE_KEY = re.compile(r"^(\s*)([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*):(?=[^\s/:])(.*)$")
_KEY_LINE = re.compile(r"^(\s*)([^\s#'\"\[{\-?][^:]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_ITEM_LINE = re.compile(r"^(\s*)-(?:[ \t]+(.*?))?[ \t]*$")
_FULLWIDTH_SPACE = re.compile(r"^(\s*)([^\s#'\"\[{\-?][^:]*?):\u3000+(.*)$")
# `-荣誉一` (no space) and `1. 荣誉一`, `1、荣誉一`: a list typed the way people number lists on paper.
_LOOSE_ITEM = re.compile(r"^(\s*)(?:-(?=[^\s-])|\d{1,2}[ \t]*[.、．)）][ \t]*)(\S.*?)[ \t]*$")
_COMMENT = re.compile(r"(?:^|[ \t]+)#(?=[ \t]|$)")  # `# note`; `#2` glued to text is not one
_BLOCK_HEADER = re.compile(r"^[|>][-+1-9]*\s*(#.*)?$")
_CHINESE_QUOTES = "“”‘’"
# What a value's first character makes YAML do, in words a staff member can act on.
_INDICATORS = {
    "!": "reads as a tag",
    "&": "reads as an anchor (a name for reuse)",
    "*": "reads as an alias (a reference to an anchor)",
    "%": "reads as a directive",
    "@": "reserves (it cannot start a value)",
    "`": "reserves (it cannot start a value)",
    "|": "reads as the start of a block of text (the text goes on the lines below)",
    ">": "reads as the start of a block of text (the text goes on the lines below)",
    "-": "reads as a list item",
    "?": "reads as a complex key",
}


@dataclass
class _Owner:
    """The last line that started a key or a list item: deeper lines continue its value."""

    indent: int
    open: bool  # its value is empty on its line: a deeper line starts a nested mapping or list
    block: bool  # its value is a block of text (`|`, `>`): deeper lines are that text
    listing: bool = False  # a key that takes a list (honors, category) with an empty value, or an item of one


def quoted(value: str) -> str:
    """A value in YAML double quotes (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def check_lines(lines: list[str], path: str, first_line: int) -> tuple[list[str], list[Problem]]:
    """Report slips at their lines and return the lines repaired so YAML reads the rest."""
    fixed: list[str] = []
    problems: list[Problem] = []
    owner: _Owner | None = None
    for number, line in enumerate(lines, first_line):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped or stripped.startswith("#"):
            fixed.append(line)
            continue
        loose = _LOOSE_ITEM.match(line) if owner is not None and owner.listing else None
        if loose and owner is not None and indent >= owner.indent:
            pad, value = loose.groups()
            line = f"{pad}- {_safe_item(value)}"
            problems.append(warning(path, number, f"'{stripped}' was read as an item of the list: write each "
                                    f"item on its own line as '- ' (a dash and a space) and the text, e.g. "
                                    f"'{line.strip()}'"))
            owner = _Owner(indent, False, False, listing=True)
            fixed.append(line)
            continue
        if owner is not None and indent > owner.indent and (owner.block or not owner.open):
            fixed.append(line)  # a continuation of the value above (or its block of text): not a key
            continue
        line, message, opened = _check_key_line(line, indent)
        if opened is not None and owner is not None and owner.listing and line.lstrip().startswith("-"):
            opened = replace(opened, listing=True)  # an item of the list: more items may follow
        owner = opened or owner
        if message:
            problems.append(error(path, number, message))
        fixed.append(line)
    return fixed, problems


def _check_key_line(line: str, indent: int) -> tuple[str, str | None, _Owner | None]:
    """One line at a key's position: its slip (if any), the line repaired, and what it opens."""
    match = _FULLWIDTH_KEY.match(line)
    if match and ":" not in line.split("：", 1)[0]:
        pad, key, rest = match.groups()
        value, comment = _split_comment(rest)
        return (f"{pad}{key}: {_safe(value)}{comment}", f"full-width colon '：' after '{key}': use the ASCII "
                f"colon and a space, e.g. '{key}: {_safe(value)}'", _Owner(indent, not value, False))
    match = _FULLWIDTH_SPACE.match(line)
    if match:
        pad, key, rest = match.groups()
        value, comment = _split_comment(rest)
        return (f"{pad}{key}: {_safe(value)}{comment}", f"a full-width space (全角空格) after the colon in '{key}:': "
                f"use an ordinary space, e.g. '{key}: {_safe(value)}'", _Owner(indent, not value, False))
    match = _NO_SPACE_KEY.match(line)
    if match and not _KEY_LINE.match(line):
        pad, key, rest = match.groups()
        value, comment = _split_comment(rest)
        return (f"{pad}{key}: {_safe(value)}{comment}", f"missing space after ':' in '{key}:': "
                f"write '{key}: {_safe(value)}'", _Owner(indent, False, False))
    match = _KEY_LINE.match(line) or _ITEM_LINE.match(line)
    if match is None:
        return line, None, None
    pad, *key, rest = match.groups()
    lead = f"{key[0]}:" if key else "-"
    value, comment = _split_comment(rest or "")
    words = _misread(value, after_key=bool(key))
    if words:
        return (f"{pad}{lead} {quoted(value)}{comment}", f"{words}: put the value in quotes: {lead} {quoted(value)}",
                _Owner(indent, False, False))
    return line, None, _Owner(indent, not value, bool(_BLOCK_HEADER.match(value)),
                              listing=not value and bool(key) and key[0].strip() in LIST_KEYS)


def _safe_item(value: str) -> str:
    """An item's text as written, quoted when YAML would misread it after `- `."""
    return quoted(value) if _misread(value, after_key=False) else value


def _split_comment(value: str) -> tuple[str, str]:
    """`张伟    # 姓名` → (`张伟`, `    # 姓名`): a hint after the value, as `new` writes them, stays put."""
    found = _COMMENT.search(value)
    return (value[:found.start()], value[found.start():]) if found else (value, "")


def _safe(value: str) -> str:
    """The value as written, quoted when YAML would misread it."""
    return quoted(value) if value and _misread(value, after_key=True) else value


def _misread(value: str, after_key: bool) -> str | None:
    """How YAML would misread a value written after `key: ` (or `- `), in plain words; None if it reads."""
    if not value:
        return None
    first = value[0]
    text = value.split(" #", 1)[0]
    if first in _CHINESE_QUOTES and (": " in text or text.endswith(":")):
        return ("the value is in Chinese quotes “ ”, which are not quotes to YAML, and the ': ' inside "
                "makes YAML read it as a key")
    if first in "|>" and _BLOCK_HEADER.match(value):
        return None
    if first in "-?" and not (value == first or value.startswith(first + " ")):
        return None  # -5, ?号: plain text
    if first == "-" and not after_key:
        return None  # `- - a`: a list in a list
    if first in _INDICATORS:
        return f"the value starts with '{first}', which YAML {_INDICATORS[first]}"
    if first not in "\"'[{#" and (": " in text or text.endswith(":")):
        return "the value contains ': ' (a colon and a space), which YAML reads as the start of another key"
    return None


def check_comments(text: str, path: str, first_line: int) -> list[Problem]:
    """Text cut off by ` #` (`unit: 第三车间 #2 班组`, `position: #1 班长`): an error on its line.

    Comments are not YAML tokens: whatever follows the last token on a line is one. A comment
    written as `# note` (hash and space, as `new` writes its hints) is meant; `#2` glued to its
    text is part of a value that YAML cut. Lines with nothing but a comment are left alone.
    """
    if "#" not in text:
        return []
    lines = text.split("\n")
    ends: dict[int, tuple[int, yaml.Token | None]] = {}  # line -> end column of its last token, the last ':' or '-'
    covered: set[int] = set()  # lines that a token (a block of text, a quoted value) runs through
    for token in scan_tokens(text):
        start, end = token.start_mark, token.end_mark
        covered.update(range(start.line, end.line))
        column, indicator = ends.get(end.line, (0, None))
        if isinstance(token, (yaml.ValueToken, yaml.BlockEntryToken)):
            indicator = token
        ends[end.line] = (max(column, end.column), indicator)
    problems = []
    for number, (column, indicator) in sorted(ends.items()):
        rest = lines[number][column:].lstrip() if number < len(lines) and number not in covered else ""
        if not rest.startswith("#") or len(rest) < 2 or rest[1].isspace() or rest[1] == "#":
            continue
        line = lines[number]
        fix = "put the whole value in quotes"
        cut = indicator.end_mark.column if indicator is not None and indicator.start_mark.line == number else None
        if cut is not None and line[cut:].strip()[0] not in "\"'":  # a quoted value then '#': no one fix
            fix += f": {line[:cut].strip()} {quoted(line[cut:].strip())}"
        problems.append(error(path, first_line + number, f"the text after '#' ('{rest}') was taken as a "
                              f"comment and left out: {fix}"))
    return problems
