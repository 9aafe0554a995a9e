"""Measuring a poster's layout, and a model of the deeds' height, so the fitting can jump near the answer.

The model only guesses which size or cut to try next; every answer is confirmed by a real layout,
so a wrong guess costs one layout more, never a different poster.
"""

from __future__ import annotations

import math
from typing import Any

from .layout import em_width

PX_MM = 25.4 / 96  # millimetres in a CSS pixel
PX_PT = 96 / 72  # CSS pixels in a point
# The deeds' block, as print.css sets it: line height, paragraph gap and first-line indent in ems;
# the heading's size in points and its gap below in millimetres (both times the paper's u); the
# block's gap above in millimetres (times u).
LINE_HEIGHT = 1.65
PARAGRAPH_GAP = 0.4
INDENT = 2.0
HEADING_PT = 18.0
HEADING_GAP_MM = 2.0
ABOVE_MM = 5.0


def room_px(document: Any) -> float | None:
    """The room left on the poster's page in CSS pixels, negative by about how far it runs over; None
    when the layout is not a poster."""
    sheets = [_sheet(page) for page in document.pages]
    if any(sheet is None for sheet in sheets):
        return None
    if len(sheets) == 1:  # down to the page's bottom margin: the sheet's own padding may run into it
        page = document.pages[0]._page_box
        return page.content_box_y() + page.height - _content_bottom(sheets[0])
    # Run over: about what the pages after the first hold (the first page's unused bottom is ignored,
    # as the margins a page break drops).
    return -sum(_content_bottom(sheet) - sheet.content_box_y() for sheet in sheets[1:])


def sheet_width_px(document: Any) -> float | None:
    """The width of the poster's text column (the deeds' line length), in CSS pixels."""
    sheet = _sheet(document.pages[0])
    return None if sheet is None else sheet.width


def deeds_px(paragraphs: tuple[str, ...], pt: float, width_px: float, u: float) -> float:
    """About how tall the deeds' block is at this size: whole lines of about one em per Chinese character."""
    if not paragraphs:
        return 0.0
    size = pt * PX_PT
    per_line = max(width_px / size, 1.0)
    lines = sum(math.ceil((em_width(text) + INDENT) / per_line) for text in paragraphs)
    heading = HEADING_PT * u * PX_PT * LINE_HEIGHT + (HEADING_GAP_MM + ABOVE_MM) * u / PX_MM
    return heading + lines * LINE_HEIGHT * size + (len(paragraphs) - 1) * PARAGRAPH_GAP * size


def poster_room_guess_px(paper: Any) -> tuple[float, float]:
    """Before any layout: the text column's width and about the room the deeds have on the sheet, in px."""
    u = paper.u
    width_mm, height_mm = paper.printable
    column = (width_mm - 2 * (3 + 14) * u) / PX_MM
    room = (height_mm - 250 * u) / PX_MM  # heading, photo and facts, quote and footer take about this
    return column, room


def _sheet(page: Any) -> Any:
    return _first(page, "poster-sheet")


def _first(page: Any, name: str) -> Any:
    for box in page._page_box.descendants():
        element = box.element
        if element is not None and name in (element.get("class") or "").split():
            return box
    return None


def _content_bottom(sheet: Any) -> float:
    """The bottom of the lowest line or picture in this fragment of the sheet."""
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox

    bottom = sheet.content_box_y()
    for box in sheet.descendants():
        if isinstance(box, (LineBox, ReplacedBox)):
            bottom = max(bottom, box.position_y + box.margin_height())
    return bottom

