"""Builds under real mistakes: a deleted cache after a failed build, two builds at once, file names
that are not UTF-8, a template saved in GBK, and `kill PID` of a build with its photo workers."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from exemplar_site.cli import main

from .conftest import exemplar_md, jpeg_bytes, without_progress

BUILD = [sys.executable, "-m", "exemplar_site", "build", "--no-pdf"]


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# 4. The note that the last build failed is kept with the output, not in the cache.

def test_publish_refuses_after_a_failed_build_even_when_the_cache_was_deleted(make_site, tmp_path):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    assert run("build", "--no-pdf", "--jobs", "1", "--site", str(site)).exit_code == 0
    before = tree(site / "output")
    (site / "content/li-si.md").write_text(exemplar_md(name="李四", year="明年"), encoding="utf-8")
    assert run("build", "--no-pdf", "--jobs", "1", "--site", str(site)).exit_code == 1
    assert tree(site / "output") == before  # the failed build left the site's files exactly as they were
    shutil.rmtree(site / ".cache")
    dest = tmp_path / "www"
    dest.mkdir()
    refused = run("publish", str(dest), "--site", str(site))
    assert refused.exit_code == 1
    assert refused.stderr == (f"error: the last build of {site.resolve()} failed (1 error), so "
                              f"{(site / 'output').resolve()} "
                              "is an older site: fix the problems, build again, then publish\n")
    assert not (dest / "releases").exists()
    (site / "content/li-si.md").unlink()  # fixed: the next build clears the note, publish goes on
    assert run("build", "--no-pdf", "--jobs", "1", "--site", str(site)).exit_code == 0
    assert run("publish", str(dest), "--site", str(site), "--partial").exit_code == 0
    assert sorted(p.name for p in site.iterdir()) == [".cache", "content", "output", "site.toml"]


# 9. Two builds of one site at once.

def photo_site(make_site, count: int, size: tuple[int, int] = (600, 800)) -> Path:
    files: dict[str, str | bytes] = {}
    for i in range(count):
        files[f"content/p{i}.md"] = exemplar_md(name=f"张{i}", slug=f"p{i}", photo=f"photos/p{i}.jpg")
        files[f"content/photos/p{i}.jpg"] = jpeg_bytes(size, color=(i * 8 % 256, 90, 160))
    return make_site(files)


def test_two_builds_at_once_both_finish_and_leave_a_whole_site(make_site, tmp_path):
    site = photo_site(make_site, 12)
    cold = tmp_path / "cold"
    shutil.copytree(site, cold)
    subprocess.run([*BUILD, "--site", str(cold), "--jobs", "1"], check=True, capture_output=True)
    expected, expected_photos = tree(cold / "output"), tree(cold / ".cache/photos")
    for _ in range(4):
        shutil.rmtree(site / "output", ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)
        builds = [subprocess.Popen([*BUILD, "--site", str(site), "--jobs", "2"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = [(process.wait(timeout=120), process.stderr.read()) for process in builds]
        for process in builds:
            process.stdout.close()
            process.stderr.close()
        assert [(code, without_progress(err)) for code, err in outcomes] == [(0, ""), (0, "")]
        assert tree(site / "output") == expected
        assert tree(site / ".cache/photos") == expected_photos
        assert sorted(p.name for p in site.iterdir()) == [".cache", "content", "output", "site.toml"]


def test_a_build_waits_for_the_lock_then_says_another_build_is_running(make_site, monkeypatch):
    fcntl = pytest.importorskip("fcntl")
    from exemplar_site.output import lock

    site = make_site({"content/zhang-wei.md": exemplar_md()})
    (site / ".cache").mkdir()
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    with open(site / ".cache/build.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"{os.getpid()}\n")
        held.flush()
        result = run("build", "--no-pdf", "--jobs", "1", "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr == (f"error: another build of this site is running (pid {os.getpid()}); wait for it to "
                             "finish, then build again\n")
    assert not (site / "output").exists()
    assert run("build", "--no-pdf", "--jobs", "1", "--site", str(site)).exit_code == 0


# 10. File names that are not UTF-8, and a template saved in GBK.

GBK_NAME = "张伟.md".encode("gbk")  # b'\xd5\xc5\xce\xb0.md': a zip from Chinese Windows unpacked on Linux


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux keeps file names as raw bytes")
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_content_file_name_that_is_not_utf8_is_one_error_line(make_site, command):
    site = make_site({"content/li-si.md": exemplar_md(name="李四"),
                      "content/wang-wu.md": exemplar_md(name="王五", year="明年")})
    with open(os.path.join(os.fsencode(site / "content"), GBK_NAME), "wb") as handle:
        handle.write(exemplar_md(slug="zhang-wei").encode())
    args = [command, "--site", str(site)] + (["--no-pdf", "--jobs", "1"] if command == "build" else [])
    result = run(*args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == ("content/\\xd5\\xc5\\xce\\xb0.md: error: the file name is not UTF-8 (in GBK it reads "
                        "'张伟.md': from a zip made on Chinese Windows?); rename the file, e.g. to 张伟.md")
    assert lines[1].startswith("content/wang-wu.md:5: error: year")  # the other files are checked as usual
    written = "; nothing was written" if command == "build" else ""  # check never writes
    assert lines[-1] == f"failed: 2 errors, 0 warnings{written}"


def test_a_template_saved_in_gbk_is_an_error_line(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md(),
                      "templates/exemplar.html": "{% extends \"base.html\" %}\n{% block main %}\n<p>先进事迹</p>\n"
                                                 "{% endblock %}\n".encode("gbk")})
    for command in (["check"], ["build", "--no-pdf", "--jobs", "1"]):
        result = run(*command, "--site", str(site))
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[0] == (
            "templates/exemplar.html:3: error: the template is not saved as UTF-8 (byte 0xcf cannot be read); "
            "open it in a text editor and save it as UTF-8")
    assert not (site / "output").exists()


def test_a_template_syntax_error_is_one_line_found_by_check_too(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md(), "content/li-si.md": exemplar_md(name="李四"),
                      "templates/exemplar.html": "{% extends \"base.html\" %}\n{% block main %}\n"
                                                 "{% iff exemplar %}{% endif %}\n{% endblock %}\n"})
    for command in (["check"], ["build", "--no-pdf", "--jobs", "1"]):
        result = run(*command, "--site", str(site))
        assert result.exit_code == 1, result.output
        line = [line for line in result.stderr.splitlines() if "error" in line][0]
        assert line.startswith("templates/exemplar.html:3: error: template error: Encountered unknown tag 'iff'.")
        assert line.endswith("; correct it, or delete the file to use the default theme's")
        assert result.stderr.count("templates/exemplar.html") == 1
    assert not (site / "output").exists()


def test_a_template_mistake_on_every_exemplar_page_is_one_line_with_its_line(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md(), "content/li-si.md": exemplar_md(name="李四"),
                      "content/wang-wu.md": exemplar_md(name="王五"),
                      "templates/exemplar.html": "{% extends \"base.html\" %}\n{% block main %}\n"
                                                 "<p>{{ exemplar.nickname }}</p>\n{% endblock %}\n"})
    result = run("build", "--no-pdf", "--jobs", "1", "--site", str(site))
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.stderr.splitlines() if "templates/" in line]
    assert line.startswith("templates/exemplar.html:3: error: template error while making exemplar/")
    assert line.endswith("(and 2 more pages): 'exemplar_site.model.Exemplar object' has no attribute 'nickname'")
    assert not (site / "output").exists()


# 11. `kill PID` of a build: its photo workers end with it.

def large_png() -> bytes:
    """A 3000×4000 PNG, small on disk, that takes a worker a while to decode and resize."""
    ramp = Image.linear_gradient("L").resize((3000, 4000))
    image = Image.merge("RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM), ramp))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_sigterm_to_a_build_ends_its_photo_workers_too(make_site):
    data = large_png()
    files: dict[str, str | bytes] = {}
    for i in range(24):
        files[f"content/p{i}.md"] = exemplar_md(name=f"张{i}", slug=f"p{i}", photo=f"photos/p{i}.png")
        files[f"content/photos/p{i}.png"] = data + f"{i}".encode()  # distinct bytes: 24 photos to make
    site = make_site(files)
    log = site.parent / "stderr.txt"
    with log.open("w") as stderr:  # not a pipe: workers left behind would hold it open
        build = subprocess.Popen([*BUILD, "--site", str(site), "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=stderr)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            workers = children(build.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the build never started its two photo workers"
        time.sleep(0.5)  # the workers are busy with the photos
        build.send_signal(signal.SIGTERM)
        code = build.wait(timeout=30)
        time.sleep(1.5)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        build.kill()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert code == 143
    stopped = "stopped (the build was asked to end); the previous output is unchanged\n"
    assert without_progress(log.read_text()) == stopped
    assert not (site / "output").exists() and not (site / ".output.building").exists()
