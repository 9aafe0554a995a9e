"""What `check` can tell about print without making the PDFs: characters that no installed font has.

Every character the print products would show is laid out once, on one page in the theme's print
fonts, so `check` warns about the same rare characters and emoji that `build` would leave out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..errors import Problem, warning
from ..model import DRAFT, Exemplar
from ..settings import Settings
from ..site.render import find_assets, find_fonts, make_environment, render_page
from .glyphs import FONT_ADVICE, can_leave_out, describe, fonts_missing_warning, no_chinese_font
from .pdf import FONT_PROBE, PdfEngine, engine_missing_warning, load_engine


def check_print(settings: Settings, exemplars: Iterable[Exemplar]) -> list[Problem]:
    """Warnings for the characters of the print products that no installed font has."""
    weasyprint, reason = load_engine()
    if weasyprint is None:
        return [engine_missing_warning(reason or "")]
    shown = [e for e in exemplars if e.status != DRAFT]
    texts = {e.source: _printed_text(e) for e in shown}
    chars = sorted({c for text in texts.values() for c in text if ord(c) > 0x7F} | set(FONT_PROBE.context["probe"]))
    fonts, _ = find_fonts(settings)
    engine = PdfEngine(weasyprint, {a.path: a.source for a in (*find_assets(settings), *fonts)})
    shared = {"site": settings, "print_fonts": tuple(a.path for a in fonts)}
    page = replace(FONT_PROBE, context={**FONT_PROBE.context, "probe": "".join(chars)})
    probe = render_page(make_environment(settings), page, shared)
    missing = set(engine.missing(probe, FONT_PROBE.path))
    if no_chinese_font(missing):
        return [fonts_missing_warning()]
    problems = []
    for source, text in texts.items():
        lacking = missing.intersection(text)
        blocking = sorted(c for c in lacking if not can_leave_out(c))
        if blocking:
            problems.append(warning(source, None, f"no font has {describe(blocking)}: the build will leave "
                                    "this exemplar's poster, board card and booklet section out of the PDFs; "
                                    f"{FONT_ADVICE}"))
        elif lacking:
            problems.append(warning(source, None, f"left out of the PDFs: {describe(lacking)}, which no font "
                                    "here has; install an emoji font (Debian/Ubuntu: fonts-noto-color-emoji) to "
                                    "print them"))
    return problems


def _printed_text(exemplar: Exemplar) -> str:
    """Every text of the exemplar that print shows (the deeds' markup is ASCII and does not matter)."""
    return "".join([exemplar.name, exemplar.unit, exemplar.position, exemplar.level, *exemplar.honors,
                    *exemplar.categories, exemplar.summary, exemplar.quote, exemplar.deeds_html])
