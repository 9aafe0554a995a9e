"""Fitting a poster to exactly one full page, as a designer sets it.

The deeds start at their largest size (22 pt on A3) and shrink step by step to the floor (11 pt); if
they still do not fit, they are cut after the last whole sentence that fits, ending with '……'. When
the deeds are short and the sheet has room left, the photo grows (by up to a third) and the room
that is still left is shared out between the blocks, so the sheet looks full and composed.

The result is the one a step-by-step search gives (tests/test_fit.py keeps that search to prove it),
but found in few layouts: each layout is measured (measure.py) and the next one jumps to the size or
cut that should just fit; the answer stands when it fits and the next larger one was seen not to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from ..content.keys import describe
from ..errors import Problem, warning
from ..site.pages import Page
from .layout import PHOTO_GROWTH, POSTER_PHOTO_A3, excerpt_steps
from .measure import deeds_px, poster_room_guess_px, room_px, sheet_width_px

ELLIPSIS = "……"
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_ENDS_SENTENCE = re.compile(r"[。！？!?][”’」』）)]*$")
PX_MM = 25.4 / 96  # millimetres in a CSS pixel
# The front-matter keys a poster prints besides the deeds (poster.html leaves out those in `omit`);
# the advice names them as keys.py describes them.
FIELDS = ("name", "unit", "position", "honors", "summary", "quote")
ALL_FIELDS_ADVICE = ("poster not made: even without the deeds it needs two pages: shorten the longest of the "
                     f"{', '.join(FIELDS[:-1])} or {FIELDS[-1]}")


class Layout(Protocol):
    def layout(self, html: bytes, page_path: str) -> Any: ...


Fitted = tuple[bytes, Any, list[Problem], bool]  # HTML, layout, warnings, whether the poster can be made


def fit_poster(engine: Layout, page: Page, first: bytes, render: Callable[[Page], bytes],
               document: Any = None) -> Fitted:
    """The poster's HTML and layout on one page, and any warning about what was left out.

    Every way to set the deeds is a rung on one ladder, from the least text to the most: no deeds,
    cut after the first sentence, after the second, ..., all of it at the floor size, ..., all of it
    at the largest size. The poster takes the highest rung that fits on one page. Each layout tells
    how far the poster runs over (or how much room is left), so the next layout jumps to the rung
    that should just fit; the answer is settled when one rung fits and the rung above it does not.
    `document` is the layout of `first` when it was already made.
    """
    context = dict(page.context)

    def attempt(**changes: Any) -> tuple[bytes, Any, bool]:
        context.update(changes)
        html = render(replace(page, context=dict(context)))
        laid_out = engine.layout(html, page.path)
        return html, laid_out, len(laid_out.pages) == 1

    source = page.sources[0] if page.sources else "site.toml"
    full = tuple(context["excerpt"])
    problems: list[Problem] = []
    if not full and _has_deeds(context):
        problems.append(warning(source, None, "poster: the deeds have no paragraph of text (only a table or "
                                "a list), so the poster shows no deeds: start them with a paragraph"))
    ladder = Ladder(full, excerpt_steps(context["paper"]))
    laid: dict[int, tuple[bytes, Any, bool]] = {}

    def lay_out(rung: int) -> tuple[bytes, Any, bool]:
        if rung == ladder.top:  # the page as drawn: its first layout
            doc = document if document is not None else engine.layout(first, page.path)
            context.update(ladder.changes(rung))
            laid[rung] = (first, doc, len(doc.pages) == 1)
        else:
            laid[rung] = attempt(**ladder.changes(rung))
        return laid[rung]

    low = ladder.search(lay_out, context["paper"], document is not None)
    if low >= ladder.cuts:  # all the deeds fit, at this size: fill the sheet
        context.update(ladder.changes(low))
        html, laid_out, _ = laid[low]
        return _fill(attempt, html, laid_out, context, problems)
    if low < 0:  # not even without the deeds
        bare = laid[0]
        context.update(ladder.changes(0))
        return bare[0], bare[1], [warning(source, None, _culprit(attempt, context))], False
    if low == 0:
        reason = ("have no sentence end (。！？) to cut them at" if ladder.cuts == 1
                  else "do not fit even to the end of their first sentence")
        problems.append(warning(source, None, f"poster: the deeds are too long for the poster and {reason}, "
                                "so the poster shows no deeds: end sentences with 。 or shorten the deeds"))
    html, laid_out, _ = laid[low]
    return html, laid_out, problems, True


class Ladder:
    """The ways to set the deeds, from the least text to the most: rungs 0 .. cuts-1 are the deeds cut
    after so many whole sentences at the floor size (rung 0: no deeds), then all of them at each size
    from the floor up to the largest (the top rung, as the page was drawn)."""

    def __init__(self, full: tuple[str, ...], steps: tuple[float, ...]):
        self.full, self.steps = full, steps
        self.sentences = _sentences(full)
        self.ends = [0] + [i + 1 for i, (_, text) in enumerate(self.sentences[:-1]) if _ENDS_SENTENCE.search(text)]
        self.cuts = len(self.ends)
        self.top = self.cuts + len(steps) - 1
        self._heights: dict[tuple[int, float], float] = {}

    def changes(self, rung: int) -> dict[str, Any]:
        """The poster's context values for this rung."""
        if rung < self.cuts:
            return {"excerpt_pt": self.steps[-1], "excerpt": _cut(self.sentences, self.ends[rung])}
        return {"excerpt_pt": self.steps[self.top - rung], "excerpt": self.full}

    def search(self, lay_out: Callable[[int], tuple[bytes, Any, bool]], paper: Any, top_laid: bool) -> int:
        """The highest rung that fits (-1: none): the one whose next rung up was laid out and does not fit.

        Each layout's overflow (or room left) is measured and the deeds' height modelled for every
        rung, so the next rung laid out is the one that should just fit; after a few wrong guesses the
        range left is halved instead.
        """
        low, high = -1, self.top + 1
        width, room = poster_room_guess_px(paper)
        known: tuple[int, float] | None = None  # a rung laid out, and the room it left
        start_at_top = top_laid or self._fits(self.top, paper.u, width, room, None)
        guesses = 0
        while high - low > 1:
            if start_at_top:
                rung, start_at_top = self.top, False
            elif guesses >= 3:
                rung = (low + high) // 2
            else:
                rung = next((r for r in range(high - 1, low, -1) if self._fits(r, paper.u, width, room, known)),
                            low + 1)
                guesses += 1
            _, document, fits = lay_out(rung)
            measured = room_px(document)
            if measured is not None:
                width = sheet_width_px(document) or width
                known = (rung, measured)
            low, high = (rung, high) if fits else (low, rung)
        return low

    def _fits(self, rung: int, u: float, width: float, room: float, known: tuple[int, float] | None) -> bool:
        """Whether the model expects this rung to fit, from the room a rung laid out left (or a rough guess)."""
        if known is None:
            return self._deeds(rung, u, width) <= room
        laid, left = known
        return left - (self._deeds(rung, u, width) - self._deeds(laid, u, width)) >= 0

    def _deeds(self, rung: int, u: float, width: float) -> float:
        key = (rung, width)
        if key not in self._heights:
            changes = self.changes(rung)
            self._heights[key] = deeds_px(changes["excerpt"], changes["excerpt_pt"], width, u)
        return self._heights[key]


def _fill(attempt: Callable[..., tuple[bytes, Any, bool]], html: bytes, document: Any,
          context: dict[str, Any], problems: list[Problem]) -> Fitted:
    """Grow the photo into the room the deeds left, then share what is left between the blocks.

    Both are first tried in one layout, guessing that the grown photo takes exactly its growth from
    the room; the room that layout leaves tells whether the guess was right. If not, the photo and
    the spacing are tried one after the other.
    """
    u = context["paper"].u
    spare = spare_mm(document)
    scale = min(PHOTO_GROWTH, 1 + 0.6 * spare / (POSTER_PHOTO_A3[1] * u))
    scale = math.floor(scale * 20) / 20
    gaps = sum(1 for present in (True, context["exemplar"].summary_given, context["excerpt"],
                                 context["exemplar"].quote, True) if present)
    if scale > 1:
        both = _grow_and_spread(attempt, spare - (scale - 1) * POSTER_PHOTO_A3[1] * u, scale, gaps, context)
        if both is not None:
            return both[0], both[1], problems, True
        trial = attempt(photo_scale=scale)
        if trial[2]:
            html, document = trial[0], trial[1]
            spare = spare_mm(document)
        else:
            context["photo_scale"] = 1.0
    spread = _spread(spare, gaps)
    if spread >= 1:
        trial = attempt(spread_mm=spread)
        if trial[2]:
            html, document = trial[0], trial[1]
    return html, document, problems, True


def _spread(spare: float, gaps: int) -> float:
    """The room added to each gap between the blocks, in half millimetres."""
    return math.floor(spare / gaps * 2) / 2


def _grow_and_spread(attempt: Callable[..., tuple[bytes, Any, bool]], guess: float, scale: float, gaps: int,
                     context: dict[str, Any]) -> tuple[bytes, Any] | None:
    """The grown photo and the spacing in one layout, when the room it leaves proves that the photo
    alone would have left the room guessed (so spacing it step by step gives this very page); else None."""
    spread, before = _spread(guess, gaps), context["spread_mm"]
    if spread < 1:
        return None
    html, document, fits = attempt(photo_scale=scale, spread_mm=spread)
    if fits:
        left = spare_mm(document)
        alone = (left + gaps * spread) / gaps * 2  # the photo alone left this room (in half mm per gap)
        if left > 0 and abs(alone - round(alone)) > 1e-6 and _spread(left + gaps * spread, gaps) == spread:
            return html, document
    context["spread_mm"] = before
    return None


def spare_mm(document: Any) -> float:
    """The height left empty under the poster's footer on its one page, in millimetres."""
    sheet = foot = None
    for box in document.pages[0]._page_box.descendants():
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        if "poster-sheet" in classes and sheet is None:
            sheet = box
        elif "poster-foot" in classes and foot is None:
            foot = box
    if sheet is None or foot is None:
        return 0.0
    inner_bottom = (sheet.position_y + sheet.margin_height() - sheet.margin_bottom - sheet.border_bottom_width
                    - sheet.padding_bottom)
    return max(0.0, (inner_bottom - (foot.position_y + foot.margin_height())) * PX_MM)


def _has_deeds(context: dict[str, Any]) -> bool:
    return bool(re.sub(r"<[^>]+>|\s", "", context["exemplar"].deeds_html))


def _culprit(attempt: Callable[..., tuple[bytes, Any, bool]], context: dict[str, Any]) -> str:
    """Advice naming the one field that, left out, lets the poster fit; else the general advice."""
    exemplar = context["exemplar"]
    texts = {"name": exemplar.name, "unit": exemplar.unit, "position": exemplar.position or "",
             "honors": "".join(exemplar.honors), "summary": exemplar.summary if exemplar.summary_given else "",
             "quote": exemplar.quote or ""}
    culprits = []
    for key in FIELDS:
        if texts[key] and attempt(excerpt=(), omit=(key,))[2]:
            culprits.append((len(texts[key]), key))
    context["omit"] = ()
    if not culprits:
        return ALL_FIELDS_ADVICE
    length, key = max(culprits)
    return (f"poster not made: even without the deeds it needs two pages because the {describe(key)} is too long "
            f"({length} characters): shorten the {key}")


def _sentences(paragraphs: tuple[str, ...]) -> list[tuple[int, str]]:
    """Every sentence with the index of its paragraph."""
    return [(index, s) for index, text in enumerate(paragraphs) for s in _SENTENCE.findall(text) if s.strip()]


def _cut(sentences: list[tuple[int, str]], count: int) -> tuple[str, ...]:
    """The first `count` sentences as paragraphs, the last one ending in '……'."""
    if count == 0:
        return ()
    paragraphs: dict[int, str] = {}
    for index, sentence in sentences[:count]:
        paragraphs[index] = paragraphs.get(index, "") + sentence
    texts = [paragraphs[i] for i in sorted(paragraphs)]
    texts[-1] = re.sub(r"[。！？!?]([”’」』）)]*)$", r"\1", texts[-1]) + ELLIPSIS
    return tuple(texts)
