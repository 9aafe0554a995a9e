"""The poster fitting jumps to the answer in few layouts, with exactly the result of the step-by-step search.

`reference_fit` below is the search the project used before: shrink the deeds step by step (by
halving the range of sizes), then cut after the most whole sentences that fit (by halving the
range of sentences). The fitting must choose the same size, the same cut, the same photo and
spacing, and say the same warnings, for every poster of the sample roll and of a corpus of long deeds.
"""

from __future__ import annotations

import math
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from exemplar_site.builder import BuildConfig, load_site
from exemplar_site.content.keys import KEY, describe
from exemplar_site.errors import Problem, warning
from exemplar_site.inputs import gather_inputs
from exemplar_site.photos.work import PhotoWork
from exemplar_site.print.fit import (
    _ENDS_SENTENCE,
    ALL_FIELDS_ADVICE,
    FIELDS,
    Fitted,
    _culprit,
    _cut,
    _has_deeds,
    _sentences,
    fit_poster,
    spare_mm,
)
from exemplar_site.print.layout import PHOTO_GROWTH, POSTER_PHOTO_A3, excerpt_steps
from exemplar_site.print.pdf import PdfEngine, load_engine
from exemplar_site.products import PRODUCTS, find_tools, plan_site
from exemplar_site.site.labels import labels_for
from exemplar_site.site.pages import Page
from exemplar_site.site.render import make_environment, page_renderer

from .conftest import REPO, SITE_TOML, TODAY, exemplar_md, jpeg_bytes, require_pdf_engine, write_files


@pytest.fixture(autouse=True)
def engine():
    require_pdf_engine()


def reference_fit(engine: Any, page: Page, first: bytes, render: Callable[[Page], bytes]) -> Fitted:
    """The step-by-step search, as it was: the answer every fitting must give."""
    context = dict(page.context)
    document = engine.layout(first, page.path)

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
        return reference_fill(attempt, first, document, context, problems)
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
        return reference_fill(attempt, best[0], best[1], context, problems)
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


def reference_fill(attempt: Callable[..., tuple[bytes, Any, bool]], html: bytes, document: Any,
                   context: dict[str, Any], problems: list[Problem]) -> Fitted:
    """Grow the photo into the room the deeds left, then share what is left between the blocks, as it was."""
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


class CountingEngine:
    """The PDF engine, remembering every layout by its HTML (both searches share them) and counting them."""

    def __init__(self, engine: PdfEngine):
        self.engine = engine
        self.layouts: dict[bytes, Any] = {}
        self.asked: list[bytes] = []

    def layout(self, html: bytes, page_path: str) -> Any:
        self.asked.append(html)
        if html not in self.layouts:
            self.layouts[html] = self.engine.layout(html, page_path)
        return self.layouts[html]


def posters_of(site: Path, cache: Path) -> tuple[PdfEngine, list[Page], Callable[[Page], bytes]]:
    """The site's posters as a build plans them, the renderer that draws them and an engine with its photos."""
    config = BuildConfig(site=site, today=TODAY, jobs=1)
    loaded = load_site(config)
    weasyprint, _ = load_engine()
    inputs = gather_inputs(loaded.settings, loaded.exemplars, loaded.problems, config.out_dir, False,
                           find_tools(PRODUCTS, frozenset()), PRODUCTS, frozenset())
    labels = labels_for(loaded.settings.language)
    plan = plan_site(loaded.settings, loaded.exemplars, inputs.assets, labels, PRODUCTS)
    render = page_renderer(make_environment(loaded.settings), plan, loaded.settings, labels)
    with PhotoWork(plan.photo_jobs, cache, 1) as work:
        photos = work.finish()
    engine = PdfEngine(weasyprint, {**photos.files, **{a.path: a.source for a in plan.assets}})
    return engine, [p for p in plan.pages if p.context.get("fit") == "poster"], render


def outcome(fitted: Fitted) -> tuple[bytes, list[str], bool, int]:
    html, document, problems, printable = fitted
    return html, [p.format() for p in problems], printable, len(document.pages)


def compare(engine: PdfEngine, pages: list[Page], render: Callable[[Page], bytes]) -> tuple[int, int]:
    """Fit every poster both ways: the same outcome each time; the layouts each way asked for."""
    new = old = 0
    for page in pages:
        first = render(page)
        counting = CountingEngine(engine)
        expected = outcome(reference_fit(counting, page, first, render))
        old, counting.asked = old + len(counting.asked), []
        assert outcome(fit_poster(counting, page, first, render)) == expected, page.path
        new += len(counting.asked)
    print(f"layouts: step by step {old}, jumping {new}, {len(pages)} posters")
    return old, new


def size_and_cut(html: bytes) -> tuple[str, str]:
    text = html.decode()
    return re.search(r"\.excerpt \{ font-size: ([\d.]+)pt", text).group(1), text[text.rfind("<p>"):][:80]


def test_every_poster_of_the_sample_roll_is_fitted_as_by_the_step_by_step_search(tmp_path):
    site = tmp_path / "sample"
    site.mkdir()
    (site / "site.toml").write_text((REPO / "site.toml").read_text(encoding="utf-8").replace(
        "[print]\n", '[print]\nposters = "all"\n', 1), encoding="utf-8")
    shutil.copytree(REPO / "content", site / "content")
    engine, pages, render = posters_of(site, tmp_path / "cache")
    assert len(pages) >= 16
    old, new = compare(engine, pages, render)
    assert new < old


LONG_SENTENCES = ("他扎根一线二十年，始终把群众的冷暖放在心上。", "面对急难险重任务，她总是冲在最前面！",
                  "班组在他的带领下连续五年实现安全生产零事故。", "她主动钻研新技术，完成技术革新十余项。",
                  "多年来坚持志愿服务，累计服务时长超过2000小时。", "同事们都说：“有困难就找他。”",
                  "抢修现场，他带领队员连续奋战36个小时？", "她把每一位来访群众都当作自己的亲人。",
                  "这个集体用十年时间把一座老厂变成了行业标杆", "他编写的操作手册（第3版）成为全公司新员工的必读教材。")


def long_deeds_site(root: Path, count: int, seed: int = 15) -> Path:
    """A roll of `count` exemplars whose deeds run from a few lines to 1,500 characters and more."""
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {"site.toml": SITE_TOML + '\n[print]\nposters = "all"\n'}
    for i in range(count):
        target = rng.choice((60, 300, 700, 1000, 1200, 1350, 1500, 1700))
        paragraphs, total = [], 0
        while total < target:
            text = "".join(rng.choice(LONG_SENTENCES) for _ in range(rng.randint(2, 8)))
            if rng.random() < 0.3:
                text = f"**{text[:10]}**{text[10:]}"
            paragraphs.append(text)
            total += len(text)
        keys = {"name": rng.choice(("张伟", "欧阳晓明", "第三运维班组", "李娜")), "slug": f"p{i:03d}",
                "year": str(2016 + i % 10), "honors": "[" + ", ".join(rng.sample(
                    ("先进个人", "劳动模范", "五一劳动奖章", "青年岗位能手", "技术能手", "优秀共产党员"),
                    rng.randint(1, 6))) + "]"}
        if rng.random() < 0.5:
            keys["summary"] = "扎根基层，服务群众。" * rng.randint(1, 6)
        if rng.random() < 0.7:
            keys["quote"] = "干一行，爱一行，专一行。" * rng.randint(1, 3)
        files[f"content/p{i:03d}.md"] = exemplar_md("\n\n".join(paragraphs), **keys)
    return write_files(root, files)


def test_every_poster_of_200_with_long_deeds_is_fitted_as_by_the_step_by_step_search(tmp_path):
    engine, pages, render = posters_of(long_deeds_site(tmp_path / "site", 200), tmp_path / "cache")
    assert len(pages) == 200
    old, new = compare(engine, pages, render)
    assert new < old * 0.6


def test_edge_cases_exactly_fitting_one_character_over_and_nothing_fits(tmp_path):
    text = "他坚守岗位，默默奉献，带领班组攻坚克难，取得了显著成绩。" * 60
    site = write_files(tmp_path / "site", {"site.toml": SITE_TOML + '\n[print]\nposters = "all"\n',
                                            "content/p.jpg": jpeg_bytes((300, 400))})
    engine, render = None, None

    def poster(body: str, **keys: str) -> tuple[PdfEngine, Page, Callable[[Page], bytes]]:
        (site / "content/a.md").write_text(exemplar_md(body, photo="p.jpg", **keys), encoding="utf-8")
        engine, pages, render = posters_of(site, tmp_path / "cache")
        return engine, pages[0], render

    def fits_at_floor(length: int) -> bool:
        engine, page, render = poster(text[:length])
        page = replace(page, context={**page.context, "excerpt_pt": excerpt_steps(page.context["paper"])[-1]})
        return len(engine.layout(render(page), page.path).pages) == 1

    low, high = 0, len(text)  # the longest deeds that still fit at the floor size, to the character
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits_at_floor(middle) else (low, middle - 1)
    for length in (low, low + 1):  # exactly fitting (the smallest size), and one character over (cut)
        engine, page, render = poster(text[:length])
        compare(engine, [page], render)
    fitted = fit_poster(engine, page, render(page), render)
    assert size_and_cut(fitted[0])[1].endswith("……</p>") or "……" in fitted[0].decode()
    engine, page, render = poster(text[:low], unit="很长的单位名称" * 90)  # nothing fits, not even the facts
    compare(engine, [page], render)
    assert not fit_poster(engine, page, render(page), render)[3]
    engine, page, render = poster(text[:low].replace("。", "，") + "完")  # no sentence end to cut at
    compare(engine, [page], render)


def test_the_poster_leaves_out_each_field_the_advice_names_by_its_front_matter_key(tmp_path):
    shown = {"name": "欧阳明远", "unit": "第七测试车间", "position": "班组长甲", "honors": "荣誉甲",
             "summary": "简介甲乙丙", "quote": "感言甲乙丙"}
    site = write_files(tmp_path / "site", {"site.toml": SITE_TOML + '\n[print]\nposters = "all"\n',
                                           "content/a.md": exemplar_md("他的事迹。", **shown)})
    _, pages, render = posters_of(site, tmp_path / "cache")
    assert len(pages) == 1 and set(FIELDS) == set(shown) and set(FIELDS) <= set(KEY)  # the keys keys.py has
    page = pages[0]

    def printed(omit: tuple[str, ...]) -> str:
        html = render(replace(page, context={**page.context, "omit": omit})).decode()
        return html.split('<main class="sheets">', 1)[1]  # the sheet, not the title and description

    assert all(text in printed(()) for text in shown.values())
    for key in FIELDS:
        assert [k for k, text in shown.items() if text not in printed((key,))] == [key]
    assert [describe(key) for key in ("name", "honors", "quote")] == ["name (姓名/名称)", "honors (荣誉)",
                                                                       "quote (感言)"]
    assert ALL_FIELDS_ADVICE.endswith("shorten the longest of the name, unit, position, honors, summary or quote")
