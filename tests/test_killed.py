"""A build that dies is never published (issue 23): the note beside the output is written when a build
starts and removed only when it succeeds, so kill -9 leaves it; SIGHUP (a closed terminal) ends a build
as SIGTERM does; an unchanged build, answered fast or not, leaves no note and writes nothing."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from exemplar_site import builder, uptodate
from exemplar_site.builder import BuildConfig
from exemplar_site.cli import main
from exemplar_site.start import answer_unchanged

from .conftest import TODAY, exemplar_md

BUILD = [sys.executable, "-m", "exemplar_site", "build", "--no-pdf", "--jobs", "1"]
POSIX = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def big_photo(seed: int) -> bytes:
    """A 2400×3200 PNG, small on disk, that takes a while to decode and resize."""
    ramp = Image.linear_gradient("L").resize((2400, 3200))
    image = Image.merge("RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM), ramp))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue() + f"{seed}".encode()  # distinct bytes: each photo is made anew


@pytest.fixture
def site(make_site) -> Path:
    """A site built once (its output is the older site), then given slow work for the next build."""
    root = make_site({"content/zhang-wei.md": exemplar_md()})
    assert run("build", "--site", str(root), "--no-pdf", "--jobs", "1").exit_code == 0
    data = big_photo(0)
    for i in range(16):
        (root / f"content/p{i}.md").write_text(exemplar_md(name=f"张{i}", slug=f"p{i}", photo=f"p{i}.png"),
                                               encoding="utf-8")
        (root / f"content/p{i}.png").write_bytes(data + f"{i}".encode())
    return root


def note(site: Path) -> Path:
    return site / ".output.failed"


def start_and_wait_for_the_note(site: Path) -> subprocess.Popen:
    """Start a build in its own process and return once it has started working (its note is there)."""
    process = subprocess.Popen([*BUILD, "--site", str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not note(site).exists():
        assert process.poll() is None, "the build ended without ever writing the note that it started"
        assert time.monotonic() < deadline, "the build never wrote the note that it started"
        time.sleep(0.01)
    return process


@POSIX
def test_a_build_killed_with_kill_9_is_refused_by_publish_until_a_build_succeeds(site, tmp_path):
    before = tree(site / "output")
    process = start_and_wait_for_the_note(site)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert tree(site / "output") == before
    state = note(site).read_text(encoding="utf-8")
    assert state.startswith("the latest build into output did not finish (it was killed, or it is still running: "
                            "started ") and state.endswith(f" as process {process.pid})\n")
    dest = tmp_path / "www"
    dest.mkdir()
    refused = run("publish", str(dest), "--site", str(site), "--partial")
    assert refused.exit_code == 1
    how = state[len("the latest build into output "):-1]
    assert refused.stderr == (f"error: the last build of {site.resolve()} {how}, "
                              f"so {(site / 'output').resolve()} may be an older site: build again (after the one "
                              "running, if any), then publish\n")
    assert list(dest.iterdir()) == []
    assert answer_unchanged(["build", "--site", str(site), "--no-pdf", "--jobs", "1"]) is None  # no fast answer
    done = subprocess.run([*BUILD, "--site", str(site)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not note(site).exists()
    assert run("publish", str(dest), "--site", str(site), "--partial").exit_code == 0
    assert (dest / "current/exemplar/p15.html").is_file()


@POSIX
def test_sighup_ends_a_build_as_sigterm_does_and_the_note_stays(site, tmp_path):
    before = tree(site / "output")
    process = start_and_wait_for_the_note(site)
    process.send_signal(signal.SIGHUP)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 129
    assert stderr.decode() == "stopped (the terminal was closed: SIGHUP); the previous output is unchanged\n"
    assert tree(site / "output") == before
    assert sorted(p.name for p in site.iterdir()) == [".cache", ".output.failed", "content", "output", "site.toml"]
    assert note(site).read_text(encoding="utf-8") == \
        "the latest build into output did not finish (stopped: Terminated)\n"
    dest = tmp_path / "www"
    dest.mkdir()
    refused = run("publish", str(dest), "--site", str(site), "--partial")
    assert refused.exit_code == 1
    assert refused.stderr == (f"error: the last build of {site.resolve()} did not finish (stopped: Terminated), so "
                              f"{(site / 'output').resolve()} may be an older site: build again (after the one "
                              "running, if any), then publish\n")


def test_the_note_is_there_while_the_build_works_and_gone_when_it_succeeds(make_site, monkeypatch):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    config = BuildConfig(site=site, today=TODAY, jobs=1, skip=frozenset({"pdf"}))
    builder.build(config)
    (site / "content/li-si.md").write_text(exemplar_md(name="李四"), encoding="utf-8")
    seen = []
    write = builder.write_output

    def watching(*args, **kwargs):
        seen.append(note(site).is_file())  # a kill -9 here must leave the note behind
        return write(*args, **kwargs)

    monkeypatch.setattr(builder, "write_output", watching)
    builder.build(config)
    assert seen == [True]
    assert not note(site).exists()


def test_an_unchanged_build_leaves_no_note_and_writes_nothing_into_the_output(make_site, monkeypatch):
    monkeypatch.setattr(uptodate, "RACY_NS", 0)  # the files were written just before: no margin for coarse clocks
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    args = ["build", "--site", str(site), "--no-pdf", "--jobs", "1"]
    assert run(*args).exit_code == 0
    written = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")}
    assert written
    again = run(*args)  # the real path (CliRunner does not go through start.py)
    assert again.exit_code == 0 and "(nothing changed)" in again.stdout
    assert answer_unchanged(args) == 0  # the fast path answers too
    assert {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")} == written
    assert sorted(p.name for p in site.iterdir()) == [".cache", "content", "output", "site.toml"]
