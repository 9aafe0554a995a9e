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

from .errors import Problem, error, warning

MAX_DEPTH = 20
FENCE = "---"
_FULLWIDTH_KEY = re.compile(r"^(\s*)([^\s:：#'\"\-\[{][^:：]*?)\s*：\s?(.*)$")
_NO_SPACE_KEY = re.compile(r"^(\s*)([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*):(?=[^\s/:])(.*)$")


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
    """Decode UTF-8 (with or without BOM), else GB18030 with a warning; normalise line ends."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return None, [error(path, None, "cannot read the file: it is neither UTF-8 nor GBK/GB18030 "
                                "text; save it as UTF-8")]
        problems.append(warning(path, None, "file is saved as GBK/GB18030; it was read, "
                                "but please save it as UTF-8"))
    if "\x00" in text:
        return None, problems + [error(path, None, "file contains NUL bytes: it is not a text file")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


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
    body = "\n".join(lines[closing + 1:])
    return Source(entries=tuple(entries), body=body, body_line=closing + 2), problems


def _fix_typing_slips(lines: list[str], path: str, first_line: int) -> tuple[list[str], list[Problem]]:
    """Report IME slips (`姓名：张伟`, `name:张伟`) at their lines and repair them to read on."""
    fixed: list[str] = []
    problems: list[Problem] = []
    in_block = False
    for number, line in enumerate(lines, first_line):
        if re.match(r"^\s*[^#\s][^:]*:\s*[|>][-+0-9]*\s*$", line):
            in_block = True
        elif in_block and line and not line[0].isspace():
            in_block = False
        if in_block or line.lstrip().startswith("#"):
            fixed.append(line)
            continue
        match = _FULLWIDTH_KEY.match(line)
        if match and ":" not in line.split("：", 1)[0]:
            indent, key, rest = match.groups()
            problems.append(error(path, number, f"full-width colon '：' after '{key}': use the ASCII "
                                  f"colon and a space, e.g. '{key}: {rest}'"))
            line = f"{indent}{key}: {rest}"
        else:
            match = _NO_SPACE_KEY.match(line)
            if match:
                indent, key, rest = match.groups()
                problems.append(error(path, number, f"missing space after ':' in '{key}:': "
                                      f"write '{key}: {rest}'"))
                line = f"{indent}{key}: {rest}"
        fixed.append(line)
    return fixed, problems


def parse_front_matter(lines: list[str], path: str, first_line: int) -> tuple[list[Entry], list[Problem]]:
    """Parse YAML lines into top-level entries; every scalar stays the text that was written."""
    lines, problems = _fix_typing_slips(lines, path, first_line)
    text = "\n".join(lines)
    if not text.strip():
        return [], problems
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        if problems:  # the slips above usually explain the YAML error; don't report it twice
            return [], problems
        return [], [_yaml_problem(exc, path, first_line, lines)]
    except yaml.YAMLError as exc:
        return [], problems + [error(path, None, f"front matter is not valid YAML: {exc}")]
    if node is None:
        return [], problems
    if not isinstance(node, yaml.MappingNode):
        line = first_line + node.start_mark.line
        return [], problems + [error(path, line, "the front matter must be a list of 'key: value' "
                                     "lines, e.g. 'name: 张伟'")]
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


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when present (ten times faster); errors are worded by the Python parser."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass  # fall through: the pure parser words the problem the way the hints expect
    return yaml.compose(text, Loader=yaml.SafeLoader)


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
        if not node.style and node.tag == "tag:yaml.org,2002:null":  # plain: None, or "" from libyaml
            return None
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
    mark = exc.problem_mark or exc.context_mark
    line = first_line + mark.line if mark else None
    problem = (exc.problem or exc.context or "syntax error").strip()
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
    return error(path, line, f"front matter is not valid YAML: {problem}{hint}")
