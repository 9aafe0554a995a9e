"""Products are an explicit list: a product added to it is planned and made by build(), untouched."""

from __future__ import annotations

from exemplar_site.builder import BuildConfig, build
from exemplar_site.products import PRODUCTS, Product, Workshop
from exemplar_site.site.pages import Made, Page

from .conftest import TODAY, exemplar_md

NAMES_TEMPLATE = "<ul>{% for e in exemplars %}<li>{{ e.name }}</li>{% endfor %}</ul>\n"


def plan_names(roll, labels, photos, planned):
    """A page listing every name, and (to show what the plan step sees) how many pages came before."""
    return [Page("names/index.html", "names.html", "names", (), {"exemplars": roll.all, "before": len(planned)})]


def make_names(shop: Workshop, pages: list[Page]) -> Made:
    """A text file beside each names page, made from its drawn HTML."""
    files = {}
    for page in pages:
        cached = shop.cache_dir / "names" / "names.txt"
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(shop.rendered[page.path].replace(b"<li>", b"\n").replace(b"</li>", b""))
        files[page.path.replace(".html", ".txt")] = cached
    return Made(files, {}, [], made=len(files))


NAMES = Product("names", plan_names, make_names)


def site_with_names(make_site):
    return make_site({"content/zhang-wei.md": exemplar_md(), "content/li-na.md": exemplar_md(name="李娜"),
                      "templates/names.html": NAMES_TEMPLATE})


def test_a_product_added_to_the_list_is_planned_and_made(make_site):
    site = site_with_names(make_site)
    result = build(BuildConfig(site=site, today=TODAY, pdf=False, jobs=1), products=(*PRODUCTS, NAMES))
    out = site / "output"
    assert "<li>张伟</li>" in (out / "names/index.html").read_text(encoding="utf-8")
    text = (out / "names/index.txt").read_text(encoding="utf-8")
    assert "张伟" in text and "李娜" in text and "<li>" not in text
    assert (out / "exemplar/zhang-wei.html").is_file() and (out / "poster/zhang-wei.html").is_file()
    assert result.pages == len(list(out.rglob("*.html"))) + 1  # and the search index (a script)
    assert result.pdfs == 1 and result.pdfs_made == 1  # the names file (PDFs are off)


def test_a_product_sees_the_pages_of_the_products_before_it(make_site, monkeypatch):
    site = site_with_names(make_site)
    seen = {}

    def plan(roll, labels, photos, planned):
        seen["paths"] = {p.path for p in planned}
        return plan_names(roll, labels, photos, planned)

    build(BuildConfig(site=site, today=TODAY, pdf=False, jobs=1), products=(*PRODUCTS, Product("names", plan)))
    assert {"index.html", "poster/zhang-wei.html", "exemplar/li-na.html"} <= seen["paths"]
    assert (site / "output/names/index.html").is_file()  # a product without a make step: its pages


def test_without_the_product_its_pages_are_gone(make_site):
    site = site_with_names(make_site)
    build(BuildConfig(site=site, today=TODAY, pdf=False, jobs=1), products=(*PRODUCTS, NAMES))
    build(BuildConfig(site=site, today=TODAY, pdf=False, jobs=1))
    assert not (site / "output/names").exists()
    assert (site / "output/index.html").is_file()


def test_the_products_are_web_pages_posters_boards_and_booklets():
    assert [p.name for p in PRODUCTS] == ["posters", "boards", "booklets", "web pages"]
