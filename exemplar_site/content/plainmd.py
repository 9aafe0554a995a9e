"""A fast path for the Markdown that deeds are written in: paragraphs, `#` headings, **bold**, *em*
and simple lists give exactly the HTML that Python-Markdown gives (tests/test_plainmd.py compares
them on many generated texts), at a small fraction of its cost. Anything else — links, HTML, code,
escapes, tables, nested or loose lists, indented or space-edged lines — returns None, and the
caller uses Python-Markdown itself.
"""

from __future__ import annotations

import re

# Characters that start some other Markdown construct (or that Python-Markdown rewrites: tabs,
# carriage returns, its own placeholder marks): leave such texts to it.
_OTHER = re.compile(r"[\\`<>&\[\]_|\x00-\x09\x0b-\x1f\x7f]")
# **strong** and *em* around text with no star and no space at either edge, on one line.
_EMPHASIS = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*|\*([^*\s](?:[^*\n]*[^*\s])?)\*")
_HEADING = re.compile(r"(#{1,6})([^#]+)")
_BULLET = re.compile(r"([-*+]) (?=\S)")
_NUMBER = re.compile(r"(\d+)\. (?=\S)")
# What makes a line more than text: a list, a quote, a setext underline, a rule, a heading.
_NOT_TEXT = re.compile(r"[-+=>#]|\* |\*\*\*|\d+\. ")


def convert_plain(source: str) -> str | None:
    """The HTML Python-Markdown (sane_lists, tables, HTML output) makes of `source`, or None when
    `source` is not in the plain subset this knows."""
    if not source.strip():
        return ""
    if _OTHER.search(source):
        return None
    blocks: list[str] = []
    previous_list = ""
    for lines in _blocks(source.split("\n")):
        if lines is None:
            return None
        first = lines[0]
        if _BULLET.match(first) or _NUMBER.match(first):
            html = _list(lines)
            if html is None or html[:4] == previous_list:  # a list after one of its kind joins it, loosely
                return None
            previous_list = html[:4]
            blocks.append(html)
            continue
        previous_list = ""
        paragraph: list[str] = []
        for line in lines:
            heading = _HEADING.fullmatch(line) if line.startswith("#") else None
            if heading is None and (_NOT_TEXT.match(line) or not _plain_line(line)):
                return None
            if heading is None:
                paragraph.append(line)
                continue
            if paragraph and not _add(blocks, "p", "\n".join(paragraph)):
                return None
            paragraph = []
            text = heading.group(2).strip()
            if not text or not _plain_line(text) or not _add(blocks, f"h{len(heading.group(1))}", text):
                return None
        if paragraph and not _add(blocks, "p", "\n".join(paragraph)):
            return None
    return "\n".join(blocks)


def _add(blocks: list[str], tag: str, text: str) -> bool:
    """Add an element with this text; False when its text is not in the subset."""
    inline = _inline(text)
    if inline is not None:
        blocks.append(f"<{tag}>{inline}</{tag}>")
    return inline is not None


def _blocks(lines: list[str]) -> list[list[str] | None]:
    """Runs of non-blank lines; None for a run with a line of only spaces (Python-Markdown's own)."""
    blocks: list[list[str] | None] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return [b if all(_plain_edges(line) for line in b) else None for b in blocks]


def _plain_edges(line: str) -> bool:
    return not line[0].isspace() and not line[-1].isspace()


def _plain_line(text: str) -> bool:
    """Text that, as a block of its own, is a paragraph and nothing else."""
    return _plain_edges(text) and not _NOT_TEXT.match(text)


def _list(lines: list[str]) -> str | None:
    """A tight list whose every line is an item with the first one's marker (an ordered list from 1)."""
    bullet = _BULLET.match(lines[0])
    items = []
    for line in lines:
        marker = _BULLET.match(line) if bullet else _NUMBER.match(line)
        if marker is None or (bullet and marker.group(1) != bullet.group(1)):
            return None
        text = line[marker.end():]
        inline = _inline(text) if _plain_line(text) else None
        if inline is None:
            return None
        items.append(f"<li>{inline}</li>")
    if not bullet and _NUMBER.match(lines[0]).group(1) != "1":  # type: ignore[union-attr]
        return None
    tag = "ul" if bullet else "ol"
    return f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>"


def _inline(text: str) -> str | None:
    """Text with its **strong** and *em*; None if a star is left that is not one of them, or two
    of them touch."""
    if "*" not in text:
        return text
    parts = []
    end = 0
    for match in _EMPHASIS.finditer(text):
        if "*" in text[end:match.start()] or text[match.end():match.end() + 1] == "*":
            return None  # stars against stars: Python-Markdown's own matching order decides
        strong, em = match.groups()
        parts.append(text[end:match.start()])
        parts.append(f"<strong>{strong}</strong>" if strong is not None else f"<em>{em}</em>")
        end = match.end()
    if "*" in text[end:]:
        return None
    parts.append(text[end:])
    return "".join(parts)
