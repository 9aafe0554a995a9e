"""Fitting a poster to exactly one full page, as a designer sets it.

The deeds start at their largest size (22 pt on A3) and shrink step by step to the floor (11 pt); if
they still do not fit, they are cut after the last whole sentence that fits, ending with '……'. When
the deeds are short and the sheet has room left, the photo grows (by up to a third) and the room
that is still left is shared out between the blocks, so the sheet looks full and composed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from ..errors import Problem, warning
from ..site.pages import Page
from .layout import PHOTO_GROWTH, POSTER_PHOTO_A3, excerpt_steps

ELLIPSIS = "……"
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_ENDS_SENTENCE = re.compile(r"[。！？!?][”’」』）)]*$")
PX_MM = 25.4 / 96
# The fields a poster prints besides the deeds, as the advice names them, largest culprit first.
FIELDS = (("name", "name (姓名)"), ("unit", "unit (单位)"), ("position", "position (职务)"),
          ("honours", "honours (荣誉)"), ("summary", "summary (简介)"), ("testimonial", "testimonial (感言)"))
ALL_FIELDS_ADVICE = ("poster not made: even without the deeds it needs two pages: shorten the longest of the "
                     "name, unit, summary, honours or testimonial")


class Layout(Protocol):
    def layout(self, html: bytes, page_path: str) -> Any: ...


Fitted = tuple[bytes, Any, list[Problem], bool]  # HTML, layout, warnings, whether the poster can be made


def fit_poster(engine: Layout, page: Page, first: bytes, document: Any,
               render: Callable[[Page], bytes]) -> Fitted:
    """The poster's HTML and layout on one page, and any warning about what was left out."""
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
    steps = excerpt_steps(context["paper"])
    if len(document.pages) == 1:
        return _fill(attempt, first, document, context, problems)
    best = attempt(excerpt_pt=steps[-1], excerpt=full)
    if best[2]:  # it fits at the floor: find the largest size that fits (sizes are few)
        low, high = 1, len(steps) - 1  # steps[0] was tried by the first layout
        while low < high:
            middle = (low + high) // 2
            trial = attempt(excerpt_pt=steps[middle], excerpt=full)
            if trial[2]:
                best, high = trial, middle
            else:
                low = middle + 1
        context["excerpt_pt"] = steps[high]
        return _fill(attempt, best[0], best[1], context, problems)
    bare = attempt(excerpt_pt=steps[-1], excerpt=())
    if not bare[2]:
        return bare[0], bare[1], [warning(source, None, _culprit(attempt, context))], False
    sentences = _sentences(full)
    ends = [0] + [i + 1 for i, (_, text) in enumerate(sentences[:-1]) if _ENDS_SENTENCE.search(text)]
    low, high, best = 0, len(ends) - 1, bare
    while low < high:  # the most whole sentences that still fit
        middle = (low + high + 1) // 2
        trial = attempt(excerpt_pt=steps[-1], excerpt=_cut(sentences, ends[middle]))
        if trial[2]:
            best, low = trial, middle
        else:
            high = middle - 1
    if low == 0:
        reason = ("have no sentence end (。！？) to cut them at" if len(ends) == 1
                  else "do not fit even to the end of their first sentence")
        problems.append(warning(source, None, f"poster: the deeds are too long for the poster and {reason}, "
                                "so the poster shows no deeds: end sentences with 。 or shorten the deeds"))
    return best[0], best[1], problems, True


def _fill(attempt: Callable[..., tuple[bytes, Any, bool]], html: bytes, document: Any,
          context: dict[str, Any], problems: list[Problem]) -> Fitted:
    """Grow the photo into the room the deeds left, then share what is left between the blocks."""
    u = context["paper"].u
    spare = spare_mm(document)
    scale = min(PHOTO_GROWTH, 1 + 0.6 * spare / (POSTER_PHOTO_A3[1] * u))
    scale = math.floor(scale * 20) / 20
    if scale > 1:
        trial = attempt(photo_scale=scale)
        if trial[2]:
            html, document = trial[0], trial[1]
            spare = spare_mm(document)
        else:
            context["photo_scale"] = 1.0
    gaps = sum(1 for present in (True, context["exemplar"].summary_given, context["excerpt"],
                                 context["exemplar"].quote, True) if present)
    spread = math.floor(spare / gaps * 2) / 2
    if spread >= 1:
        trial = attempt(spread_mm=spread)
        if trial[2]:
            html, document = trial[0], trial[1]
    return html, document, problems, True


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
             "honours": "".join(exemplar.honors), "summary": exemplar.summary if exemplar.summary_given else "",
             "testimonial": exemplar.quote or ""}
    culprits = []
    for key, label in FIELDS:
        if texts[key] and attempt(excerpt=(), omit=(key,))[2]:
            culprits.append((len(texts[key]), label))
    context["omit"] = ()
    if not culprits:
        return ALL_FIELDS_ADVICE
    length, label = max(culprits)
    return (f"poster not made: even without the deeds it needs two pages because the {label} is too long "
            f"({length} characters): shorten the {label.split(' ')[0]}")


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
