"""The print designer's rules, as pure arithmetic: paper sizes, type sizes, the board's grid.

Every size is in millimetres or points and is decided here, before layout, so the templates only
place what was decided and the tests can check the rules without drawing anything.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

PAPERS = {"A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0)}  # each of setting_keys.PAPER_NAMES
PT = 25.4 / 72  # millimetres in a point
SHEET_MARGIN = 12.0  # mm round posters and boards: what an office printer cannot print anyway
BOOKLET_MARGINS = {"A4": (20.0, 18.0), "A5": (14.0, 12.0)}  # top/bottom, sides
# The deeds' type on an A3 poster, largest first: it grows to fill short deeds and shrinks for long
# ones. 22 pt is still body text from a metre away; 11 pt is the floor (read up close).
POSTER_STEPS_A3 = (22.0, 20.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0)
POSTER_PHOTO_A3 = (110.0, 146.7)  # mm: 3:4; grows by up to a third when the deeds leave room
PHOTO_GROWTH = 1.3
BOARD_PER_SHEET = {"A3": 12, "A4": 6}  # below A4's 6 a card's name is too small to read across a room


@dataclass(frozen=True)
class Paper:
    """A sheet of paper as one product uses it: size, orientation, margin, and the type scale."""

    name: str
    landscape: bool = False
    margin: tuple[float, float] = (SHEET_MARGIN, SHEET_MARGIN)  # top/bottom, sides

    @property
    def size(self) -> tuple[float, float]:
        short, long = PAPERS[self.name]
        return (long, short) if self.landscape else (short, long)

    @property
    def css(self) -> str:
        return f"{self.name} {'landscape' if self.landscape else 'portrait'}"

    @property
    def u(self) -> float:
        """Type and rules scale with the paper's short side: 1 on A3, 0.707 on A4."""
        return round(PAPERS[self.name][0] / PAPERS["A3"][0], 3)

    @property
    def printable(self) -> tuple[float, float]:
        """Width and height inside the margins (1 mm spare, so rounding never makes a second page)."""
        width, height = self.size
        return width - 2 * self.margin[1], height - 2 * self.margin[0] - 1


def booklet_paper(name: str) -> Paper:
    return Paper(name, margin=BOOKLET_MARGINS[name])


def excerpt_steps(paper: Paper) -> tuple[float, ...]:
    """The deeds' font sizes to try on this paper, in points, largest first."""
    return tuple(round(step * paper.u * 2) / 2 for step in POSTER_STEPS_A3)


def em_width(text: str) -> float:
    """The width of text in ems: Chinese characters are one em, Latin letters about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text) or 1.0


def fit_pt(text: str, width_mm: float, largest: float, smallest: float, lines: int = 1,
           spacing: float = 0.0) -> float:
    """The largest size (to half a point) at which text fits `lines` lines of this width."""
    fitting = width_mm * lines / (em_width(text) * (1 + spacing) * PT) * 0.96  # 4% for the line's ragged end
    return max(smallest, min(largest, math.floor(fitting * 2) / 2))


@dataclass(frozen=True)
class BoardGrid:
    """How the cards of one board sheet are set: columns, card size, type sizes, all in mm and pt."""

    columns: int
    rows: int
    wide: bool  # the photo beside the words, not above them
    card_w: float
    card_h: float
    photo_w: float
    photo_h: float
    pad: float
    name_pt: float
    text_pt: float
    gap: float
    top: float  # space above the grid that centres it in the room under the heading

    @property
    def big(self) -> bool:
        """A photo wider than a third of A3 is printed from the poster-size photo."""
        return self.photo_w > 90


BOARD_HEAD = 44.0  # mm on A3: organisation, roll title, category; the heading's height is fixed
BOARD_HEAD_GAP = 6.0
BOARD_FRAME = 11.0  # mm on A3: the sheet's border and padding on each side
WIDE_TEXT = 1.1  # a wide card's words take this many times the photo's width


def _card(width: float, u: float, wide: bool) -> tuple[float, float, float, float, float, float]:
    """A card of this width: its height, the photo's width and height, padding and type sizes."""
    pad = max(2.0 * u, width * (0.025 if wide else 0.04))
    photo_w = (width - 3 * pad) / (1 + WIDE_TEXT) if wide else width - 2 * pad
    words_w = photo_w * WIDE_TEXT if wide else photo_w
    name_pt = math.floor(min(44.0 * u, max(14.0 * u, words_w * 0.30)) * 2) / 2
    text_pt = math.floor(min(20.0 * u, max(9.0 * u, words_w * 0.17)) * 2) / 2
    photo_h = photo_w * 4 / 3
    band = 1.5 * pad + name_pt * PT * 1.3 + 1.5 * u + text_pt * PT * 1.35 * 3 + pad
    height = photo_h + 2.5 * pad if wide else photo_h + band
    return height, photo_w, photo_h, pad, name_pt, text_pt


def board_grid(count: int, paper: Paper) -> BoardGrid:
    """The grid that gives `count` cards the most of the sheet: few cards, large cards.

    Every column count is tried, with the photo above the words and beside them; each gives the
    widest card whose rows fit under the heading. The largest total card area wins (on a tie, the
    squarer grid), so 1 card is one large card, 2 sit side by side, 4 make a square and 12 fill an A3
    sheet in 4 × 3; on a sheet lying on its side few cards turn wide, photo beside the words.
    """
    u = paper.u
    width, height = paper.printable
    inner_w = width - 2 * BOARD_FRAME * u
    inner_h = height - 2 * BOARD_FRAME * u - (BOARD_HEAD + BOARD_HEAD_GAP) * u
    gap = 5.0 * u
    count = max(count, 1)
    best: tuple[float, int, BoardGrid] | None = None
    for wide in (False, True):
        for columns in range(1, count + 1):
            rows = math.ceil(count / columns)
            card_w = math.floor((inner_w - (columns - 1) * gap) / columns * 0.98 * 2) / 2  # 2% for rounding
            card_h, photo_w, photo_h, pad, name_pt, text_pt = _card(card_w, u, wide)
            while card_w > 10 and rows * card_h + (rows - 1) * gap > inner_h:
                card_w -= 0.5
                card_h, photo_w, photo_h, pad, name_pt, text_pt = _card(card_w, u, wide)
            top = max((inner_h - rows * card_h - (rows - 1) * gap) / 2, 0)
            grid = BoardGrid(columns, rows, wide, card_w, round(card_h, 2), round(photo_w, 2), round(photo_h, 2),
                             round(pad, 2), name_pt, text_pt, round(gap, 2), round(top, 2))
            score = (round(count * (photo_w * photo_h + 0.3 * (card_w * card_h - photo_w * photo_h)), -2),
                     -abs(columns - rows))
            if best is None or score > best[:2]:
                best = (*score, grid)
    assert best is not None
    return best[2]
