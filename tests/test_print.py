"""Posters, boards and booklets: real PDFs made by WeasyPrint, inspected as a print shop would."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from exemplar_site.errors import ContentError
from exemplar_site.print import pdf as print_pdf

from .conftest import exemplar_md, jpeg_bytes, require_pdf_engine, require_tool

A3 = (841.89, 1190.55)
A4 = (595.28, 841.89)
_TEXT = ("他坚守岗位，默默奉献，带领班组攻坚克难，取得了显著成绩。" * 60)[:1500]
LONG_DEEDS = "\n\n".join(_TEXT[i:i + 150] for i in range(0, 1500, 150))  # exactly 1,500 characters


@pytest.fixture(autouse=True)
def engine():
    require_pdf_engine()


def media_box(pdf: Path) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return (round(float(box.width), 2), round(float(box.height), 2))


def pdf_text(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def test_poster_is_one_a3_page_with_embedded_fonts_name_and_unit(make_site, build_site):
    site = make_site({"content/zhang-wei.md": exemplar_md("他的事迹。", photo="p.jpg", level="省级",
                                                          honors="省劳动模范", quote="干就完了"),
                      "content/p.jpg": jpeg_bytes((1200, 1600))})
    build_site(site, pdf=True)
    pdf = site / "output/poster/zhang-wei.pdf"
    assert len(PdfReader(pdf).pages) == 1
    assert media_box(pdf) == A3
    text = pdf_text(pdf)[0]
    assert "张伟" in text and "测试单位一车间" in text and "省劳动模范" in text
    fonts = subprocess.run([require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\b", row) for row in rows), fonts  # embedded and subset


def test_poster_photo_is_the_processed_photo_at_print_resolution(make_site, build_site):
    site = make_site({"content/zhang-wei.md": exemplar_md(photo="p.jpg"), "content/p.jpg": jpeg_bytes((3000, 4000))})
    build_site(site, pdf=True)
    images = [img for page in PdfReader(site / "output/poster/zhang-wei.pdf").pages for img in page.images]
    assert len(images) == 1
    image = images[0].image
    assert image.mode == "RGB" and image.size == (900, 1200)  # 110 mm wide on A3: 208 dpi


def test_a4_poster(make_site, build_site):
    from .conftest import SITE_TOML
    site = make_site({"content/zhang-wei.md": exemplar_md()}, toml=SITE_TOML + '\n[print]\nsize = "A4"\n')
    build_site(site, pdf=True)
    pdf = site / "output/poster/zhang-wei.pdf"
    assert len(PdfReader(pdf).pages) == 1 and media_box(pdf) == A4


def test_1500_character_deeds_still_give_one_page(make_site, build_site):
    assert len(LONG_DEEDS.replace("\n", "")) == 1500
    site = make_site({"content/zhang-wei.md": exemplar_md(LONG_DEEDS, photo="p.jpg", quote="感言" * 20,
                                                          summary="简介" * 40),
                      "content/p.jpg": jpeg_bytes()})
    build_site(site, pdf=True)
    assert len(PdfReader(site / "output/poster/zhang-wei.pdf").pages) == 1
    html = (site / "output/poster/zhang-wei.html").read_text(encoding="utf-8")
    size = float(re.search(r"\.excerpt \{ font-size: ([\d.]+)pt", html).group(1))
    assert 11.0 <= size < 16.0  # shrunk, not below the floor
    assert _TEXT[-20:] in html or "……" in html  # all of it, or cut visibly


def test_too_long_deeds_shrink_to_the_floor_then_cut_at_a_sentence_end(make_site, build_site):
    site = make_site({"content/zhang-wei.md": exemplar_md(LONG_DEEDS + "\n\n" + LONG_DEEDS, photo="p.jpg",
                                                          quote="感言" * 40, summary="简介" * 60),
                      "content/p.jpg": jpeg_bytes()})
    build_site(site, pdf=True)
    assert len(PdfReader(site / "output/poster/zhang-wei.pdf").pages) == 1
    html = (site / "output/poster/zhang-wei.html").read_text(encoding="utf-8")
    assert ".excerpt { font-size: 11.0pt; }" in html
    assert "成绩……</p>" in html  # cut after a full sentence


def test_board_of_13_cards_has_two_pages_and_every_name_once(make_site, build_site):
    names = [f"{surname}晓明" for surname in "赵钱孙李周吴郑王冯陈褚卫蒋"]
    files = {f"content/p{i}.md": exemplar_md(name=name, slug=f"p{i}") for i, name in enumerate(names)}
    site = make_site(files)
    build_site(site, pdf=True)
    pages = pdf_text(site / "output/board/moral-models.pdf")
    assert len(pages) == 2
    text = "".join(pages)
    for name in names:
        assert text.count(name) == 1, name


def test_booklet_contents_page_numbers_match_where_exemplars_start(make_site, build_site):
    files = {f"content/p{i}.md": exemplar_md(LONG_DEEDS if i % 2 else "短的事迹。", name=name, slug=f"p{i}",
                                             category=category)
             for i, (name, category) in enumerate([("赵一", "道德模范"), ("钱二", "道德模范"),
                                                    ("孙三", "科技创新"), ("李四", "爱岗敬业")])}
    site = make_site(files)
    build_site(site, pdf=True)
    pages = pdf_text(site / "output/booklet/2024.pdf")
    pages = [re.sub(r"[ \t]+", "", text) for text in pages]
    contents = next(i for i, text in enumerate(pages) if "目录" in text)
    for name in ("赵一", "钱二", "孙三", "李四"):
        number = int(re.search(rf"{name}.*?(\d+)$", pages[contents], re.M).group(1))
        found = [i + 1 for i, text in enumerate(pages) if i != contents and name in text]
        assert found[0] == number, (name, number, found)


def test_web_pages_link_to_the_print_products(make_site, build_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    build_site(site, pdf=True)
    out = site / "output"
    assert 'href="../poster/zhang-wei.pdf"' in (out / "exemplar/zhang-wei.html").read_text(encoding="utf-8")
    assert 'href="../board/moral-models.html"' in (out / "category/moral-models.html").read_text(encoding="utf-8")
    assert 'href="../booklet/2024.pdf"' in (out / "year/2024.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in (out / "poster/zhang-wei.html").read_text(encoding="utf-8")


def test_nothing_changed_makes_no_pdf_and_an_edit_remakes_only_its_own(make_site, build_site):
    site = make_site({"content/a.md": exemplar_md(slug="a"), "content/b.md": exemplar_md(name="李四", slug="b",
                                                                                          category="科技创新")})
    first = build_site(site, pdf=True)
    assert first.files_made == first.product_files > 0
    assert build_site(site, pdf=True).files_made == 0
    (site / "content/b.md").write_text(exemplar_md("新的事迹。", name="李四", slug="b", category="科技创新"),
                                       encoding="utf-8")
    third = build_site(site, pdf=True)
    assert third.files_made == 2  # b's poster and the 2024 booklet; a's poster and board are reused


def test_without_an_engine_html_print_pages_are_made_with_one_warning(make_site, build_site, monkeypatch):
    monkeypatch.setattr(print_pdf, "load_engine", lambda: (None, "OSError: cannot load library 'libpango-1.0-0'"))
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    result = build_site(site, pdf=True)
    out = site / "output"
    assert (out / "poster/zhang-wei.html").is_file() and not list(out.rglob("*.pdf"))
    assert [p.message.split(";")[0] for p in result.problems] == [
        "PDFs were skipped: WeasyPrint cannot start here (OSError: cannot load library 'libpango-1.0-0')"]
    page = (out / "exemplar/zhang-wei.html").read_text(encoding="utf-8")
    assert "poster/zhang-wei.html" in page and ".pdf" not in page
    with pytest.raises(ContentError):
        build_site(site, strict=True, pdf=True)


def test_site_fonts_are_used_before_system_fonts(make_site, build_site):
    from .conftest import SITE_TOML
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.is_file():
        require_tool("fonts-dejavu-core-is-not-installed")  # skips outside CI, fails under CI
    site = make_site({"content/zhang-wei.md": exemplar_md(unit="ABC Works"), "fonts/house.ttf": font.read_bytes()},
                     toml=SITE_TOML + '\n[print]\nfonts = ["fonts/house.ttf"]\n')
    build_site(site, pdf=True)
    out = site / "output"
    assert (out / "fonts/house.ttf").read_bytes() == font.read_bytes()
    assert '@font-face { font-family: "SiteFont1"; src: url("../fonts/house.ttf"); }' in (
        out / "poster/zhang-wei.html").read_text(encoding="utf-8")
    fonts = subprocess.run([require_tool("pdffonts"), str(out / "poster/zhang-wei.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "+SiteFont1" in fonts  # the site font is embedded (subset) and used


def test_a_missing_site_font_is_a_warning_and_the_pdfs_use_the_installed_fonts(make_site, build_site):
    from .conftest import SITE_TOML
    site = make_site({"content/zhang-wei.md": exemplar_md()}, toml=SITE_TOML + '\n[print]\nfonts = ["fonts/no.otf"]\n')
    result = build_site(site, pdf=True)
    assert [p.format() for p in result.problems] == [
        "site.toml:19: warning: [print] fonts: 'fonts/no.otf' is not found (the path is relative to the site "
        "folder); the PDFs use the installed fonts instead"]
    assert (site / "output/poster/zhang-wei.pdf").is_file()


def test_a_site_font_that_is_no_font_or_outside_the_site_is_a_warning_saying_which(make_site):
    from exemplar_site.settings import load_settings
    from exemplar_site.site.render import find_fonts

    from .conftest import SITE_TOML
    site = make_site({"content/zhang-wei.md": exemplar_md(), "fonts/junk.ttf": "not a font",
                      "fonts/real.otf": b"OTTO" + bytes(60)},
                     toml=SITE_TOML + '\n[print]\nfonts = ["fonts/junk.ttf", "../elsewhere.ttf", "fonts/real.otf"]\n')
    settings, _ = load_settings(site)
    assets, problems = find_fonts(settings)
    assert [asset.path for asset in assets] == ["fonts/real.otf"]
    assert [p.format() for p in problems] == [
        "site.toml:19: warning: [print] fonts: 'fonts/junk.ttf' is not a font file (TTF, OTF, TTC or WOFF); the "
        "PDFs use the installed fonts instead",
        "site.toml:19: warning: [print] fonts: '../elsewhere.ttf' is outside the site folder: copy the font into "
        "it; the PDFs use the installed fonts instead"]
