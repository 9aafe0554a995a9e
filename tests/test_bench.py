"""The benchmark corpus (bench/corpus.py) has the shape of real rolls, and Hugo's copy holds the same
exemplars. No timings here: the speed lives in bench/."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from corpus import CATEGORIES, Corpus, Folders, clean_outputs, make_corpus  # noqa: E402
from floor import find_print_pages  # noqa: E402

from exemplar_site.builder import BuildConfig, load_site  # noqa: E402

COUNT = 60


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Folders:
    return make_corpus(tmp_path_factory.mktemp("corpus"), Corpus(COUNT, 80, 60, rotated=0.3))


@pytest.fixture(scope="module")
def loaded(folders: Folders):
    return load_site(BuildConfig(site=folders.site))


def test_the_project_reads_the_corpus_without_a_problem(loaded) -> None:
    assert len(loaded.exemplars) == COUNT
    assert [str(p) for p in loaded.problems] == []


def test_deeds_are_as_long_as_real_ones_with_paragraphs_a_heading_and_bold_leads(folders: Folders, loaded) -> None:
    assert all(1200 <= e.deeds_length <= 1500 for e in loaded.exemplars)
    for exemplar in loaded.exemplars:
        source = (folders.site / exemplar.source).read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert "\n## " in source and "**" in source
        assert exemplar.deeds_html.count("<p>") >= 4
        assert "<strong>" in exemplar.deeds_html and "<h4>" in exemplar.deeds_html  # `## ` below the page's h2


def test_honours_units_years_and_categories_have_the_shape_of_real_rolls(loaded) -> None:
    exemplars = loaded.exemplars
    assert all(3 <= len(e.honors) <= 6 for e in exemplars)
    members = collections.Counter(e.unit for e in exemplars)
    assert len(members) == round(COUNT / 5.5)
    assert set(members.values()) <= {5, 6}
    assert len({e.year for e in exemplars}) == 10
    assert [c.name for c in loaded.settings.categories] == [name for name, _ in CATEGORIES]
    assert len(CATEGORIES) == 8
    assert {c for e in exemplars for c in e.categories} <= {name for name, _ in CATEGORIES}
    assert any(e.is_collective for e in exemplars) and not all(e.is_collective for e in exemplars)


def test_photos_are_phone_like_some_stored_sideways(folders: Folders, loaded) -> None:
    assert all(e.photo is not None for e in loaded.exemplars)
    orientations = []
    for path in sorted((folders.site / "content" / "photos").glob("*.jpg")):
        with Image.open(path) as image:
            assert image.size == (80, 60)
            orientations.append(image.getexif().get(0x0112, 1))
    assert len(orientations) == COUNT
    assert 6 in orientations and 1 in orientations


def test_the_hugo_copy_holds_the_same_exemplars(folders: Folders) -> None:
    ours = sorted(p.stem for p in (folders.site / "content").glob("*.md"))
    bundles = sorted((folders.hugo / "content" / "exemplar").glob("*/index.md"))
    assert [p.parent.name for p in bundles] == ours
    assert all((p.parent / "photo.jpg").is_file() for p in bundles)
    front = yaml.safe_load(bundles[0].read_text(encoding="utf-8").split("---\n")[1])
    assert {"title", "categories", "years", "units", "params"} <= set(front)
    assert (folders.hugo / "hugo.toml").is_file() and (folders.hugo / "layouts" / "baseof.html").is_file()


def test_the_print_site_shares_the_content_and_prints_every_year(folders: Folders) -> None:
    assert 'posters = "all"' in (folders.print_site / "site.toml").read_text(encoding="utf-8")
    assert 'posters = "current"' in (folders.site / "site.toml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (folders.print_site / "content").glob("*.md")) == \
        sorted(p.name for p in (folders.site / "content").glob("*.md"))


def test_the_same_arguments_give_the_same_files(tmp_path: Path, folders: Folders) -> None:
    again = make_corpus(tmp_path / "again", Corpus(COUNT, 80, 60, rotated=0.3))
    for name in ("e00000.md", "e00031.md", "photos/e00007.jpg"):
        assert (again.site / "content" / name).read_bytes() == (folders.site / "content" / name).read_bytes()


def test_outputs_are_cleaned_and_the_corpus_kept(tmp_path: Path) -> None:
    folders = make_corpus(tmp_path / "c", Corpus(12))
    (folders.site / "output").mkdir()
    (folders.hugo / "public").mkdir()
    clean_outputs(folders)
    assert not (folders.site / "output").exists() and not (folders.hugo / "public").exists()
    assert len(list((folders.site / "content").glob("*.md"))) == 12


def test_the_floor_finds_print_pages_by_their_pdfs(tmp_path: Path) -> None:
    for rel in ("poster/a.html", "poster/a.pdf", "booklet/2025.html", "booklet/2025.pdf", "exemplar/a.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x" * (20 if "booklet" in rel else 10))
    assert [p.relative_to(tmp_path).as_posix() for p in find_print_pages(tmp_path)] == \
        ["booklet/2025.html", "poster/a.html"]
