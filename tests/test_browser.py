"""The built sample site in Debian's Chromium (Playwright): from disk and from a server under a sub-path.

Every page loads cleanly; search, filters and the lobby screen work as readers use them; colours meet
WCAG AA; screenshots for people to look at land in test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from exemplar_site.builder import BuildConfig, build

from .browser import ARTIFACTS, Tab
from .conftest import SITE_TOML, TODAY, exemplar_md, jpeg_bytes

SUB_PATH = "/intranet/honours/"


@pytest.fixture(scope="module")
def server(sample_out, tmp_path_factory):
    """The sample site served by a plain HTTP server under a sub-path, as on an intranet server."""
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(sample_out, www / SUB_PATH.strip("/"))

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def tab(browser):
    opened = Tab(browser)
    yield opened
    opened.close()


def pages_of(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


@pytest.mark.parametrize("where", ["file", "http"])
def test_every_page_loads_with_no_error_and_no_failed_request(browser, sample_out, server, where):
    base = sample_out.as_uri() + "/" if where == "file" else server
    tab = Tab(browser)
    failures = {}
    for rel in pages_of(sample_out):
        tab.open(base + quote(rel))
        tab.page.wait_for_timeout(20)
        if tab.problems():
            failures[rel] = tab.problems()
    tab.close()
    assert len(pages_of(sample_out)) > 40 and failures == {}


def search(tab: Tab, query: str) -> list[str]:
    tab.page.fill("#site-search", query)
    tab.page.locator("#search-results .results-count").wait_for()
    tab.page.wait_for_timeout(150)  # the results follow typing after a short pause
    return tab.page.locator("#search-results .result-name").all_inner_texts()


@pytest.mark.parametrize("where", ["file", "http"])
def test_search_finds_by_unit_substring_pinyin_and_initials_and_links_to_the_page(browser, sample_out, server,
                                                                                  where):
    base = sample_out.as_uri() + "/" if where == "file" else server
    tab = Tab(browser).open(base + "exemplar/he-ming.html")  # from a page one folder down
    assert "贺明" in search(tab, "第二水厂")
    assert search(tab, "lxl")[0] == "林晓岚"
    assert search(tab, "linxiaolan")[0] == "林晓岚"
    assert "林晓岚" in search(tab, "xiaolan")
    assert search(tab, "晓岚")[0] == "林晓岚"
    assert len(search(tab, "供水")) >= 4  # every unit of the water company, and deeds that mention it
    assert search(tab, "没有这个人") == []
    assert "没有找到" in tab.page.locator("#search-results .results-count").inner_text()
    search(tab, "林晓岚")
    tab.page.locator("#search-results a.result").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url.endswith("exemplar/lin-xiaolan.html") and tab.problems() == []
    tab.close()


@pytest.mark.parametrize("start", ["index.html", "unit/index.html"])
def test_search_results_open_the_address_the_index_gives(browser, sample_out, tmp_path, start):
    """site.js links a result to the page the index names, not to an address it makes up from the slug."""
    out = tmp_path / "out"
    shutil.copytree(sample_out, out)
    index = out / "assets/search-index.js"
    text = index.read_text(encoding="utf-8")
    assert text.count('"exemplar/lin-xiaolan.html"') == 1
    index.write_text(text.replace('"exemplar/lin-xiaolan.html"', '"people/lin-xiaolan.html"'), encoding="utf-8")
    (out / "people").mkdir()
    (out / "exemplar/lin-xiaolan.html").rename(out / "people/lin-xiaolan.html")  # as deep: its links still work
    tab = Tab(browser).open((out / start).as_uri())
    assert search(tab, "林晓岚")[0] == "林晓岚"
    tab.page.locator("#search-results a.result").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url == (out / "people/lin-xiaolan.html").as_uri() and tab.problems() == []
    tab.close()


NAMESAKES = {"zhang-wei": ("张伟", "车间主任"), "han-xue": ("韩雪", ""), "wang-fang": ("王芳", "高级工程师"),
             "wan-gui": ("万桂", ""), "huang-xiaoqing": ("黄小清", ""), "xi-an": ("席安", "")}


@pytest.fixture(scope="module")
def names_out(tmp_path_factory) -> Path:
    """Two- and three-syllable names, one (万桂, wan gui) spelling 'wang' across a syllable boundary."""
    site = tmp_path_factory.mktemp("names")
    (site / "content").mkdir()
    (site / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    for slug, (name, position) in NAMESAKES.items():
        (site / f"content/{slug}.md").write_text(exemplar_md("认真负责。", name=name, position=position or None),
                                                 encoding="utf-8")
    return build(BuildConfig(site=site, jobs=1, today=TODAY, skip=frozenset({"pdf"}))).out


QUERIES = dict([
    ("wei", ["张伟"]), ("xue", ["韩雪"]), ("fang", ["王芳"]), ("gui", ["万桂"]),  # the given name alone
    ("zhangwei", ["张伟"]), ("hanxue", ["韩雪"]), ("wangui", ["万桂"]),  # full pinyin
    ("zw", ["张伟"]), ("hx", ["韩雪", "黄小清"]), ("hxq", ["黄小清"]),  # initials
    ("zhangw", ["张伟"]), ("zwei", ["张伟"]), ("han 雪", ["韩雪"]), ("huangxq", ["黄小清"]),  # mixed
    ("xiaoqing", ["黄小清"]), ("xiaoq", ["黄小清"]), ("qing", ["黄小清"]),
    ("wang", ["王芳"]), ("wan", ["万桂", "王芳"]), ("wangu", ["万桂"]),  # only on syllable boundaries: not wan|g
    ("xia", ["黄小清"]), ("xian", ["席安"]), ("ang", []), ("ei", []),
    ("车间主任", ["张伟"]), ("工程师", ["王芳"]),  # the position (职务)
])


def test_search_matches_pinyin_on_syllable_boundaries_and_finds_the_position(browser, names_out):
    tab = Tab(browser).open((names_out / "index.html").as_uri())
    assert {query: search(tab, query) for query in QUERIES} == QUERIES
    assert tab.problems() == []
    tab.close()


def visible_cards(tab: Tab) -> int:
    return len(set(tab.page.eval_on_selector_all(
        "main li.card[data-slug]:not([hidden])", "cards => cards.map(c => c.dataset.slug)")))


def test_filters_change_the_count_and_the_address_and_can_be_shared(tab, sample_out):
    tab.open((sample_out / "index.html").as_uri())
    total = visible_cards(tab)
    count = tab.page.locator(".filter-count")
    assert count.inner_text() == f"显示 {total} 个，共 {total} 个"
    tab.page.select_option("select[name=level]", "市级")
    shown = visible_cards(tab)
    assert 0 < shown < total and count.inner_text() == f"显示 {shown} 个，共 {total} 个"
    assert tab.page.url.endswith("#level=" + quote("市级"))
    tab.page.select_option("select[name=kind]", "collective")
    assert "kind=collective" in tab.page.url and visible_cards(tab) <= shown
    shared = tab.page.url
    tab.shot("filters-1440")
    tab.page.click("button.filter-reset")
    tab.page.wait_for_timeout(50)
    assert visible_cards(tab) == total and "#" not in tab.page.url.split("/")[-1].rstrip("#")
    tab.open("about:blank").open(shared)  # a shared address opens the same view
    assert tab.page.input_value("select[name=level]") == "市级" and visible_cards(tab) <= shown
    assert tab.problems() == []


def test_archive_filters_by_year_and_shows_an_empty_state(tab, sample_out):
    tab.open((sample_out / "year/index.html").as_uri() + "#year=2024")
    in_2024 = visible_cards(tab)
    assert in_2024 and tab.page.locator("section.roll-section:not([hidden])").count() == 1
    tab.page.select_option("select[name=year]", "2025")
    assert visible_cards(tab) != in_2024
    assert not tab.page.locator(".filter-empty").is_visible()
    tab.page.select_option("select[name=unit]", "青川市环境卫生管理所")  # two persons, no collective
    tab.page.select_option("select[name=kind]", "collective")
    assert visible_cards(tab) == 0 and tab.page.locator(".filter-empty").is_visible()
    assert tab.page.locator(".filter-count").inner_text().startswith("显示 0 个")
    tab.open((sample_out / "year/index.html").as_uri() + "#unit=" + quote("没有的单位"))
    assert visible_cards(tab) > 0  # an unknown value in the address is ignored, not an empty page


@pytest.fixture(scope="module")
def screen_out(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("screen")
    toml = SITE_TOML + "\n[screen]\nseconds = 2\n"
    files = {f"content/p{i}.md": exemplar_md(f"第{i}位的事迹。", name=name, photo=f"p{i}.jpg" if i else None)
             for i, name in enumerate(["丁一", "王芳", "张伟"])}
    files["content/p1.jpg"] = jpeg_bytes((600, 800))
    files["content/p2.jpg"] = jpeg_bytes((600, 800), color=(30, 60, 160))
    (site / "content").mkdir()
    for rel, data in {"site.toml": toml, **files}.items():
        (site / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return build(BuildConfig(site=site, jobs=1, today=TODAY, skip=frozenset({"pdf"}))).out


TIMER_COUNTER = """
window.__pending = new Set();
const setT = window.setTimeout, clearT = window.clearTimeout;
window.setTimeout = function (fn, ms) {
  const id = setT(function () { window.__pending.delete(id); fn(); }, ms);
  window.__pending.add(id); return id;
};
window.clearTimeout = function (id) { window.__pending.delete(id); clearT(id); };
"""


def active_name(tab: Tab) -> str:
    return tab.page.locator(".slide.is-active .slide-name").inner_text()


def test_screen_mode_advances_loops_pauses_and_never_piles_up(browser, screen_out):
    tab = Tab(browser, 1920, 1080)
    tab.page.add_init_script(TIMER_COUNTER)
    tab.open((screen_out / "screen.html").as_uri())
    nodes = tab.page.evaluate("document.getElementsByTagName('*').length")
    seen = [active_name(tab)]
    for _ in range(4):  # 2 s a slide: three slides, then back to the first
        tab.page.wait_for_timeout(2100)
        seen.append(active_name(tab))
        assert tab.page.evaluate("window.__pending.size") <= 1
    assert seen[:4] == ["丁一", "王芳", "张伟", "丁一"]
    assert tab.page.evaluate("document.getElementsByTagName('*').length") == nodes
    assert tab.page.locator(".screen-current").inner_text() in ("1", "2")
    tab.page.keyboard.press("Space")
    paused_on = active_name(tab)
    assert tab.page.locator(".screen-paused").is_visible()
    tab.page.wait_for_timeout(2500)
    assert active_name(tab) == paused_on and tab.page.evaluate("window.__pending.size") == 0
    tab.page.keyboard.press("ArrowRight")
    assert active_name(tab) != paused_on
    tab.page.keyboard.press("ArrowLeft")
    assert active_name(tab) == paused_on
    assert tab.problems() == []
    tab.close()


def test_screen_mode_fills_landscape_and_portrait_screens(browser, sample_out):
    for width, height in ((1920, 1080), (1080, 1920)):
        tab = Tab(browser, width, height).open((sample_out / "screen.html").as_uri())
        tab.page.wait_for_timeout(900)  # the slide's arrival animation
        photo = tab.page.locator(".slide.is-active .slide-photo img, .slide.is-active .slide-photo svg").bounding_box()
        name = tab.page.locator(".slide.is-active .slide-name").bounding_box()
        if width > height:
            assert photo["x"] + photo["width"] <= name["x"]  # side by side
        else:
            assert photo["y"] + photo["height"] <= name["y"]  # photo above the name
        assert photo["height"] > height * 0.4
        assert tab.page.evaluate("document.documentElement.scrollHeight") <= height
        tab.shot(f"screen-{width}x{height}")
        assert tab.problems() == []
        tab.close()


# As Word tables come: many columns of figures and codes, which do not wrap
WIDE_TABLE = ("| 年度 | " + " | ".join(f"{m}月" for m in range(1, 13)) + " | 合同编号 |\n"
              + "|---" * 14 + "|\n"
              + "| 2024 | " + " | ".join("12,345.67" for _ in range(12)) + " | QC-2024-000123456789 |\n")


def test_a_wide_table_in_the_deeds_scrolls_in_its_own_box_on_a_phone(browser, tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (site / "content/zhang-wei.md").write_text(exemplar_md("他的工作成绩如下表。\n\n" + WIDE_TABLE), encoding="utf-8")
    out = build(BuildConfig(site=site, jobs=1, today=TODAY, skip=frozenset({"pdf"}))).out
    tab = Tab(browser, 390, 844).open((out / "exemplar/zhang-wei.html").as_uri())
    table = tab.page.locator(".deeds table")
    assert table.evaluate("t => t.scrollWidth") > 390  # the table is wider than the phone
    assert tab.page.evaluate("document.scrollingElement.scrollWidth") <= 390
    tab.shot("deeds-table-390", full_page=True)
    assert tab.problems() == []
    tab.close()


@pytest.mark.parametrize("width", [390, 1440])
def test_screenshots_for_people_to_look_at(browser, sample_out, width):
    tab = Tab(browser, width, 900 if width > 400 else 844)
    tab.open((sample_out / "index.html").as_uri())
    tab.shot(f"wall-{width}", full_page=True)
    tab.open((sample_out / "exemplar/lin-xiaolan.html").as_uri())
    tab.shot(f"exemplar-{width}", full_page=True)
    search(tab, "供水")
    tab.shot(f"search-{width}")
    assert (ARTIFACTS / f"search-{width}.png").stat().st_size > 10_000 and tab.problems() == []
    tab.close()
