"""Accessibility of the built sample: language, alt text, heading order, keyboard focus, WCAG AA contrast."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .browser import Tab

WEB_PAGES = ("index.html", "category/index.html", "category/moral-models.html", "year/index.html", "year/2025.html",
             "unit/index.html", "exemplar/lin-xiaolan.html", "exemplar/qiang-xiu-yi-ban.html", "screen.html")


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict[str, str | None]] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img" or (tag == "svg" and found.get("role") == "img"):
            self.images.append(found)


def outline(path: Path) -> _Outline:
    parser = _Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_a_language_one_h1_and_headings_in_order(sample_out):
    pages = sorted(sample_out.rglob("*.html"))
    assert len(pages) > 40  # the sample's pages (a loop over nothing would pass)
    for path in pages:
        page = outline(path)
        rel = path.relative_to(sample_out).as_posix()
        assert page.lang in ("zh-CN", "en"), rel
        assert page.headings and page.headings[0] == 1 and page.headings.count(1) == 1, (rel, page.headings)
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (rel, page.headings)  # never skips a level going down


def test_photos_say_whose_they_are_and_decoration_is_silent(sample_out):
    pages = sorted(sample_out.rglob("*.html"))
    assert len(pages) > 40
    checked = 0
    for path in pages:
        for image in outline(path).images:
            checked += 1
            label = image.get("alt") if "alt" in image else image.get("aria-label")
            assert label is not None, (path.name, image)
            if "emblem" in (image.get("class") or "") or "emblem" in (image.get("src") or ""):
                assert label == "", path.name  # the emblem is decoration
            else:
                assert label.endswith("的照片") and len(label) > 3, (path.name, label)
    assert checked > 20  # the photos and emblems whose labels were read


CONTRAST = """
() => {
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const backgrounds = (el) => {  // every colour the text may sit on: gradients give each of their stops
    const chain = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) chain.unshift(n);
    let under = [[255, 255, 255, 1]];
    for (const n of chain) {
      const style = getComputedStyle(n);
      const stops = (style.backgroundImage.match(/rgba?\\([^)]+\\)/g) || []).map(parse);
      if (stops.length) under = stops.flatMap(stop => under.map(u => over(stop, u)));
      const colour = parse(style.backgroundColor);
      if (colour && colour[3] > 0) under = under.map(u => over(colour, u));
    }
    return under;
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el) || el.closest("svg")) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === "hidden" || box.width === 0 || box.height === 0 || el.closest("[hidden]")) continue;
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    for (const bg of backgrounds(el)) {
      const text = over(parse(style.color), bg);
      const r = ratio(text, bg);
      if (r < needed) {
        const what = `${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 20)}"`;
        failures.push(`${what} ${r.toFixed(2)} < ${needed}`);
        break;
      }
    }
  }
  return failures;
}
"""


@pytest.mark.parametrize("rel", WEB_PAGES)
def test_text_colours_meet_wcag_aa_contrast(browser, sample_out, rel):
    tab = Tab(browser).open((sample_out / rel).as_uri())
    if rel == "index.html":
        tab.page.fill("#site-search", "供水")  # the search results' colours too
        tab.page.locator("#search-results .result").first.wait_for()
    assert tab.page.evaluate(CONTRAST) == []
    tab.close()


def test_the_contrast_check_sees_a_bad_pair(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<body style="background: linear-gradient(#fff, #a8141b)"><p style="color:#fff">白字</p>'
                    '<p style="color:#999">浅灰</p></body>', encoding="utf-8")
    tab = Tab(browser).open(page.as_uri())
    failures = tab.page.evaluate(CONTRAST)
    assert len(failures) == 2 and "白字" in failures[0] and "浅灰" in failures[1]
    tab.close()


def test_keyboard_focus_is_visible_everywhere(browser, sample_out):
    tab = Tab(browser).open((sample_out / "index.html").as_uri())
    styles = []
    for _ in range(12):  # the skip link, the brand, the navigation, the search box, the categories ...
        tab.page.keyboard.press("Tab")
        styles.append(tab.page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); "
            "return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"))
    assert all(style != "none" and width >= 2 for _, style, width in styles), styles
    assert {"A", "INPUT"} <= {tag for tag, _, _ in styles}
    tab.close()
