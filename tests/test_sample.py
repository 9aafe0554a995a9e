"""The sample roll shipped in the repository: it builds cleanly and shows what the tool can do."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from exemplar_site.builder import BuildConfig, build, load_site
from exemplar_site.print.pdf import load_engine

from .conftest import REPO, TODAY
from .crawl import broken_references


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A copy of the sample site, so the test never touches the working tree."""
    site = tmp_path_factory.mktemp("sample")
    shutil.copy(REPO / "site.toml", site / "site.toml")
    shutil.copytree(REPO / "content", site / "content")
    return site


@pytest.fixture(scope="module")
def built(sample):
    engine, _ = load_engine()
    pdf = engine is not None or os.environ.get("CI") == "true"  # CI must make the sample's PDFs
    return build(BuildConfig(site=sample, jobs=2, today=TODAY, skip=frozenset() if pdf else frozenset({"pdf"})))


def test_sample_builds_without_problems(built):
    assert [p.format() for p in built.problems] == []
    assert built.exemplars >= 16


def test_sample_covers_what_the_tool_shows(sample):
    exemplars = load_site(BuildConfig(site=sample, today=TODAY)).exemplars
    assert len(exemplars) >= 16
    assert len({c for e in exemplars for c in e.categories}) >= 6
    assert len({e.year for e in exemplars}) >= 2
    assert sum(e.is_collective for e in exemplars) >= 3
    statuses = Counter(e.status for e in exemplars)
    assert statuses["draft"] >= 1 and statuses["retired"] >= 1
    assert len({e.level for e in exemplars if e.level}) >= 3
    assert sum(bool(e.honors) for e in exemplars) >= 10 and sum(bool(e.quote) for e in exemplars) >= 10
    assert sum(e.photo is not None for e in exemplars) > len(exemplars) / 2
    chinese_keys = [p for p in (sample / "content").glob("*.md") if "\n姓名:" in p.read_text(encoding="utf-8")]
    assert chinese_keys


def test_sample_photos_are_small():
    photos = sorted((REPO / "content").rglob("*.jpg"))
    assert len(photos) >= 5  # the sample's photos (a loop over nothing would pass)
    for photo in photos:
        assert photo.stat().st_size < 150 * 1024, photo


def test_sample_site_links_resolve(built):
    assert len(list(built.out.rglob("*.html"))) > 40  # the pages whose links are followed
    assert broken_references(built.out) == []


def test_sample_phone_photo_is_published_upright_without_gps(sample, built):
    original = Image.open(sample / "content/photos/lin-xiaolan.jpg")
    assert original.getexif().get_ifd(0x8825)  # the source really has GPS
    assert original.width > original.height  # and is stored sideways
    photos = sorted((built.out / "photos").iterdir())
    assert len(photos) >= 5
    for photo in photos:
        image = Image.open(photo)
        assert image.width * 4 == image.height * 3
        assert not image.getexif() and "exif" not in image.info


def test_sample_private_data_is_not_published(built):
    files = [path for path in built.out.rglob("*") if path.is_file()]
    assert len(files) > 40
    for path in files:
        assert b"13800000000" not in path.read_bytes(), path
