"""Characters that no font has: which ones print can leave out, and one warning per file and product.

Print never shows a replacement box (tofu). A missing emoji or symbol is left out of the PDF with
a warning; a missing letter or Chinese character (a rare name character, 生僻字) would change the
text, so the pages of the exemplar that shows it are left out: its poster, its card on a board, its
section of the booklet (the rest of the board and booklet is made); the site is built without them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.source import decode_bytes
from ..errors import Problem, warning

# Common characters of any Chinese text: when a font has none of them, there is no Chinese font.
PROBE_TEXT = "光荣榜先进典型事迹的一是在人有"
FONT_ADVICE = "add a font that has them under [print] fonts in site.toml"
# What printing one page found, for the build's report: ("block", kind, sources, chars) when the page
# was not made, ("drop", kind, (source,), chars) when it was made without that exemplar's part, or
# ("leave_out", "", sources, chars); a worker process returns these and the build replays them in order.
GlyphEvent = tuple[str, str, tuple[str, ...], tuple[str, ...]]
_JOINERS = {"\u200d", "\u20e3"}  # zero-width joiner, combining keycap: parts of emoji sequences
_PART = {"board": "its card", "booklet": "its section"}  # what of an exemplar a product leaves out


def can_leave_out(char: str) -> bool:
    """An emoji, symbol or an emoji sequence's joiner: leaving it out keeps the words intact."""
    if char in _JOINERS or 0xFE00 <= ord(char) <= 0xFE0F or 0xE0000 <= ord(char) <= 0xE01EF:
        return True
    return unicodedata.category(char) in {"So", "Sk", "Sm", "Cf"}


def strip_chars(html: bytes, chars: Iterable[str]) -> bytes:
    """The page without these characters (none of them can be part of the HTML's markup)."""
    text = html.decode("utf-8")
    return text.translate({ord(c): None for c in chars}).encode("utf-8")


def describe(chars: Iterable[str]) -> str:
    """`䶮 (U+4DAE), 𠮷 (U+20BB7)` in code point order."""
    return ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(set(chars)))


@dataclass
class GlyphReport:
    """Missing characters found while printing, gathered so that each file gets one line per product."""

    root: Path
    blocked: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    dropped: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    left_out: dict[str, set[str]] = field(default_factory=dict)
    _texts: dict[str, str] = field(default_factory=dict)

    def block(self, kind: str, sources: tuple[str, ...], chars: Iterable[str]) -> None:
        """A PDF of this kind was not made: these characters (from these files) have no font."""
        for char in chars:
            self.blocked.setdefault((self._source_of(char, sources), kind), set()).add(char)

    def drop(self, kind: str, source: str, chars: Iterable[str]) -> None:
        """A PDF of this kind was made without the part of the exemplar in this file: these characters have no font."""
        self.dropped.setdefault((source, kind), set()).update(chars)

    def leave_out(self, sources: tuple[str, ...], chars: Iterable[str]) -> None:
        """These characters were left out of a PDF made from these files."""
        for char in chars:
            self.left_out.setdefault(self._source_of(char, sources), set()).add(char)

    def replay(self, events: Iterable[GlyphEvent]) -> None:
        """Tell the report what printing a page found."""
        for action, kind, sources, chars in events:
            if action == "block":
                self.block(kind, sources, chars)
            elif action == "drop":
                self.drop(kind, sources[0], chars)
            else:
                self.leave_out(sources, chars)

    def problems(self) -> list[Problem]:
        """One warning per file and product not made or made without it, and one per file for characters left out."""
        found = [warning(where, None, f"{kind} not made: no font has {describe(chars)}; {FONT_ADVICE}")
                 for (where, kind), chars in self.blocked.items()]
        found += [warning(where, None, f"{kind} made without {_PART.get(kind, 'it')}: no font has {describe(chars)}; "
                          f"{FONT_ADVICE}") for (where, kind), chars in self.dropped.items()]
        found += [warning(where, None, f"left out of the PDFs: {describe(chars)}, which no font here has; "
                          "install an emoji font (Debian/Ubuntu: fonts-noto-color-emoji) to print them")
                  for where, chars in self.left_out.items()]
        return found

    def _source_of(self, char: str, sources: tuple[str, ...]) -> str:
        """The file the character comes from: a content file shown, else site.toml (titles, labels)."""
        return next((s for s in (*sources, "site.toml") if char in self._text(s)), (*sources, "site.toml")[0])

    def _text(self, rel: str) -> str:
        if rel not in self._texts:
            try:
                text, _ = decode_bytes((self.root / rel).read_bytes(), rel)
            except OSError:
                text = None
            self._texts[rel] = text or ""
        return self._texts[rel]


def no_chinese_font(missing: Iterable[str]) -> bool:
    """Every probe character was missing: the machine has no font for Chinese at all."""
    return set(PROBE_TEXT) <= set(missing)


def fonts_missing_warning() -> Problem:
    """The one warning when no font for Chinese is installed: the PDFs are skipped."""
    return warning("site.toml", None, "PDFs were skipped: no font for Chinese text is installed here; the "
                   "print pages were made as HTML. Install one (Debian/Ubuntu: sudo apt-get install "
                   "fonts-noto-cjk, or run make site) or name font files under [print] fonts in site.toml")
