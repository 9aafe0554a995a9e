"""axe-core (through axe-playwright-python, in Debian's Chromium) over every page of the sample site.

Print pages included: they are web pages too (the site links to them), with a <main> landmark and a
viewport, and on a phone the sheet is zoomed to the screen's width instead of scrolling sideways.
"""

from __future__ import annotations

import pytest

from .browser import Tab
from .conftest import require_module


@pytest.fixture(scope="module")
def axe():
    return require_module("axe_playwright_python.sync_playwright").Axe()


def test_axe_finds_no_violation_on_any_page(browser, sample_out, axe):
    pages = sorted(p.relative_to(sample_out).as_posix() for p in sample_out.rglob("*.html"))
    assert len(pages) > 40 and any(p.startswith(("poster/", "board/", "booklet/")) for p in pages)
    tab = Tab(browser)
    violations = {}
    for rel in pages:
        tab.open((sample_out / rel).as_uri())
        found = axe.run(tab.page).response["violations"]
        if found:
            violations[rel] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]
    tab.close()
    assert violations == {}


@pytest.mark.parametrize("rel", ["poster/he-ming.html", "board/devotion-to-duty.html", "booklet/2025.html"])
def test_print_pages_fit_a_phone_screen(browser, sample_out, rel):
    tab = Tab(browser, width=390, height=844)
    tab.open((sample_out / rel).as_uri())
    scroll, inner, edges = tab.page.evaluate(
        """() => [document.documentElement.scrollWidth, innerWidth,
                  [0.08, 0.92].map(x => !!document.elementFromPoint(innerWidth * x, 120).closest('.sheet, .cover'))]""")
    tab.close()
    assert scroll <= inner and edges == [True, True], (scroll, inner, edges)  # no sideways scroll; the sheet fills it
