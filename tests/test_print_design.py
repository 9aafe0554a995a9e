"""Print that looks designed: each product on its paper, full sheets, tagged PDFs, plain warnings.

The composition is measured on the real layout (WeasyPrint's boxes) or on the printed page (pixels),
never taken from the code that decided it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import SITE_TOML, exemplar_md, jpeg_bytes, require_pdf_engine, require_tool

A3 = (841.89, 1190.55)
A3_LANDSCAPE = (1190.55, 841.89)
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫"


@pytest.fixture(autouse=True)
def engine():
    require_pdf_engine()


def media_box(pdf: Path, page: int = 0) -> tuple[float, float]:
    box = PdfReader(pdf).pages[page].mediabox
    return (round(float(box.width), 2), round(float(box.height), 2))


def boxes_of(document, page: int, css_class: str) -> list:
    """The laid-out boxes of one page whose element has this class (each element once)."""
    found, seen = [], set()
    for box in document.pages[page]._page_box.descendants():
        element = box.element
        if element is not None and css_class in (element.get("class") or "").split() and id(element) not in seen:
            seen.add(id(element))
            found.append(box)
    return found


def lay_out(html: Path):
    import weasyprint
    return weasyprint.HTML(filename=str(html)).render()


# ---- each product on its own paper ----

def test_booklets_are_a4_by_default_posters_and_boards_a3(make_site, build_site):
    site = make_site({"content/a.md": exemplar_md(slug="a")})
    build_site(site, pdf=True)
    out = site / "output"
    assert media_box(out / "booklet/2024.pdf") == A4
    assert media_box(out / "poster/a.pdf") == A3
    assert media_box(out / "board/moral-models.pdf") == A3


def test_one_setting_per_product(make_site, build_site):
    toml = SITE_TOML + '\n[print]\nposter = "A4"\nboard = "A3 landscape"\nbooklet = "A5"\n'
    site = make_site({"content/a.md": exemplar_md(slug="a")}, toml=toml)
    result = build_site(site, pdf=True)
    assert list(result.problems) == []
    out = site / "output"
    assert media_box(out / "poster/a.pdf") == A4
    assert media_box(out / "board/moral-models.pdf") == A3_LANDSCAPE
    booklet = out / "booklet/2024.pdf"
    assert all(media_box(booklet, i) == A5 for i in range(len(PdfReader(booklet).pages)))


def test_size_still_sets_the_posters_and_boards_paper(make_site, build_site):
    site = make_site({"content/a.md": exemplar_md(slug="a")}, toml=SITE_TOML + '\n[print]\nsize = "A4"\n')
    build_site(site, pdf=True)
    out = site / "output"
    assert media_box(out / "poster/a.pdf") == A4 and media_box(out / "board/moral-models.pdf") == A4
    assert media_box(out / "booklet/2024.pdf") == A4


def test_wrong_paper_settings_are_errors_on_their_line(make_site, build_site):
    from exemplar_site.settings import load_settings
    toml = SITE_TOML + '\n[print]\nposter = "A2"\nboard = "A3 sideways"\nbooklet = "A3"\n'
    settings, problems = load_settings(make_site(toml=toml))
    assert settings is None
    assert [p.format() for p in problems] == [
        'site.toml:19: error: [print] poster is the posters\' paper: one of A3, A4, e.g. poster = "A3"',
        'site.toml:20: error: [print] board is the boards\' paper: A3 or A4, then portrait or landscape, '
        'e.g. board = "A3 landscape"',
        'site.toml:21: error: [print] booklet is the booklet\'s paper: one of A4, A5, e.g. booklet = "A4"']


def test_board_paper_may_be_written_in_chinese(make_site):
    from exemplar_site.settings import load_settings
    settings, problems = load_settings(make_site(toml=SITE_TOML + '\n[print]\nboard = "A4 横向"\n'))
    assert problems == [] and (settings.print.board, settings.print.board_landscape) == ("A4", True)


# ---- sheets that look full ----

def test_boards_of_1_to_12_cards_cover_at_least_half_of_the_sheet(make_site, build_site):
    categories = "".join(f'\n[[categories]]\nname = "类别{n}"\nslug = "c{n}"\n' for n in range(1, 13))
    toml = 'title = "光荣榜"\norganisation = "测试单位"\n' + categories
    files = {f"content/c{n}-{i}.md": exemplar_md(name=f"{SURNAMES[i]}晓明", slug=f"c{n}-{i}", category=f"类别{n}",
                                                 unit="测试单位一车间", level="省级")
             for n in range(1, 13) for i in range(n)}
    site = make_site(files, toml=toml)
    build_site(site)  # the boards as HTML; laid out here as the PDF stage lays them out
    widths = {}
    for n in range(1, 13):
        document = lay_out(site / f"output/board/c{n}.html")
        assert len(document.pages) == 1, n
        page = document.pages[0]._page_box
        printable = page.width * page.height
        cards = boxes_of(document, 0, "board-card")
        head = boxes_of(document, 0, "board-head")
        assert len(cards) == n and len(head) == 1
        covered = sum(b.border_width() * b.border_height() for b in cards + head)
        assert covered / printable >= 0.5, (n, round(covered / printable, 2))
        assert all(b.position_x >= page.content_box_x() - 0.5 and
                   b.position_x + b.margin_width() <= page.content_box_x() + page.width + 0.5 for b in cards), n
        widths[n] = boxes_of(document, 0, "poster-placeholder")[0].border_width()  # the photo's place
    assert widths[1] > 3 * widths[12]  # one large card; twelve fill the sheet
    assert widths[1] > widths[2] > widths[4] > widths[12]


def blank_band(pdf: Path) -> float:
    """The tallest band of the sheet (inside its frame) with nothing printed, as a share of its height."""
    from PIL import Image
    png = pdf.with_suffix("")
    subprocess.run([require_tool("pdftoppm"), "-r", "30", "-png", "-gray", "-singlefile", str(pdf), str(png)],
                   check=True)
    image = Image.open(png.with_suffix(".png")).convert("L")
    width, height = image.size
    frame = int(30 / 25.4 * 20)  # 12 mm margin + the sheet's border and gold line, at 30 dpi
    pixels = image.load()
    blank = [all(pixels[x, y] > 235 for x in range(frame, width - frame)) for y in range(frame, height - frame)]
    longest = run = 0
    for is_blank in blank:
        run = run + 1 if is_blank else 0
        longest = max(longest, run)
    return longest / (height - 2 * frame)


def test_a_poster_with_two_sentences_leaves_no_more_than_a_fifth_blank(make_site, build_site):
    deeds = "他扎根一线二十年，带领班组完成技术改造十余项。他热心帮助新同事，被大家称为“老师傅”。"
    site = make_site({"content/zhang-wei.md": exemplar_md(deeds, photo="p.jpg"),
                      "content/p.jpg": jpeg_bytes((900, 1200))})
    build_site(site, pdf=True)
    pdf = site / "output/poster/zhang-wei.pdf"
    assert len(PdfReader(pdf).pages) == 1
    assert blank_band(pdf) <= 0.2
    html = (site / "output/poster/zhang-wei.html").read_text(encoding="utf-8")
    size = float(re.search(r"\.excerpt \{ font-size: ([\d.]+)pt", html).group(1))
    assert 16.0 < size <= 22.0  # grew, within a readable size
    scale = float(re.search(r"--photo: ([\d.]+);", html).group(1))
    assert 1.0 < scale <= 1.3  # the photo grew into the room


# ---- tagged, described, reproducible PDFs ----

def test_pdfs_are_tagged_with_language_title_author_and_subject(make_site, build_site):
    site = make_site({"content/a.md": exemplar_md(slug="a")})
    build_site(site, pdf=True)
    for rel in ("poster/a.pdf", "board/moral-models.pdf", "booklet/2024.pdf"):
        reader = PdfReader(site / "output" / rel)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] in (True, "true"), rel
        assert root["/Lang"] == "zh-CN", rel
        assert reader.metadata.title.endswith("先进典型光荣榜") and reader.metadata.author == "测试单位", rel
        assert reader.metadata.subject, rel
        content = reader.pages[0].get_contents().get_data()
        assert b"BDC" in content and b"/MCID" in content, rel  # marked content, tied to the tree
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data(), rel
    assert PdfReader(site / "output/poster/a.pdf").metadata.subject == "2024年度光荣榜 · 张伟 · 测试单位一车间"


def test_source_date_epoch_dates_the_pdfs_and_two_builds_are_identical(make_site, build_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    files = {"content/a.md": exemplar_md(slug="a", photo="p.jpg"), "content/p.jpg": jpeg_bytes()}
    one, two = make_site(files, name="one"), make_site(files, name="two")
    build_site(one, pdf=True)
    build_site(two, pdf=True)
    for rel in ("poster/a.pdf", "board/moral-models.pdf", "booklet/2024.pdf"):
        assert (one / "output" / rel).read_bytes() == (two / "output" / rel).read_bytes(), rel
    info = PdfReader(one / "output/poster/a.pdf").metadata
    assert info["/CreationDate"].startswith("D:20250101000000") and info["/ModDate"] == info["/CreationDate"]


def outline(reader: PdfReader, items=None, depth: int = 0) -> list[tuple[int, str, int]]:
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item, depth + 1)
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return found


def test_booklet_bookmarks_list_each_category_once_in_order_at_its_page(make_site, build_site):
    files = {f"content/p{i}.md": exemplar_md("事迹。" * (200 if i == 1 else 3), name=name, slug=f"p{i}", category=cat)
             for i, (name, cat) in enumerate([("赵一", "道德模范"), ("钱二", "道德模范"), ("孙三", "科技创新"),
                                               ("李四", "爱岗敬业")])}
    site = make_site(files)
    build_site(site, pdf=True)
    reader = PdfReader(site / "output/booklet/2024.pdf")
    marks = outline(reader)
    titles = [title for _, title, _ in marks]
    assert titles == ["2024年度先进典型事迹汇编", "目录", "道德模范", "赵一", "钱二", "科技创新", "孙三",
                      "爱岗敬业", "李四"]
    assert [depth for depth, _, _ in marks] == [0, 0, 0, 1, 1, 0, 1, 0, 1]
    texts = [re.sub(r"\s+", "", page.extract_text() or "") for page in reader.pages]
    for _, title, page in marks[2:]:
        assert title in texts[page - 1], (title, page)
        assert not any(title in text for text in texts[1:page - 1] if "目录" not in text), (title, page)


# ---- issue 13, point 19: nothing printed over nothing, URLs that break, advice that names the field ----

def build_one(make_site, build_site, body: str, **keys: str):
    site = make_site({"content/zhang-wei.md": exemplar_md(body, **keys)})
    result = build_site(site, pdf=True)
    return site, [p.format() for p in result.problems]


def test_deeds_that_are_only_a_table_print_no_heading_and_say_so(make_site, build_site):
    site, problems = build_one(make_site, build_site, "| 年份 | 荣誉 |\n|---|---|\n| 2023 | 劳模 |")
    assert problems == ["content/zhang-wei.md: warning: poster: the deeds have no paragraph of text (only a table "
                        "or a list), so the poster shows no deeds: start them with a paragraph"]
    html = (site / "output/poster/zhang-wei.html").read_text(encoding="utf-8")
    assert "先进事迹" not in html and (site / "output/poster/zhang-wei.pdf").is_file()


def test_long_deeds_without_a_sentence_end_print_no_heading_and_say_so(make_site, build_site):
    site, problems = build_one(make_site, build_site, "他坚守岗位默默奉献带领班组攻坚克难，" * 80,
                               summary="简介" * 60, quote="感言" * 40, honors="省劳动模范")
    assert problems == [
        "content/zhang-wei.md: warning: poster: the deeds are too long for the poster and have no sentence end "
        "(。！？) to cut them at, so the poster shows no deeds: end sentences with 。 or shorten the deeds"]
    assert "先进事迹" not in (site / "output/poster/zhang-wei.html").read_text(encoding="utf-8")
    assert len(PdfReader(site / "output/poster/zhang-wei.pdf").pages) == 1


def test_a_long_address_breaks_inside_the_sheet(make_site, build_site):
    url = "https://www.example.com/news?id=" + "0123456789abcdef" * 10
    site, problems = build_one(make_site, build_site, f"详见 {url} 的报道。", honors=url)
    assert problems == []
    pdf = site / "output/poster/zhang-wei.pdf"
    width = media_box(pdf)[0]
    bbox = subprocess.run([require_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    right = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right and max(right) <= width - 12 / 25.4 * 72, (max(right), width)


@pytest.mark.parametrize(("key", "label", "length"), [("name", "name (姓名/名称)", 400), ("unit", "unit (单位)", 1200)])
def test_an_over_long_name_or_unit_gets_advice_about_that_field(make_site, build_site, key, label, length):
    _, problems = build_one(make_site, build_site, "他的事迹。", **{key: "超长名称" * (length // 4)})
    assert problems == [f"content/zhang-wei.md: warning: poster not made: even without the deeds it needs two pages "
                        f"because the {label} is too long ({length} characters): shorten the {key}"]
