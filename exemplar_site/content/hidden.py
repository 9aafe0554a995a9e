"""Word's hidden text in pasted HTML (`display:none`): cut out whole, before sanitising shows it.

The sanitiser drops `style` attributes but keeps the text inside, so hidden text would become
visible on the page, in the booklet and in the search index.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden", re.I)
# Where a source may hide text: a hiding style, or the `hidden` attribute.
HIDDEN_MARK = re.compile(_HIDDEN_STYLE.pattern + r"|<[^>]*\shidden[\s>=/]", re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}


def drop_hidden(fragment: str) -> tuple[str, int]:
    """Remove every element styled as hidden, with its content; return the HTML and how many."""
    if not HIDDEN_MARK.search(fragment):
        return fragment, 0
    finder = _HiddenFinder(fragment)
    finder.feed(fragment)
    finder.close()
    finder.finish(len(fragment))
    kept, at = [], 0
    for start, end in finder.cuts:
        kept.append(fragment[at:start])
        at = end
    kept.append(fragment[at:])
    return "".join(kept), len(finder.cuts)


class _HiddenFinder(HTMLParser):
    """Finds the source spans of hidden elements (outermost only)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.text = text
        self.stack: list[str] = []
        self.cuts: list[tuple[int, int]] = []
        self.open: tuple[int, int] | None = None  # start of the hidden element being cut, its depth

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = _is_hidden(attrs)
        start = self.position()
        if tag in _VOID:
            if hidden and self.open is None:
                self.cuts.append((start, start + len(self.get_starttag_text() or "")))
            return
        if hidden and self.open is None:
            self.open = (start, len(self.stack))
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if _is_hidden(attrs) and self.open is None:
            start = self.position()
            self.cuts.append((start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return  # a stray end tag closes nothing
        start = self.position()
        while True:
            name = self.stack.pop()
            if self.open is not None and len(self.stack) == self.open[1]:
                end = self.text.find(">", start) + 1 if name == tag else start  # else closed by an outer tag
                self.cuts.append((self.open[0], end if end > 0 else len(self.text)))
                self.open = None
            if name == tag:
                return

    def finish(self, length: int) -> None:
        if self.open is not None:
            self.cuts.append((self.open[0], length))
            self.open = None


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    return any(name == "hidden" or (name == "style" and value and _HIDDEN_STYLE.search(value))
               for name, value in attrs)
