"""The one up-to-date rule never serves stale output: a file's stat stands in for its bytes only where
it cannot lie (uptodate.py). Each case here was once answered "nothing changed" by a shortcut."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from exemplar_site import start, uptodate
from exemplar_site.cli import main

from .conftest import REPO, exemplar_md, jpeg_bytes, sample_site, write_files

UNIT, EDITED = "第二水厂", "第三水厂"  # one character, the same number of bytes


@pytest.fixture
def trusting(monkeypatch):
    """Stats trusted as soon as taken (as they are two seconds later): the shortcut is in play."""
    monkeypatch.setattr(uptodate, "RACY_NS", 0)


def edit_keeping_stat(path: Path, old: bytes, new: bytes) -> None:
    """Change some bytes in place, keeping the size and putting the modification time back."""
    info = path.stat()
    data = path.read_bytes()
    assert old in data and len(old) == len(new)
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def cli_build(site: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--no-pdf", "--jobs", "1", *options])
    assert result.exit_code == 0, result.output
    return result.output


def page(site: Path, rel: str = "exemplar/he-ming.html") -> str:
    return (site / "output" / rel).read_text(encoding="utf-8")


def test_the_reported_repro_a_unit_edited_with_its_time_put_back(tmp_path, trusting):
    site = sample_site(tmp_path / "site")
    cli_build(site, "--timings")
    assert UNIT in page(site)
    edit_keeping_stat(site / "content/he-ming.md", UNIT.encode(), EDITED.encode())
    output = cli_build(site, "--timings")
    assert "nothing changed" not in output and f"{EDITED}</" in page(site) and f"{UNIT}</" not in page(site)
    (site / ".cache/content.pickle").unlink()
    assert start.answer_unchanged(["build", "--site", str(site), "--no-pdf"]) in (0, None)
    cli_build(site)
    assert EDITED in page(site)


def test_a_file_replaced_by_a_copy_with_the_same_time(tmp_path, trusting):
    site = sample_site(tmp_path / "site")
    cli_build(site)
    source = site / "content/he-ming.md"
    twin = tmp_path / "he-ming.md"
    shutil.copy2(source, twin)  # cp -p: the same size and modification time, other bytes
    edit_keeping_stat(twin, UNIT.encode(), EDITED.encode())
    os.replace(twin, source)
    assert "nothing changed" not in cli_build(site)
    assert EDITED in page(site)


def same_size_jpegs() -> tuple[bytes, bytes]:
    """Two different photos of exactly the same length (padding after the end marker is ignored)."""
    one, two = jpeg_bytes((300, 400), color=(200, 30, 30)), jpeg_bytes((300, 400), color=(20, 30, 200))
    size = max(len(one), len(two))
    return one.ljust(size, b"\0"), two.ljust(size, b"\0")


def test_a_photo_changed_in_place(make_site, trusting):
    red, blue = same_size_jpegs()
    site = make_site({"content/zhang-wei.md": exemplar_md(photo="photos/zw.jpg"), "content/photos/zw.jpg": red})
    cli_build(site)
    before = page(site, "exemplar/zhang-wei.html")
    edit_keeping_stat(site / "content/photos/zw.jpg", red, blue)
    cli_build(site)
    after = page(site, "exemplar/zhang-wei.html")
    assert after != before  # the photo's address is its bytes' digest
    card = next((site / "output/photos").glob("*-240x320.jpg"))
    assert len(list((site / "output/photos").glob("*.jpg"))) == 4 and card.name[:12] in after


def test_a_template_changed_in_place(make_site, trusting):
    theme = (REPO / "templates/exemplar.html").read_text(encoding="utf-8")
    assert "{% block main %}" in theme
    site = make_site({"content/zhang-wei.md": exemplar_md(),
                      "templates/exemplar.html": theme.replace("{% block main %}", "{% block main %}<!--OLD-->", 1)})
    cli_build(site)
    assert "<!--OLD-->" in page(site, "exemplar/zhang-wei.html")
    edit_keeping_stat(site / "templates/exemplar.html", b"<!--OLD-->", b"<!--NEW-->")
    assert "nothing changed" not in cli_build(site)
    assert "<!--NEW-->" in page(site, "exemplar/zhang-wei.html")


class CoarseClock:
    """A FAT stick or a file share as os.stat shows it: times kept to two seconds, no change time."""

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    @staticmethod
    def stat(path: object) -> SimpleNamespace:
        info = os.stat(path)
        coarse = info.st_mtime_ns // 2_000_000_000 * 2_000_000_000
        return SimpleNamespace(st_mode=info.st_mode, st_size=info.st_size, st_mtime_ns=coarse, st_ctime_ns=coarse,
                               st_ino=info.st_ino, st_dev=info.st_dev)


def test_a_save_in_the_same_two_seconds_as_a_build_on_a_coarse_clock(make_site, build_site, monkeypatch):
    monkeypatch.setattr(uptodate, "os", CoarseClock())
    site = make_site({"content/zhang-wei.md": exemplar_md(unit=UNIT)})
    source = site / "content/zhang-wei.md"
    saved = time.time_ns() - 500_000_000  # saved half a second before the build read it
    os.utime(source, ns=(saved, saved))
    build_site(site)
    edit_keeping_stat(source, UNIT.encode(), EDITED.encode())  # saved again within the same two seconds
    assert uptodate.signature(source) is not None
    build_site(site)
    assert EDITED in page(site, "exemplar/zhang-wei.html")


def test_a_settled_stat_is_trusted_and_saves_the_reading(make_site, build_site, monkeypatch, trusting):
    """The shortcut is real: a file whose stat is settled is not even read by the next build."""
    site = write_files(make_site({}), {"content/zhang-wei.md": exemplar_md()})
    build_site(site)
    reads = []
    real = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    (site / "site.toml").touch()  # not a content change: the build runs, the content file is known
    build_site(site)
    assert "zhang-wei.md" not in reads
