"""Reading one content file: bytes → text → front matter entries (with their lines) and the deeds.

python-frontmatter is not used on purpose: it silently returns empty metadata for a file that
starts with a byte-order mark or lacks the closing `---`, and it loses line numbers. Staff need
every problem pointed at its line, so the split and the YAML walk below keep them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import Problem, error, warning
from .slips import check_comments, check_lines
from .yamlnodes import NestedTooDeep, compose_front_matter

MAX_DEPTH = 20
FENCE = "---"


@dataclass(frozen=True)
class Entry:
    """One top-level front matter key as written, with its value and line in the file."""

    key: str
    value: Any
    line: int


@dataclass(frozen=True)
class Source:
    """A content file split into its front matter entries and its deeds (Markdown body)."""

    entries: tuple[Entry, ...]
    body: str
    body_line: int


def decode_bytes(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM), else UTF-16 with a BOM or GB18030 with a warning; normalise
    line ends."""
    problems: list[Problem] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" (UTF-16) marks itself so
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, [error(path, None, "cannot read the file: it starts as UTF-16 (Notepad's \"Unicode\") "
                                "but is damaged; open it in Notepad and save it as UTF-8")]
        data = text.encode("utf-8")
        problems.append(warning(path, None, "file is saved as UTF-16 (Notepad's \"Unicode\"); it was read, "
                                "but please save it as UTF-8"))
    elif _looks_utf16(data):
        return None, [error(path, None, "file is saved as UTF-16 (Notepad's \"Unicode\") without a byte-order "
                            "mark: open it in Notepad and save it with the encoding UTF-8")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        foreign, native = _foreign_lines(data)
        if len(native) > len(foreign):
            return None, [error(path, line, "this line has text in another encoding (GBK, pasted from "
                                "another program) while the rest of the file is UTF-8: retype the garbled "
                                "text on this line and save the file as UTF-8") for line in foreign]
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return None, _unreadable(data, path)
        # GB18030 reads almost any bytes as some characters, so UTF-8 lines would be published garbled. A short
        # GBK line may happen to be valid UTF-8 of two-byte letters; Chinese in UTF-8 has three bytes a character.
        pasted = [line for line, written in native.items() if any(ord(char) >= 0x800 for char in written)]
        if pasted:
            return None, [error(path, line, "this line is UTF-8 while the rest of the file is GBK: save the file "
                                "as UTF-8, then retype this line") for line in pasted]
        problems.append(warning(path, foreign[0] if foreign else None, "file is saved as GBK/GB18030; it was "
                                "read, but please save it as UTF-8"))
    if "\x00" in text:
        return None, problems + [error(path, None, "file contains NUL bytes: it is not a text file")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without its mark: the zero bytes of ASCII letters (`---`, `name:`) at every other byte."""
    if b"\x00" not in data:
        return False
    head = data[:400]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) >= len(head) // 8 and min(even, odd) * 4 <= max(even, odd)


def _unreadable(data: bytes, path: str) -> list[Problem]:
    """Neither UTF-8 nor GBK: name the lines GBK cannot read (a UTF-8 line added to a GBK file), if any."""
    lines = []
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode("gb18030")
        except UnicodeDecodeError:
            lines.append(number)
    if not lines or len(lines) * 2 >= data.count(b"\n") + 1:
        return [error(path, None, "cannot read the file: it is neither UTF-8 nor GBK/GB18030 text; save it as UTF-8")]
    return [error(path, line, "this line is neither UTF-8 nor GBK like the rest of the file: save the file as "
                  "UTF-8, then retype this line") for line in lines]


def _foreign_lines(data: bytes) -> tuple[list[int], dict[int, str]]:
    """The lines with text that is not UTF-8, and those with text that is, decoded (ASCII lines are neither)."""
    good: dict[int, str] = {}
    bad: list[int] = []
    for number, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            good[number] = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad, good


def split_source(text: str, path: str) -> tuple[Source | None, list[Problem]]:
    """Split `---` front matter from the body and parse the front matter into entries."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return None, [error(path, 1, "the file must start with a line '---', then the keys "
                            "(name: ..., category: ...), then another '---' line")]
    closing = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in (FENCE, "...")), None)
    if closing is None:
        return None, [error(path, 1, "the front matter is not closed: add a line '---' after "
                            "the last key, before the deeds")]
    front = lines[1:closing]
    entries, problems = parse_front_matter(front, path, first_line=2)
    if entries is None:  # unreadable: only the YAML problem, no "missing key" for keys that are there
        return None, problems
    body = "\n".join(lines[closing + 1:])
    return Source(entries=tuple(entries), body=body, body_line=closing + 2), problems


def parse_front_matter(lines: list[str], path: str,
                       first_line: int) -> tuple[list[Entry] | None, list[Problem]]:
    """Parse YAML lines into top-level entries (None when unreadable); scalars stay the text written."""
    lines, problems = check_lines(lines, path, first_line)
    text = "\n".join(lines)
    if not text.strip():
        return [], problems
    try:
        node = compose_front_matter(text, MAX_DEPTH)
    except NestedTooDeep as exc:
        line = first_line + (exc.key.start_mark.line if exc.key else exc.mark.line)
        what = f"the value of '{exc.key.value}'" if exc.key else "the front matter"
        return None, problems + [error(path, line, f"{what} is nested too deeply "
                                       f"(more than {MAX_DEPTH} levels of lists or mappings)")]
    except yaml.MarkedYAMLError as exc:
        found = _yaml_problem(exc, path, first_line, lines)
        return None, problems + ([found] if found.line not in {p.line for p in problems} else [])
    except yaml.YAMLError as exc:
        return None, problems + [error(path, None, f"front matter is not valid YAML: {exc}")]
    if node is None:
        return [], problems
    if not isinstance(node, yaml.MappingNode):
        line = first_line + node.start_mark.line
        return None, problems + [error(path, line, "the front matter must be a list of 'key: value' "
                                       "lines, e.g. 'name: 张伟'")]
    problems += check_comments(text, path, first_line)
    entries: list[Entry] = []
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(error(path, line, "a key must be a plain word such as 'name'"))
            continue
        bad = _BAD_CHARACTER.search(key_node.value)
        if bad:
            problems.append(error(path, line, f"a key contains the invisible or invalid character "
                                  f"U+{ord(bad.group()):04X}; retype the key"))
            continue
        try:
            value = _to_python(value_node, 0)
        except _TooDeep:
            problems.append(error(path, line, f"the value of '{key_node.value}' is nested too deeply"))
            continue
        except _BadCharacter as exc:
            problems.append(error(path, line, f"the value of '{key_node.value}' contains the invisible or "
                                  f"invalid character U+{exc.code:04X} (written as an escape such as \\u0000, "
                                  "or pasted in); remove it"))
            value = None  # the key was given: only this problem is reported for it
        entries.append(Entry(key=key_node.value.strip(), value=value, line=line))
    return entries, problems


class _TooDeep(Exception):
    pass


# Control characters other than tab and line ends, and lone surrogates (a YAML escape can write
# "\ud800"): no page, file name or terminal can carry them.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class _BadCharacter(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _to_python(node: yaml.Node, depth: int) -> Any:
    """Build plain values from a YAML node: text stays text (`no`, `0123` and `1e3` as written)."""
    if depth > MAX_DEPTH:
        raise _TooDeep
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.tag == "tag:yaml.org,2002:null" and not node.value:  # nothing written
            return None  # `~`, `null` and `Null` are text like any other word: kept as written
        bad = _BAD_CHARACTER.search(node.value)
        if bad:
            raise _BadCharacter(ord(bad.group()))
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, depth + 1) for item in node.value]
    result: dict[str, Any] = {}
    for key, value in node.value:
        result[str(_to_python(key, depth + 1))] = _to_python(value, depth + 1)
    return result


def _yaml_problem(exc: yaml.MarkedYAMLError, path: str, first_line: int, lines: list[str]) -> Problem:
    context = exc.context or ""
    if "flow" in context and exc.context_mark is not None:  # point at the bracket that opened, not where it broke
        opening, closing, kind = ("[", "]", "list") if "sequence" in context else ("{", "}", "mapping")
        return error(path, first_line + exc.context_mark.line, f"front matter is not valid YAML: the '{opening}' "
                     f"starts a {kind} that is not closed with '{closing}': close it, or put the whole value in "
                     "quotes if it is one text")
    mark = exc.problem_mark or exc.context_mark
    line = first_line + mark.line if mark else None
    problem = (exc.problem or context or "syntax error").strip()
    source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    hint = ""
    if "\t" in source_line or "'\\t'" in problem:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; a value that contains ': ' must be put in quotes"
    elif "could not find expected ':'" in problem:
        hint = "; every line needs 'key: value' (with a space after the colon)"
    elif "found character" in problem and ("'@'" in problem or "'`'" in problem):
        hint = "; put the value in quotes"
    elif "quoted scalar" in context:
        hint = "; a quote (\" or ') was opened but not closed"
    return error(path, line, f"front matter is not valid YAML: {problem}{hint}")
