"""Shared helpers: whole sites written into tmp_path from a dict of files, images made in memory."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import io
import os
import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from exemplar_site.builder import BuildConfig, build

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 15)

SITE_TOML = """\
title = "先进典型光荣榜"
organisation = "测试单位"
levels = ["国家级", "省级", "市级", "县级", "单位级"]

[[categories]]
name = "道德模范"
slug = "moral-models"
description = "品德高尚"

[[categories]]
name = "科技创新"
slug = "innovation"

[[categories]]
name = "爱岗敬业"
slug = "devotion-to-duty"
"""


def exemplar_md(body: str = "他工作认真负责。", **keys: str) -> str:
    """A valid content file; keyword arguments override or add front matter lines."""
    fields = {"name": "张伟", "category": "道德模范", "unit": "测试单位一车间", "year": "2024"}
    fields.update(keys)
    lines = [f"{k}: {v}" for k, v in fields.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def jpeg_bytes(size: tuple[int, int] = (300, 400), color: tuple[int, int, int] = (200, 30, 30),
               exif: Image.Exif | None = None, mode: str = "RGB") -> bytes:
    """A small JPEG made in memory."""
    buffer = io.BytesIO()
    image = Image.new(mode, size, color if mode == "RGB" else (0, 80, 80, 0))
    image.save(buffer, "JPEG", **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a dict of relative paths to text or bytes under root."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data) if data.startswith("\n") else data, encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that writes a site (site.toml + files) and returns its folder."""

    def make(files: dict[str, str | bytes] | None = None, toml: str = SITE_TOML, name: str = "site") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        write_files(root, {"site.toml": toml, **(files or {})})
        (root / "content").mkdir(exist_ok=True)
        return root

    return make


@pytest.fixture
def build_site() -> Callable[..., object]:
    """Build a site folder with the test's fixed date and one worker; PDFs only when asked (pdf=True)."""

    def run(site: Path, pdf: bool = False, **options: object) -> object:
        skip = frozenset() if pdf else frozenset({"pdf"})
        return build(BuildConfig(site=site, today=TODAY, **{"skip": skip, "jobs": 1, **options}))

    return run


def sample_site(root: Path) -> Path:
    """A copy of the repository's sample roll in `root`, with a poster for every exemplar."""
    root.mkdir()
    (root / "site.toml").write_text((REPO / "site.toml").read_text(encoding="utf-8").replace(
        "[print]\n", '[print]\nposters = "all"\n', 1), encoding="utf-8")
    shutil.copytree(REPO / "content", root / "content")
    return root


def require_pdf_engine() -> None:
    """Skip a test that needs WeasyPrint, Pango and a Chinese font when they are missing, except under CI."""
    reason = _print_unavailable()
    if reason:
        _unavailable(reason)


@functools.cache
def _print_unavailable() -> str | None:
    from exemplar_site.print.glyphs import PROBE_TEXT, no_chinese_font
    from exemplar_site.print.pdf import PdfEngine, load_engine

    engine, reason = load_engine()
    if engine is None:
        return f"no PDF engine here ({reason}); run make test, which installs Pango"
    if no_chinese_font(PdfEngine(engine, {}).missing(f"<p>{PROBE_TEXT}</p>".encode(), "probe.html")):
        return "no font for Chinese text here; run make test, which installs fonts-noto-cjk"
    return None


def _unavailable(reason: str) -> None:
    """Skip, but under CI (where make test installed everything) fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have it: {reason}")
    pytest.skip(reason)


def require_tool(name: str) -> str:
    """The path of a system tool; skipped when missing, except under CI."""
    path = shutil.which(name)
    if path is None:
        _unavailable(f"{name} is not installed; run make test, which installs it")
    return path


def require_module(name: str) -> object:
    """A test-only Python package; skipped when missing, except under CI."""
    try:
        return importlib.import_module(name)
    except ImportError:
        _unavailable(f"the Python package {name} is not installed; run make test, which installs it")


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium, driven by Playwright (which never downloads a browser of its own)."""
    executable = require_tool("chromium")
    sync_api = require_module("playwright.sync_api")
    try:
        playwright = sync_api.sync_playwright().start()
    except Exception as exc:  # the driver (a Node.js binary) could not start: a missing system library
        _unavailable(f"Playwright's driver cannot start ({exc}); run make test, which installs libatomic1")
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """The sample roll built (without PDFs) into a temporary folder, for the browser tests."""
    site = tmp_path_factory.mktemp("sample-site")
    shutil.copy(REPO / "site.toml", site / "site.toml")
    shutil.copytree(REPO / "content", site / "content")
    return build(BuildConfig(site=site, jobs=2, today=TODAY, skip=frozenset({"pdf"}))).out


PROGRESS_LINE = re.compile(r"\w+: (?:[\d,]+ to do|done in \d+\.\d s)")


def without_progress(stderr: str) -> str:
    """Standard error without the progress lines a build writes where it is no terminal."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not PROGRESS_LINE.fullmatch(line.strip()))
