"""The search index and the filters' choices, as planned and written (no browser needed)."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from exemplar_site.urls import exemplar_path

from .conftest import exemplar_md, jpeg_bytes

SENTENCE = "他扎根一线二十年，带领班组攻坚克难，累计完成抢修任务三千余次，群众满意率始终保持在百分之九十九以上。"
LONG_DEEDS = "\n\n".join([SENTENCE * 3] * 5)


def index_of(out) -> dict:
    text = (out / "assets/search-index.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"window\.exemplarSearchIndex = (\{.*\});", text, re.S).group(1))


def test_the_index_holds_what_readers_search_by_and_nothing_else(make_site, build_site):
    site = make_site({
        "content/zhang-wei.md": exemplar_md("张伟的事迹。", level="省级", position="车间主任",
                                            honors="[省劳动模范, 五一劳动奖章]", private="\n  phone: 13800000000"),
        "content/draft.md": exemplar_md("草稿。", name="王草稿", status="draft"),
    })
    index = index_of(build_site(site).out)
    rows = [dict(zip(index["fields"], row, strict=True)) for row in index["entries"]]
    assert [r["name"] for r in rows] == ["张伟"]  # drafts only with --drafts
    assert rows[0] == {"name": "张伟", "path": "exemplar/zhang-wei.html", "thumb": "", "unit": "测试单位一车间",
                       "position": "车间主任", "categories": "道德模范", "level": "省级",
                       "honors": "省劳动模范、五一劳动奖章", "text": "张伟的事迹。",
                       "pinyin": "zhang wei", "year": 2024, "kind": "p",
                       "status": "published"}


def test_each_entry_links_to_the_address_urls_py_gives_its_page(make_site, build_site):
    site = make_site({
        "content/zhang-wei.md": exemplar_md(photo="p.jpg"),
        "content/p.jpg": jpeg_bytes(),
        "content/李四.md": exemplar_md(name="李四", slug="li-si-2"),  # the slug written, not the file's name
    })
    out = build_site(site).out
    index = index_of(out)
    rows = [dict(zip(index["fields"], row, strict=True)) for row in index["entries"]]
    assert sorted(r["name"] for r in rows) == ["张伟", "李四"] and "slug" not in index["fields"]
    slugs = {"张伟": "zhang-wei", "李四": "li-si-2"}
    for row in rows:  # root-relative addresses, as the build decided and wrote them
        assert row["path"] == exemplar_path(SimpleNamespace(slug=slugs[row["name"]]))
        assert (out / row["path"]).is_file()
    assert all((out / r["thumb"]).is_file() for r in rows if r["thumb"]) and any(r["thumb"] for r in rows)


def test_the_index_stays_under_1_mb_per_1000_exemplars(make_site, build_site):
    honors = "[" + ", ".join(f"第{i}届全国五一劳动奖章获得者" for i in range(10)) + "]"
    files = {f"content/p{i:04d}.md": exemplar_md(LONG_DEEDS, name=f"欧阳明{i:04d}", honors=honors,
                                                 unit=f"青川市公用事业集团第{i % 50}分公司客户服务中心营业所",
                                                 category="[道德模范, 爱岗敬业]", summary="长期坚守一线" * 10)
             for i in range(1000)}
    out = build_site(make_site(files)).out
    size = (out / "assets/search-index.js").stat().st_size
    photo_paths = 1000 * len('"photos/0123456789abcdef0123-240x320.jpg"')  # had each of them a photo
    assert size + photo_paths <= 1_000_000, size
    assert len(index_of(out)["entries"]) == 1000


def test_filters_offer_only_choices_that_exist_and_leave_out_single_choice_filters(make_site, build_site):
    site = make_site({
        "content/a.md": exemplar_md(name="张伟", level="省级"),
        "content/b.md": exemplar_md(name="李四", level="市级", unit="二车间"),
        "content/c.md": exemplar_md(name="王五", year="2023"),
    })
    out = build_site(site).out
    wall = (out / "index.html").read_text(encoding="utf-8")
    selects = dict(re.findall(r'<select name="(\w+)">(.*?)</select>', wall, re.S))
    assert set(selects) == {"level", "unit"}  # one year, one category and one kind on the wall: no filter
    assert re.findall(r'<option value="([^"]*)">', selects["level"]) == ["", "省级", "市级"]
    archive = (out / "year/index.html").read_text(encoding="utf-8")
    assert '<select name="year">' in archive and '<option value="2023">2023年度光荣榜</option>' in archive
