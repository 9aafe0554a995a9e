"""No script from content runs: XSS vectors in every field and in the deeds, every page opened in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
FIELDS = ("name", "unit", "position", "summary", "quote")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_file(i: int) -> str:
    pick = [VECTORS[(i + k) % len(VECTORS)] for k in range(len(FIELDS) + 2)]
    lines = [f"{key}: {quoted(value)}" for key, value in zip(FIELDS, pick, strict=False)]
    lines += ["category: 道德模范", "year: 2024", "level: 省级",
              f"honors:\n  - {quoted(pick[-2])}\n  - {quoted(pick[-1])}"]
    deeds = "\n\n".join((VECTORS[-1],) + VECTORS + MARKDOWN_VECTORS)  # the template text first, kept whole
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
