"""Print pages laid out with their stylesheets parsed once (print/sheets.py): the same PDFs as WeasyPrint
reading the page's own links, and the page left alone whenever that could not be promised."""

from __future__ import annotations

import pytest

from exemplar_site.print.pdf import VIRTUAL_ROOT, PdfEngine, load_engine
from exemplar_site.print.sheets import Stylesheets

from .conftest import require_pdf_engine, sample_site

PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title>\n'
        '<link rel="icon" href="../assets/emblem.svg">\n'
        '<link rel="stylesheet" href="../assets/print.css">\n'
        '<style>\n.a { color: red; }\n</style>\n</head>\n<body><p class="a">x</p></body></html>')
URL = "file:///site/poster/a.html"


def sheets_recording(files: dict[str, str]) -> tuple[Stylesheets, list[tuple[str, str]]]:
    parsed: list[tuple[str, str]] = []

    def parse(string: str, base_url: str) -> tuple[str, str]:
        parsed.append((base_url, string))
        return base_url, string

    def fetch(url: str) -> str:
        if url not in files:
            raise ValueError(f"not part of the site: {url}")
        return files[url]

    return Stylesheets(parse, fetch), parsed


def test_the_sheets_come_out_of_the_head_in_their_order_and_a_linked_file_is_parsed_once():
    sheets, parsed = sheets_recording({"file:///site/assets/print.css": "p { margin: 0 }"})
    first, found = sheets.take_out(PAGE, URL)
    second, again = sheets.take_out(PAGE.replace("red", "blue"), URL)
    assert found == [("file:///site/assets/print.css", "p { margin: 0 }"), (URL, "\n.a { color: red; }\n")]
    assert again[0] is found[0] and again[1] == (URL, "\n.a { color: blue; }\n")
    assert len(parsed) == 3  # print.css once, each page's own <style>
    assert "stylesheet" not in first and "<style" not in first and ".a {" not in first
    assert '<link rel="icon" href="../assets/emblem.svg">' in first and '<p class="a">x</p>' in first
    assert second.replace("blue", "red") == first


@pytest.mark.parametrize("page", [
    PAGE.replace("<style>", '<style media="print">'),  # a way of writing this does not read
    PAGE.replace('<link rel="icon"', '<link rel="stylesheet alternate" href="x.css"><link rel="icon"'),
    PAGE.replace("../assets/print.css", "../assets/gone.css"),  # WeasyPrint reports it, as always
    PAGE.replace("</head>", "").replace("<head>", ""),
    '<html><head><title>t</title></head><body><style>p {}</style></body></html>',
], ids=["style-media", "other-link", "missing-file", "no-head", "none-in-head"])
def test_a_page_is_left_as_it_is_when_its_sheets_cannot_all_be_taken_out(page):
    sheets, parsed = sheets_recording({"file:///site/assets/print.css": "p { margin: 0 }"})
    assert sheets.take_out(page, URL) == (page, [])


def test_every_print_pdf_is_the_one_weasyprint_makes_from_the_page_as_written(tmp_path, build_site, monkeypatch):
    require_pdf_engine()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = sample_site(tmp_path / "site")
    result = build_site(site, pdf=True)
    assert result.files_made >= 20 and not result.problems
    out = site / "output"
    weasyprint, _ = load_engine()
    engine = PdfEngine(weasyprint, {str(p.relative_to(out)): p for p in out.rglob("*") if p.is_file()})
    compared = 0
    for made in sorted(out.glob("*/*.pdf")):
        path = str(made.with_suffix(".html").relative_to(out))
        html = made.with_suffix(".html").read_text(encoding="utf-8")
        plain = weasyprint.HTML(string=html, base_url=VIRTUAL_ROOT + path, url_fetcher=engine.fetcher)
        assert engine.write(plain.render(font_config=engine.fonts))[0] == made.read_bytes(), path
        compared += 1
    assert compared == result.files_made
