"""Where publish and build refuse to go, and what publish refuses to put live (issue 23): never into the
live release or the releases, no build into a publish destination, into the content or into another
output, no build with products left out without --partial; a stale lock taken over; an unchanged build
makes no release."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import SITE_TOML, exemplar_md, require_pdf_engine


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def site(make_site) -> Path:
    return make_site({"content/zhang-wei.md": exemplar_md(),
                      "content/li-si.md": exemplar_md(name="李四", status="draft")})


@pytest.fixture
def dest(tmp_path) -> Path:
    folder = tmp_path / "www"
    folder.mkdir()
    return folder


def build(site: Path, *options: str) -> object:
    result = run("build", "--site", str(site), "--jobs", "1", *options)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def published(site, dest) -> Path:
    """DEST with one release live, of a build without PDFs (so published with --partial)."""
    build(site, "--no-pdf")
    result = run("publish", str(dest), "--site", str(site), "--partial")
    assert result.exit_code == 0, result.output
    return dest


def dest_layout(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir())


def release_names(dest: Path) -> list[str]:
    return sorted(p.name for p in (dest / "releases").iterdir())


# High 3: never into the live release, its releases, or a build into them


def test_publish_refuses_the_live_release_and_the_releases_as_dest(site, published):
    dest = published
    [live] = release_names(dest)
    expected = {
        dest / "current": f"the live release of {dest} (the link `current` that publish switches)",
        dest / "releases": f"the folder where publish keeps the releases of {dest}",
        dest / "releases" / live: f"a release of {dest}",
        dest / "releases" / live / "exemplar": f"inside {dest}, a folder that publish manages",
    }
    for wrong, what in expected.items():
        refused = run("publish", str(wrong), "--site", str(site), "--partial")
        assert refused.exit_code == 2, wrong
        assert refused.stderr == (f"error: refusing to publish into {wrong}: it is {what}, which publish manages "
                                  f"itself; publish into {dest} instead: `publish {dest}` (the web server's root "
                                  f"stays {dest / 'current'})\n")
    assert dest_layout(dest) == ["current", "history.txt", "releases"]
    assert release_names(dest) == [live]
    assert not {"current", "releases", "history.txt"} & {p.name for p in (dest / "current").iterdir()}


def test_publish_refuses_releases_before_anything_is_live(site, dest):
    build(site, "--no-pdf")
    (dest / "releases").mkdir()  # e.g. the first publish was stopped before `current` was switched
    refused = run("publish", str(dest / "releases"), "--site", str(site), "--partial")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: refusing to publish into {dest / 'releases'}: it is the folder where "
                                     f"publish keeps the releases of {dest}, which publish manages itself; publish "
                                     f"into {dest} instead: `publish {dest}`")
    assert list((dest / "releases").iterdir()) == []


@pytest.mark.parametrize("options", [(), ("--drafts",)])
def test_build_refuses_an_out_inside_a_publish_destination(site, published, options):
    dest = published
    live = tree(dest / "current")
    for wrong in (dest / "current", dest, dest / "releases", dest / "staging"):
        refused = run("build", "--site", str(site), "--no-pdf", "--jobs", "1", "--out", str(wrong), *options)
        assert refused.exit_code == 2, wrong
        assert refused.stderr == (f"error: refusing to write the site into {wrong.resolve()}: it is inside {dest}, "
                                  f"where `publish` puts the live site ({dest / 'current'}); build into the site's "
                                  f"own output (leave out --out: {(site / 'output').resolve()}), then run "
                                  f"`publish {dest}`\n")
    assert tree(dest / "current") == live
    assert "li-si.html" not in " ".join(live)  # no drafts went live
    assert dest_layout(dest) == ["current", "history.txt", "releases"]


# Low: --out inside the content or inside an output


def test_build_refuses_an_out_inside_the_content_or_inside_an_output(site):
    build(site, "--no-pdf")
    before = tree(site / "output")
    cases = {
        site / "content/sub": f"it is inside the content folder {(site / 'content').resolve()}; choose a folder of "
                              f"its own, such as {(site / 'output').resolve()}",
        site / "templates/x": f"it is inside the templates folder {(site / 'templates').resolve()}; choose a folder "
                              f"of its own, such as {(site / 'output').resolve()}",
        site / "output/x": f"it is inside the output folder {(site / 'output').resolve()}, which the next build into "
                           f"it replaces; choose a folder beside it, such as {(site / 'output-x').resolve()}",
    }
    for wrong, why in cases.items():
        refused = run("build", "--site", str(site), "--no-pdf", "--jobs", "1", "--out", str(wrong))
        assert refused.exit_code == 2, wrong
        assert refused.stderr == f"error: refusing to write the site into {wrong.resolve()}: {why}\n"
        assert not wrong.exists()
    assert tree(site / "output") == before
    elsewhere = site.parent / "preview"  # an output of its own, then a folder inside it
    build(site, "--no-pdf", "--out", str(elsewhere))
    refused = run("build", "--site", str(site), "--no-pdf", "--jobs", "1", "--out", str(elsewhere / "y"))
    assert refused.exit_code == 2 and f"it is inside the output folder {elsewhere.resolve()}," in refused.stderr


# High 4: products left out


def test_publish_refuses_a_build_with_products_left_out_unless_partial(site, dest):
    build(site, "--no-pdf")
    out = site / "output"
    refused = run("publish", str(dest), "--site", str(site))
    assert refused.exit_code == 1
    assert refused.stderr == (f"error: {out} was built without its posters, boards, booklets (--skip or --no-pdf): "
                              "publishing it would take them off the live site; run `build` without --skip and "
                              f"--no-pdf, then publish, or, to publish it without them, `publish {dest} --partial`\n")
    assert list(dest.iterdir()) == []
    require_pdf_engine()
    build(site, "--skip", "boards")
    refused = run("publish", str(dest), "--site", str(site))
    assert refused.exit_code == 1 and f"error: {out} was built without its boards (--skip" in refused.stderr
    partial = run("publish", str(dest), "--site", str(site), "--partial")
    assert partial.exit_code == 0, partial.output
    assert partial.stderr == ("warning: published with --partial: the live site has no boards now (the build left "
                              "them out); build without --skip and --no-pdf and publish again to put them back\n")
    assert partial.stdout.startswith(f"published {dest / 'releases'}")
    assert list((dest / "current/poster").glob("*.pdf")) and not list((dest / "current/board").glob("*.pdf"))


def test_the_products_left_out_are_recorded_in_the_output_itself(site):
    build(site, "--no-pdf")
    marker = (site / "output/.exemplar-site").read_text(encoding="utf-8")
    assert marker == ("This folder is made by exemplar_site; a build replaces all of it.\n"
                      "left out: posters, boards, booklets (--skip or --no-pdf)\n")


def test_a_whole_build_is_published_without_partial(site, dest):
    require_pdf_engine()
    build(site)
    assert (site / "output/.exemplar-site").read_text(encoding="utf-8") == \
        "This folder is made by exemplar_site; a build replaces all of it.\n"
    result = run("publish", str(dest), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and (dest / "current/poster/zhang-wei.pdf").is_file()


# Low: an unchanged build makes no release


def test_publishing_the_live_release_again_makes_no_new_release(site, published):
    dest = published
    [live] = release_names(dest)
    history = (dest / "history.txt").read_bytes()
    again = run("publish", str(dest), "--site", str(site), "--partial")
    assert again.exit_code == 0, again.output
    assert again.stdout == (f"nothing to publish: {(site / 'output').resolve()} holds the same files as the live "
                            f"release {live}; {dest / 'current'} still points to it (no new release made)\n")
    assert release_names(dest) == [live] and (dest / "history.txt").read_bytes() == history
    (site / "site.toml").write_text(SITE_TOML.replace("先进典型光荣榜", "新标题"), encoding="utf-8")
    build(site, "--no-pdf")
    changed = run("publish", str(dest), "--site", str(site), "--partial")
    assert changed.exit_code == 0 and changed.stdout.startswith("published ")
    assert len(release_names(dest)) == 2


# High 1: a publish killed with kill -9 leaves a stale lock


@pytest.fixture
def gone_pid() -> int:
    """The pid of a process killed with kill -9, as a publish killed while holding the lock."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    process.send_signal(signal.SIGKILL)
    process.wait()
    return process.pid


@pytest.mark.skipif(os.name == "nt", reason="whether a process runs is not asked on Windows")
@pytest.mark.parametrize("written", ["{pid} {host}\n", "{pid}\n"])  # the second: as an older version wrote it
def test_a_stale_publish_lock_is_taken_over_with_a_line_saying_so(site, published, gone_pid, written):
    dest = published
    lock = dest / ".publish.lock"
    lock.write_text(written.format(pid=gone_pid, host=socket.gethostname()), encoding="utf-8")
    (site / "site.toml").write_text(SITE_TOML.replace("先进典型光荣榜", "新标题"), encoding="utf-8")
    build(site, "--no-pdf")
    result = run("publish", str(dest), "--site", str(site), "--partial")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: {lock} was left by a publish or rollback that is no longer running "
                                    f"(process {gone_pid}, killed or cut off?): taken over\n")
    assert "新标题" in (dest / "current/index.html").read_text(encoding="utf-8")
    assert not lock.exists()
    lock.write_text(f"{gone_pid}\n", encoding="utf-8")
    back = run("rollback", str(dest))
    assert back.exit_code == 0 and back.stderr.startswith(f"warning: {lock} was left by")


def test_a_lock_held_by_a_running_publish_stands(site, published):
    dest = published
    lock = dest / ".publish.lock"
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as holder:
        try:
            lock.write_text(f"{holder.pid} {socket.gethostname()}\n", encoding="utf-8")
            refused = run("publish", str(dest), "--site", str(site), "--partial")
        finally:
            holder.kill()
    assert refused.exit_code == 1
    assert refused.stderr == (f"error: another publish or rollback is using {dest} (process {holder.pid}, {lock}); "
                              "wait for it to finish, then try again\n")
    lock.write_text("4242 another-computer\n", encoding="utf-8")  # on a shared folder: cannot be told
    refused = run("rollback", str(dest))
    assert refused.exit_code == 1
    assert refused.stderr == (f"error: another publish or rollback is using {dest} ({lock} exists); wait for it, or "
                              "delete that file if none is running\n")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_publish_killed_with_kill_9_leaves_no_lock_that_blocks_the_next(site, published, tmp_path):
    """A real publish process killed while it holds the lock: made slow by a large file to copy."""
    dest = published
    (site / "content/big.bin").write_bytes(os.urandom(1 << 20))
    (site / "site.toml").write_text(SITE_TOML.replace("先进典型光荣榜", "第三版"), encoding="utf-8")
    out = tmp_path / "big-out"
    build(site, "--no-pdf", "--out", str(out))
    for i in range(300):  # a build output with many files to copy: the publish holds the lock a while
        (out / f"assets/pad{i}.bin").write_bytes(os.urandom(64 << 10))
    process = subprocess.Popen([sys.executable, "-m", "exemplar_site", "publish", str(dest), "--site", str(site),
                                "--out", str(out), "--partial"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock = dest / ".publish.lock"
    while not lock.exists() and process.poll() is None:
        pass
    if process.poll() is not None:
        pytest.skip("the publish finished before it could be killed")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert lock.exists()
    result = run("publish", str(dest), "--site", str(site), "--out", str(out), "--partial")
    assert result.exit_code == 0, result.output
    assert f"warning: {lock} was left by a publish or rollback that is no longer running (process {process.pid}" \
        in result.stderr
    assert "第三版" in (dest / "current/index.html").read_text(encoding="utf-8")
    assert dest_layout(dest) == ["current", "history.txt", "releases"]  # no lock, nothing left of the killed one
