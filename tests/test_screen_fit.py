"""The lobby screen fits every slide on a landscape 1920×1080 and a portrait 1080×1920 display, whatever
the content: long names, long collective names, long summaries, unbroken URLs, many honours.

Measured in Chromium on every slide of the sample roll and of a roll written to be hard: each text box
lies inside the slide area (below the header, above the progress bar, within the width) and none is
wider inside than out. Screenshots of each slide land in test-artifacts/screen-fit/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exemplar_site.builder import BuildConfig, build

from .browser import ARTIFACTS, Tab
from .conftest import SITE_TOML, TODAY, exemplar_md, jpeg_bytes

SHAPES = ((1920, 1080), (1080, 1920))
NAME_44 = "阿卜杜热合曼·买买提明·艾尔肯·阿卜杜拉·吐尔逊·库尔班·艾合买提江·伊力哈木·热合曼江"
LATIN_44 = "Abdurahmanmamatiminerkinabdullahtursunkurban"
COLLECTIVE_22 = "青川市供水有限公司管网管理所城东抢修第一班组"
URL_UNIT = "https://www.qingchuan-water.example.cn/units/pipe-network-management/emergency-repair-team-one/index.html"
SUMMARY_120 = ("二十四小时待命的城市血管医生，全年抢修爆管四百余次，平均到场时间不超过三十分钟，"
               "寒潮期间连续奋战七十二小时，完成抢修一百二十余处，保障了三所医院和十余个小区的正常供水，队员们在零下的气温里轮流下井作业，衣服湿透了就在抢修车里换一件接着干，从不叫苦叫累。")[:120]
LONG_DEEDS = "，".join(["她扎根基层二十年如一日服务群众"] * 40) + "。"
HONOURS = "\n".join(f"  - 青川市第{n}届优秀共产党员暨全市安全生产先进个人和五一劳动奖章获得者" for n in range(1, 7))


def hard_files() -> dict[str, str | bytes]:
    """Exemplars written to break the slide: every field at its longest, alone and together."""
    cases: list[dict[str, str | None]] = [
        {"name": NAME_44},
        {"name": LATIN_44, "summary": SUMMARY_120},
        {"name": COLLECTIVE_22, "type": "集体", "summary": SUMMARY_120, "photo": "p.jpg"},
        {"name": "韩雪", "summary": SUMMARY_120 * 4, "photo": "p.jpg"},  # a summary as staff may write it
        {"name": "王芳", "unit": URL_UNIT},
        {"name": "张伟", "unit": URL_UNIT * 2, "position": "党支部书记、总经理、安全生产委员会主任、工会主席",
         "category": "[道德模范, 科技创新, 爱岗敬业]", "level": "国家级", "summary": SUMMARY_120},
        {"name": NAME_44 + COLLECTIVE_22, "type": "集体", "unit": URL_UNIT, "summary": SUMMARY_120 * 3,
         "category": "[道德模范, 科技创新, 爱岗敬业]", "level": "国家级", "photo": "p.jpg"},
    ]
    files: dict[str, str | bytes] = {"content/p.jpg": jpeg_bytes((600, 800), color=(30, 60, 160))}
    for i, keys in enumerate(cases):
        honours = "\n" + HONOURS if i >= 5 else None
        files[f"content/e{i}.md"] = exemplar_md(LONG_DEEDS, year="2025", slug=f"e{i}", honors=honours, **keys)
    return files


@pytest.fixture(scope="module")
def hard_out(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("screen-hard")
    toml = SITE_TOML.replace('organisation = "测试单位"',
                             'organisation = "青川市供水有限公司管网管理所城东抢修一班党支部委员会暨工会委员会"')
    (site / "content").mkdir()
    for rel, data in {"site.toml": toml, **hard_files()}.items():
        (site / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return build(BuildConfig(site=site, jobs=1, today=TODAY, skip=frozenset({"pdf"}))).out


# Every text box of the active slide (and of the header) against the room it has: the slide area between
# the header and the progress bar, the viewport's width; no box may hold text wider than itself.
MEASURE = """() => {
  const slide = document.querySelector('.slide.is-active');
  const top = document.querySelector('.screen-head').getBoundingClientRect().bottom;
  const bottom = document.querySelector('.screen-progress').getBoundingClientRect().top;
  const width = window.innerWidth, out = [];
  const boxes = [...document.querySelectorAll('.screen-org, .screen-title, .screen-counter')]
    .map(el => [el, 0, window.innerHeight])
    .concat([...slide.querySelectorAll('.slide-text *')].map(el => [el, top, bottom]));
  for (const [el, low, high] of boxes) {
    if (!el.getClientRects().length) { continue; }  // not shown
    const r = el.getBoundingClientRect(), what = el.className || el.tagName;
    if (r.left < -0.5 || r.right > width + 0.5 || r.top < low - 0.5 || r.bottom > high + 0.5) {
      out.push(`${what} at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
    if (el.scrollWidth > el.clientWidth + 1) { out.push(`${what} holds ${el.scrollWidth} px in ${el.clientWidth}`); }
  }
  return out;
}"""

SIZES = """() => Object.fromEntries(['.slide-name', '.slide-summary'].map(s => {
  const el = document.querySelector('.slide.is-active ' + s);
  return [s, el ? parseFloat(getComputedStyle(el).fontSize) : null];
}))"""

CUT = "() => !document.querySelector('.slide.is-active .slide-more').hidden"


def open_paused(browser, out: Path, width: int, height: int) -> Tab:
    """The lobby screen, paused (the slides move only when the test says so) with the pause note hidden."""
    tab = Tab(browser, width, height)
    tab.page.emulate_media(reduced_motion="reduce")  # measured where the arrival animation ends
    tab.open((out / "screen.html").as_uri())
    tab.page.keyboard.press("Space")
    tab.page.evaluate("document.querySelector('.screen-paused').hidden = true")  # out of the screenshots
    return tab


def every_slide(browser, out: Path, width: int, height: int, label: str) -> dict[str, tuple]:
    """Each slide's problems (empty when it fits), name and summary sizes, and whether it says the text
    was cut; a screenshot of each."""
    tab = open_paused(browser, out, width, height)
    seen: dict[str, tuple] = {}
    folder = ARTIFACTS / "screen-fit"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(tab.page.locator(".slide").count()):
        name = tab.page.locator(".slide.is-active .slide-name").inner_text()
        seen[name] = (tab.page.evaluate(MEASURE), tab.page.evaluate(SIZES), tab.page.evaluate(CUT))
        tab.page.screenshot(path=str(folder / f"{label}-{width}x{height}-{i + 1:02d}.png"))
        tab.page.keyboard.press("ArrowRight")
    assert tab.problems() == []
    tab.close()
    return seen


@pytest.mark.parametrize(("width", "height"), SHAPES)
def test_every_sample_slide_fits_the_screen_in_full(browser, sample_out, width, height):
    seen = every_slide(browser, sample_out, width, height, "sample")
    assert len(seen) >= 10
    assert {name: problems for name, (problems, _, _) in seen.items() if problems} == {}
    short = min(width, height)
    for name, (_, sizes, cut) in seen.items():  # still a lobby screen: a large name, a readable summary
        assert sizes[".slide-name"] >= 0.1 * short and not cut, name
        assert sizes[".slide-summary"] is None or sizes[".slide-summary"] >= 0.028 * short, name


@pytest.mark.parametrize(("width", "height"), SHAPES)
def test_every_slide_fits_the_screen_whatever_the_content(browser, hard_out, width, height):
    seen = every_slide(browser, hard_out, width, height, "hard")
    assert len(seen) == 7 and NAME_44 in seen and len(NAME_44) == 44 and len(COLLECTIVE_22) == 22
    assert {name: problems for name, (problems, _, _) in seen.items() if problems} == {}
    short = min(width, height)
    for name, (_, sizes, _) in seen.items():
        assert sizes[".slide-name"] >= 0.045 * short, name
        assert sizes[".slide-summary"] is None or sizes[".slide-summary"] >= 0.02 * short, name
    assert seen["韩雪"][2] and not seen[COLLECTIVE_22][2]  # a cut summary says the full text is online


def test_a_display_turned_on_its_side_fits_again(browser, hard_out):
    tab = open_paused(browser, hard_out, 1920, 1080)
    while tab.page.locator(".slide.is-active .slide-name").inner_text() != NAME_44 + COLLECTIVE_22:
        tab.page.keyboard.press("ArrowRight")
    assert tab.page.evaluate(MEASURE) == []
    tab.page.set_viewport_size({"width": 1080, "height": 1920})
    tab.page.wait_for_function("document.querySelector('.screen-head').offsetHeight > 0.095 * innerHeight")
    assert tab.page.evaluate(MEASURE) == [] and tab.problems() == []
    tab.close()
