"""Products are an explicit list: a product added to it is planned, made, counted, cached, pruned and
skipped by build(), with no edit anywhere else."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from exemplar_site import cli
from exemplar_site.builder import BuildConfig, build
from exemplar_site.errors import UsageError
from exemplar_site.products import PRODUCTS, Product
from exemplar_site.site.pages import Made, Page, Workshop

from .conftest import TODAY, exemplar_md

NAMES_TEMPLATE = "<ul>{% for e in exemplars %}<li>{{ e.name }}</li>{% endfor %}</ul>\n"


def plan_names(roll, labels, photos, planned):
    """A page listing every name, and (to show what the plan step sees) how many pages came before."""
    return [Page("names/index.html", "names.html", "names", (), {"exemplars": roll.all, "before": len(planned)},
                 files=("names/index.txt",))]


def make_names(shop: Workshop, pages: list[Page]) -> Made:
    """A text file beside each names page, made from its drawn HTML."""
    files = {}
    for page in pages:
        cached = shop.cache_dir / "names.txt"
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(shop.rendered[page.path].replace(b"<li>", b"\n").replace(b"</li>", b""))
        files[page.files[0]] = cached
    return Made(files, {}, [], made=frozenset(files), keep=frozenset({"names.txt"}))


NAMES = Product("names", plan_names, make_names, "名单 TXT", ("txt",), cache="names")  # the one entry


def site_with_names(make_site):
    return make_site({"content/zhang-wei.md": exemplar_md(), "content/li-na.md": exemplar_md(name="李娜"),
                      "templates/names.html": NAMES_TEMPLATE})


def test_a_product_added_to_the_list_is_planned_and_made(make_site):
    site = site_with_names(make_site)
    result = build(BuildConfig(site=site, today=TODAY, skip=frozenset({"pdf"}), jobs=1), products=(*PRODUCTS, NAMES))
    out = site / "output"
    assert "<li>张伟</li>" in (out / "names/index.html").read_text(encoding="utf-8")
    text = (out / "names/index.txt").read_text(encoding="utf-8")
    assert "张伟" in text and "李娜" in text and "<li>" not in text
    assert (out / "exemplar/zhang-wei.html").is_file() and (out / "poster/zhang-wei.html").is_file()
    assert result.pages == len(list(out.rglob("*.html"))) + 1  # and the search index (a script)
    assert result.product_files == 1 and result.files_made == 1  # the names file (PDFs are off)


def test_a_product_sees_the_pages_of_the_products_before_it(make_site, monkeypatch):
    site = site_with_names(make_site)
    seen = {}

    def plan(roll, labels, photos, planned):
        seen["paths"] = {p.path for p in planned}
        return plan_names(roll, labels, photos, planned)

    build(BuildConfig(site=site, today=TODAY, skip=frozenset({"pdf"}), jobs=1),
          products=(*PRODUCTS, Product("names", plan)))
    assert {"index.html", "poster/zhang-wei.html", "exemplar/li-na.html"} <= seen["paths"]
    assert (site / "output/names/index.html").is_file()  # a product without a make step: its pages


def test_without_the_product_its_pages_are_gone(make_site):
    site = site_with_names(make_site)
    build(BuildConfig(site=site, today=TODAY, skip=frozenset({"pdf"}), jobs=1), products=(*PRODUCTS, NAMES))
    build(BuildConfig(site=site, today=TODAY, skip=frozenset({"pdf"}), jobs=1))
    assert not (site / "output/names").exists()
    assert (site / "output/index.html").is_file()


def test_the_products_are_web_pages_posters_boards_and_booklets():
    assert [p.name for p in PRODUCTS] == ["posters", "boards", "booklets", "web pages"]


def test_a_product_is_skipped_by_its_name_or_the_kind_of_file_it_makes(make_site):
    site = site_with_names(make_site)
    for skip in ("names", "txt"):
        result = build(BuildConfig(site=site, today=TODAY, skip=frozenset({"pdf", skip}), jobs=1),
                       products=(*PRODUCTS, NAMES))
        assert result.skipped == ("posters", "boards", "booklets", "names")
        assert (site / "output/names/index.html").is_file() and not (site / "output/names/index.txt").exists()
    with pytest.raises(UsageError, match="--skip nothing: no such product; choose from posters, boards, "
                                         "booklets, names, pdf, txt"):
        build(BuildConfig(site=site, today=TODAY, skip=frozenset({"nothing"}), jobs=1), products=(*PRODUCTS, NAMES))


def test_skip_on_the_command_line(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    result = CliRunner().invoke(cli.main, ["build", "--site", str(site), "--jobs", "1", "--skip", "pdf"])
    assert result.exit_code == 0, result.output
    assert "skipped: posters, boards, booklets, 0 errors, 0 warnings" in result.output
    assert (site / "output/poster/zhang-wei.html").is_file() and not list((site / "output").rglob("*.pdf"))
    wrong = CliRunner().invoke(cli.main, ["build", "--site", str(site), "--skip", "postres"])
    assert wrong.exit_code == 2
    assert "error: --skip postres: no such product; choose from posters, boards, booklets, pdf" in wrong.output

