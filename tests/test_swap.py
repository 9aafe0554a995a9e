"""The output swap, step by step (issue 23): a build killed at each step of the swap leaves the old
site whole (every file, every byte) or the new one, never a mixture and never nothing; the next build
finishes the job. Deterministic, unlike the random kills of test_atomic.py: the build runs in its own
process and ends itself (os._exit, no clean-up of any kind, as kill -9) just before step N."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site import builder
from exemplar_site.builder import BuildConfig
from exemplar_site.cli import main
from exemplar_site.output import writer

from .conftest import TODAY, exemplar_md

STOPPED = 99  # the exit status of a build stopped at its step (os._exit in STOPPER)
# Runs a build whose swap ends the process just before its step N: every call the swap makes that changes
# the disk (the exchange, each rename, each removal) is a step. "renames": as where no exchange exists.
STOPPER = """
import os, shutil, sys
from exemplar_site.output import writer

stop_at, mode, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
state = {"steps": 0, "swapping": False}

def step(real):
    def call(*a, **k):
        if state["swapping"]:
            state["steps"] += 1
            if state["steps"] == stop_at:
                os._exit(99)
        return real(*a, **k)
    return call

os.rename = step(os.rename)
shutil.rmtree = step(shutil.rmtree)
writer._exchange = step((lambda a, b: False) if mode == "renames" else writer._exchange)
swap = writer._swap

def swapping(staging, out):
    state["swapping"] = True
    try:
        swap(staging, out)
    finally:
        state["swapping"] = False

writer._swap = swapping
from exemplar_site.cli import main
main(args, prog_name="build")
"""


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def write_version(site: Path, version: str) -> None:
    for i in range(4):
        (site / f"content/p{i}.md").write_text(exemplar_md(f"第{version}版的事迹。", name=f"张{i}", slug=f"p{i}"),
                                               encoding="utf-8")


def build(site: Path) -> None:
    builder.build(BuildConfig(site=site, today=TODAY, jobs=1, skip=frozenset({"pdf"})))


@pytest.fixture
def versions(make_site) -> dict[str, dict[str, bytes]]:
    """What the site is in version A and in version B, each built cold."""
    found = {}
    for version in "AB":
        site = make_site({}, name=f"cold-{version}")
        write_version(site, version)
        build(site)
        found[version] = tree(site / "output")
    assert found["A"] != found["B"] and len(found["A"]) > 10
    return found


@pytest.mark.parametrize("mode", ["exchange", "renames"])
def test_a_build_stopped_at_each_step_of_the_swap_leaves_a_whole_site(make_site, versions, tmp_path, mode):
    if mode == "exchange" and not sys.platform.startswith("linux"):
        pytest.skip("the one-step exchange is Linux's")
    site = make_site({})
    out = site / "output"
    script = tmp_path / "stopper.py"
    script.write_text(STOPPER, encoding="utf-8")
    command = [sys.executable, str(script), "", mode, "build", "--site", str(site), "--no-pdf", "--jobs", "1"]
    dest = tmp_path / "www"
    dest.mkdir()
    stopped_at = []
    for stop in range(1, 20):
        write_version(site, "A")
        build(site)
        assert tree(out) == versions["A"]
        write_version(site, "B")
        command[2] = str(stop)
        done = subprocess.run(command, capture_output=True, timeout=300)
        if done.returncode == 0:
            break  # the swap has fewer steps: all were tried
        assert done.returncode == STOPPED, done.stderr.decode()
        stopped_at.append(stop)
        if out.exists():  # what the web server or `publish` sees: the old site or the new one, whole
            assert tree(out) in (versions["A"], versions["B"]), f"stopped before step {stop}: a mixed output"
        else:  # only between the two renames, where no exchange exists: the old site whole beside it
            assert mode == "renames", f"stopped before step {stop}: no output at all"
            assert tree(site / ".output.previous") == versions["A"], f"stopped before step {stop}"
        refused = run("publish", str(dest), "--site", str(site), "--partial")
        assert refused.exit_code == 1 and "did not finish (it was killed" in refused.stderr
        build(site)  # the next build recovers and finishes
        assert tree(out) == versions["B"]
        assert sorted(p.name for p in site.iterdir()) == [".cache", "content", "output", "site.toml"]
    else:
        pytest.fail("the build never finished")
    assert stopped_at == list(range(1, len(stopped_at) + 1)) and len(stopped_at) >= (2 if mode == "exchange" else 4)


def test_a_failing_rename_puts_the_old_site_back_before_the_build_fails(make_site, versions, monkeypatch):
    site = make_site({})
    out = site / "output"
    write_version(site, "A")
    build(site)
    write_version(site, "B")
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    rename = writer.os.rename

    def failing(source, target):
        if Path(source).name == ".output.building":  # the new site into the output's place
            raise PermissionError(13, "Permission denied")  # e.g. a file in the output held open
        return rename(source, target)

    monkeypatch.setattr(writer.os, "rename", failing)
    with pytest.raises(PermissionError):
        build(site)
    monkeypatch.undo()
    assert tree(out) == versions["A"]
    assert (site / ".output.failed").read_text(encoding="utf-8") == \
        "the latest build into output failed (PermissionError)\n"
    build(site)
    assert tree(out) == versions["B"] and not (site / ".output.failed").exists()
