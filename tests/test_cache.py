"""One salting rule: every cache key depends on every .py file of the package and on the default theme,
so a change of code (a fitting function, the photo processing) can never leave a stale PDF or photo."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from exemplar_site import DEFAULT_THEME, cache
from exemplar_site.content.load import CheckOptions, content_cache
from exemplar_site.photos.process import ImageSize
from exemplar_site.print.pdf import pdf_key
from exemplar_site.settings import load_settings

ENGINE = SimpleNamespace(version="68.1", created="2024-01-01")


def keys() -> dict[str, str]:
    """The key of one PDF, one photo size and an asset, as the program is now (read again)."""
    cache._program_digest.cache_clear()  # a running build reads its program once
    return {"pdf": pdf_key(ENGINE, "assets", "poster/zhang-wei.html", b"<html>"),
            "photo": ImageSize(240, 320).cache_name("ab" * 32),
            "page": cache.input_key("asset", "x")}


@pytest.fixture
def program(tmp_path, monkeypatch) -> Iterator[tuple[Path, Path]]:
    """A copy of the package and of the default theme that the cache keys are computed from."""
    package, theme = tmp_path / "exemplar_site", tmp_path / "templates"
    shutil.copytree(Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DEFAULT_THEME, theme)
    monkeypatch.setattr(cache, "PACKAGE", package)
    monkeypatch.setattr(cache, "DEFAULT_THEME", theme)
    yield package, theme
    cache._program_digest.cache_clear()


def test_the_copy_is_the_program(program):
    package, theme = program
    real = Path(cache.__file__).parent
    assert cache._program_digest(package, theme) == cache._program_digest(real, DEFAULT_THEME)


@pytest.mark.parametrize("edited", ["print/fit.py", "photos/process.py", "photos/colour.py", "content/keys.py"])
def test_editing_any_module_changes_the_pdf_and_photo_keys(program, edited):
    package, _ = program
    before = keys()
    source = package / edited
    source.write_text(source.read_text(encoding="utf-8").replace("\n\n\n", "\n\n\nSPARE = 1\n\n\n", 1),
                      encoding="utf-8")
    after = keys()
    assert after["pdf"] != before["pdf"]
    assert after["photo"] != before["photo"]
    assert after["page"] != before["page"]


def test_a_new_module_in_a_subpackage_changes_the_keys(program):
    package, _ = program
    before = keys()
    (package / "print" / "wechat.py").write_text('"""WeChat articles."""\n', encoding="utf-8")
    assert keys()["pdf"] != before["pdf"]


def test_editing_the_default_theme_changes_the_keys(program):
    _, theme = program
    before = keys()
    poster = theme / "print" / "poster.html"
    poster.write_text(poster.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = keys()
    assert after["pdf"] != before["pdf"] and after["photo"] != before["photo"]


def test_the_content_cache_is_salted_by_the_program(program, make_site):
    package, _ = program
    settings, _ = load_settings(make_site({}))
    options = CheckOptions(today=dt.date(2026, 1, 15))
    cache._program_digest.cache_clear()
    before = content_cache(settings, options, None).salt
    cache._program_digest.cache_clear()
    (package / "model.py").write_text((package / "model.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert content_cache(settings, options, None).salt != before


def test_no_version_is_bumped_by_hand():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in Path(cache.__file__).parent.rglob("*.py"))
    for name in ("PROCESS_VERSION", "PRINT_VERSION", "VERSION = "):
        assert name not in sources


def test_a_big_table_is_saved_whole_and_read_back(tmp_path):
    from exemplar_site.cache import FORK_FROM, Table

    shared = ("同一个", "元组")
    table = Table(tmp_path / "big.pickle")
    for i in range(FORK_FROM + 10):  # big enough to be written by a forked child where there is fork
        table.put(f"key{i}", (shared, f"值{i}", shared, {"n": i}))
    table.save()
    again = Table(tmp_path / "big.pickle")
    assert all(again.get(f"key{i}") == (shared, f"值{i}", shared, {"n": i}) for i in range(FORK_FROM + 10))
