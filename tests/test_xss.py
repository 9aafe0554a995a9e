"""No script from content runs: XSS vectors in every field and in the deeds, every page opened in Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from exemplar_site.content.deeds import ALLOWED_TAGS, render_deeds

from .browser import Tab
from .conftest import SITE_TOML

# Each vector, if it ran, would open a dialog or set window.__xss.
VECTORS = (
    "<script>alert('xss')</script>",
    "<script>window.__xss = 1</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "<svg><script>alert('xss')</script></svg>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<iframe srcdoc=\"<script>parent.alert('xss')</script>\"></iframe>",
    "<a href=\"javascript:alert('xss')\" id=xss-link>点我</a>",
    "<a href=\"data:text/html,<script>alert('xss')</script>\">点我</a>",
    "<img src=\"data:image/svg+xml,<svg onload=alert('xss')>\">",
    "<style>@import 'javascript:alert(1)'; body { display: none }</style>",
    "<body onload=alert('xss')>",
    "<details open ontoggle=alert('xss')>",
    "<input autofocus onfocus=alert('xss')>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<embed src=\"javascript:alert('xss')\">",
    "<base href=\"javascript:alert('xss')//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss')\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "<form><button formaction=javascript:alert('xss')>提交</button></form>",
    "\"><script>alert('xss')</script>",
    "'><img src=x onerror=alert('xss')>",
    "</title><script>alert('xss')</script>",
    "</script><script>alert('xss')</script>",
    "</textarea><svg onload=alert('xss')>",
    "&lt;script&gt;alert('xss')&lt;/script&gt;",
    "&#60;img src=x onerror=alert('xss')&#62;",
    "\\u003cscript\\u003ealert('xss')\\u003c/script\\u003e",
    "javascript:alert('xss')",
    "{{ 7*7 }} {{ config }} {% for x in range(3) %}JINJA{% endfor %}",
)
MARKDOWN_VECTORS = (
    "[链接一](javascript:alert('xss'))",
    "[链接二](JaVaScRiPt:alert('xss'))",
    "[链接三](java\tscript:alert('xss'))",
    "[链接四](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=)",
    "[链接五](vbscript:msgbox(1))",
    "![图](javascript:alert('xss'))",
    "![图](x \"onerror=alert('xss')\")",
    "<javascript:alert('xss')>",
    "[链接六](&#106;avascript:alert('xss'))",
)
# Attributes on tags the sanitiser keeps: each would do harm if one attribute were let through
# (a style that covers the page or fetches from elsewhere, a handler that runs on hover or click).
OUTSIDE = "http://192.0.2.1"
ATTRIBUTE_VECTORS = (
    f'<span style="position:fixed;inset:0;background:url({OUTSIDE}/span.png)">覆盖全页</span>',
    f'<p style="background-image:url({OUTSIDE}/p.png)">带样式的段落</p>',
    f'<a href="#top" style="display:block;background:url({OUTSIDE}/a.png)">带样式的链接</a>',
    f'<strong style="background:url({OUTSIDE}/strong.png)">加粗</strong>',
    f'<table><tr><td style="background:url({OUTSIDE}/td.png)" onmouseover="alert(\'td\')">单元格</td></tr></table>',
    "<span onmouseover=\"alert('span')\">悬停</span>",
    "<p onclick=\"alert('p')\" onmouseenter=\"alert('p2')\">点击段落</p>",
    "<a href=\"#top\" onclick=\"alert('a')\" onfocus=\"alert('focus')\">点我一</a>",
    "<em onpointerover=\"alert('em')\" onanimationstart=\"alert('anim')\">强调</em>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('xss')\">点我二</a>",
    "<a href=\"&#x6A;avascript&#x3A;alert('xss')\">点我三</a>",
    "<a href=\"jav&#x09;ascript:alert('xss')\">点我四</a>",
    "<a href=\" &#14;  javascript:alert('xss')\">点我五</a>",
    "<a href=\"java&NewLine;script&colon;alert('xss')\">点我六</a>",
    "<span class=\"is-active\" id=\"site-search\" data-x=\"1\" title=\"提示\">借用页面的类名</span>",
)
FIELDS = ("name", "unit", "position", "summary", "quote")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_file(i: int) -> str:
    pick = [VECTORS[(i + k) % len(VECTORS)] for k in range(len(FIELDS) + 2)]
    lines = [f"{key}: {quoted(value)}" for key, value in zip(FIELDS, pick, strict=False)]
    lines += ["category: 道德模范", "year: 2024", "level: 省级",
              f"honors:\n  - {quoted(pick[-2])}\n  - {quoted(pick[-1])}"]
    # the template text first, kept whole; the raw HTML last, as some of it swallows what follows
    deeds = "\n\n".join((VECTORS[-1],) + MARKDOWN_VECTORS + ATTRIBUTE_VECTORS + VECTORS)
    return "---\n" + "\n".join(lines) + "\n---\n" + deeds + "\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from exemplar_site.builder import BuildConfig, build

    from .conftest import TODAY, write_files

    site = tmp_path_factory.mktemp("xss")
    toml = SITE_TOML.replace('title = "先进典型光荣榜"', f"title = {quoted(VECTORS[0] + '光荣榜')}")
    toml = toml.replace('organisation = "测试单位"', f"organisation = {quoted(VECTORS[2])}")
    toml = toml.replace('description = "品德高尚"', f"description = {quoted(VECTORS[3])}")
    files = {f"content/x{i:02d}.md": hostile_file(i) for i in range(len(VECTORS))}
    write_files(site, {"site.toml": toml, **files})
    build(BuildConfig(site=site, today=TODAY, skip=frozenset({"pdf"}), jobs=1))
    return site / "output"


def visit(tab: Tab, url: str) -> tuple[dict[str, list[str]], str]:
    """Open one page; return what went wrong (empty lists when nothing did) and the page's visible text.

    Besides what the tab records: a javascript:/data: link kept in the page, or the marker being set.
    """
    tab.open(url)
    hrefs = tab.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    tab.seen["errors"] += [f"dangerous link {href!r}" for href in hrefs
                           if href.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
    tab.page.wait_for_timeout(30)  # let any onload / onfocus / ontoggle handler fire
    if tab.page.evaluate("typeof window.__xss !== 'undefined'"):
        tab.seen["errors"].append("window.__xss was set")
    return tab.seen, tab.page.inner_text("body")


def test_no_script_from_content_runs_on_any_page(browser, hostile_site):
    root = hostile_site.as_uri() + "/"
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 2 * len(VECTORS)  # exemplar pages, posters, units, categories, years, the wall
    tab, failures = Tab(browser, root=root), {}
    for path in pages:
        seen, _ = visit(tab, path.as_uri())
        bad = {key: value for key, value in seen.items() if value}
        if bad:
            failures[path.relative_to(hostile_site).as_posix()] = bad
    assert failures == {}


def test_content_is_shown_as_text_and_templates_in_content_are_not_evaluated(browser, hostile_site):
    tab = Tab(browser, root=hostile_site.as_uri())
    _, text = visit(tab, (hostile_site / "exemplar/x00.html").as_uri())
    assert "<script>alert('xss')</script>" in text  # the name, shown literally
    jinja = VECTORS[-1]
    _, named = visit(tab, (hostile_site / f"exemplar/x{len(VECTORS) - 1:02d}.html").as_uri())
    assert named.count(jinja) >= 2  # as the name and in the deeds, character for character
    assert "JINJAJINJA" not in named and "{{ 7*7 }}" in text


def test_the_check_would_catch_a_script_that_runs(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<p>x</p><img src=x onerror=\"alert('xss')\"><script>window.__xss = 1</script>"
                    "<a href=' JavaScript:void(0)'>a</a><img src='http://192.0.2.1/track.png'>", encoding="utf-8")
    seen, _ = visit(Tab(browser, root=tmp_path.as_uri()), page.as_uri())
    assert seen["dialogs"] == ["xss"] and seen["requests"] == ["http://192.0.2.1/track.png"]
    assert {"window.__xss was set", "dangerous link ' JavaScript:void(0)'"} <= set(seen["errors"])


def test_search_results_and_filters_show_hostile_content_as_text(browser, hostile_site):
    tab = Tab(browser, root=hostile_site.as_uri())
    visit(tab, (hostile_site / "index.html").as_uri())
    page = tab.page
    page.fill("#site-search", "alert")
    page.locator("#search-results .result").first.wait_for()
    page.wait_for_timeout(100)
    names = page.locator("#search-results .result-name").all_inner_texts()
    assert VECTORS[0] in names and len(names) >= 20
    assert page.locator("#search-results script, #search-results iframe, #search-results svg").count() == 0
    page.select_option("select[name=unit]", index=1)
    page.wait_for_timeout(50)
    assert tab.seen == {"dialogs": [], "errors": [], "requests": []}
    assert page.evaluate("typeof window.__xss") == "undefined"


class _Attributes(HTMLParser):
    """Every attribute of every tag in a fragment, as a browser would read it (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


def attributes_of(fragment: str) -> list[tuple[str, str, str]]:
    parser = _Attributes()
    parser.feed(fragment)
    parser.close()
    return parser.found


@pytest.mark.parametrize("vector", ATTRIBUTE_VECTORS + VECTORS + MARKDOWN_VECTORS)
def test_cleaned_deeds_carry_no_style_no_handler_and_no_script_address(vector):
    cleaned = render_deeds(f"他的事迹。\n\n{vector}\n\n第三段。").html
    found = attributes_of(cleaned)
    assert [(tag, name) for tag, name, _ in found if name == "style" or name.startswith("on")] == [], cleaned
    kept = {(tag, name) for tag, name, _ in found if name not in ("title", "lang")}  # harmless anywhere
    assert kept <= {("a", "href"), ("a", "rel"), ("td", "align"), ("th", "align")}, cleaned
    # the scheme as a browser reads it: tabs and newlines anywhere and outer spaces and controls dropped
    hrefs = [re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33)))).lower()
             for _, name, value in found if name == "href"]
    schemes = {m.group(1) for h in hrefs if (m := re.match(r"([a-z][a-z0-9+.-]*):", h))}
    assert schemes <= {"http", "https", "mailto"}, cleaned
    assert "<p>他的事迹。</p>" in cleaned  # the deeds before it are kept


def test_the_attribute_vectors_put_attributes_on_tags_the_sanitiser_keeps():
    """Each vector is only a test if its tag survives: only its attributes must go."""
    for vector in ATTRIBUTE_VECTORS:
        tags = set(re.findall(r"<(\w+)", vector))
        assert tags and tags <= ALLOWED_TAGS, vector
        kept = render_deeds(vector).html
        assert all(f"<{tag}" in kept for tag in tags - {"table", "tr"}), (vector, kept)


CENTRE = """(e) => { e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
  const inside = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
                 r.left < innerWidth && r.top < innerHeight;
  return inside ? [r.left + r.width / 2, r.top + r.height / 2] : null; }"""
# A click on a link to another page is noted and its page not loaded (so one tab serves every click);
# every other link (javascript:, data:, an anchor) does what it would.
STAY = """window.__followed = [];
addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[href]");
  if (!link) return;
  const target = new URL(link.href, location.href);
  if (/^(file|https?):$/.test(target.protocol) && target.href.split("#")[0] !== location.href.split("#")[0]) {
    window.__followed.push(target.href);
    event.preventDefault();
  }
}, true);"""


def hover_and_click_everything(tab: Tab, url: str) -> tuple[list[str], int, int]:
    """Move the mouse over every element with a box, then click every link; returns the addresses the
    clicks would have opened, and how many elements were hovered and links clicked. What else happened
    is in tab.seen."""
    tab.page.add_init_script(STAY)
    tab.open(url)
    hovered = 0
    for i in range(tab.page.evaluate("document.body.querySelectorAll('*').length")):
        centre = tab.page.evaluate(f"i => ({CENTRE})(document.body.querySelectorAll('*')[i])", i)
        if centre:
            tab.page.mouse.move(*centre)
            hovered += 1
    links = tab.page.locator("a")
    for i in range(links.count()):
        centre = links.nth(i).evaluate(CENTRE)
        if centre:
            tab.page.mouse.click(*centre)  # where a reader would click: on whatever covers the link
        else:
            links.nth(i).dispatch_event("click")  # the skip link and the like: clicked as a script would
    tab.page.wait_for_timeout(50)  # let any handler run
    assert tab.page.url.split("#")[0] == url  # every click was seen by STAY (or went nowhere)
    return tab.page.evaluate("window.__followed"), hovered, links.count()


def test_hovering_and_clicking_everything_on_a_hostile_page_runs_nothing_and_fetches_nothing(browser, hostile_site):
    page, root = hostile_site / "exemplar/x00.html", hostile_site.as_uri() + "/"
    assert page.read_text(encoding="utf-8").count("点我") >= 6  # the hostile links are on the page, as text
    tab = Tab(browser, root=root)
    followed, hovered, clicked = hover_and_click_everything(tab, page.as_uri())
    assert hovered > 100 and clicked >= 10 and len(followed) >= 5
    assert [href for href in followed if not href.startswith(root)] == []
    assert tab.seen == {"dialogs": [], "errors": [], "requests": []}
    assert tab.page.evaluate("typeof window.__xss") == "undefined"
    tab.close()


def test_the_hover_and_click_check_would_catch_a_handler_and_a_style_that_got_through(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(f'<p><span onmouseover="alert(1)">悬停</span><a href="#x" onclick="alert(2)">点</a></p>'
                    f'<p><span style="display:block;height:9px" onmouseenter="this.style.background='
                    f"'url({OUTSIDE}/hover.png)'\">x</span><a href='{OUTSIDE}/away.html'>外链</a></p>",
                    encoding="utf-8")
    tab = Tab(browser, root=tmp_path.as_uri() + "/")
    followed, _, _ = hover_and_click_everything(tab, page.as_uri())
    tab.page.wait_for_timeout(50)
    assert tab.seen["dialogs"] == ["1", "2"] and tab.seen["requests"] == [f"{OUTSIDE}/hover.png"]
    assert followed == [f"{OUTSIDE}/away.html"]
    tab.close()
