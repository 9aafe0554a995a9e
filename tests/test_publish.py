"""publish and rollback: releases, the atomic `current` switch, refusals, and a real nginx serving it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import SITE_TOML, exemplar_md, require_tool


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def site(make_site, build_site) -> Path:
    root = make_site({"content/zhang-wei.md": exemplar_md(), "content/li-si.md": exemplar_md(name="李四")})
    build_site(root)
    return root


@pytest.fixture
def dest(tmp_path) -> Path:
    folder = tmp_path / "www"
    folder.mkdir()
    return folder


def retitle(site: Path, title: str) -> None:
    (site / "site.toml").write_text(SITE_TOML.replace("先进典型光荣榜", title), encoding="utf-8")


def test_publish_makes_a_release_and_points_current_at_it_rollback_goes_back(site, dest, build_site):
    first = run("publish", str(dest), "--partial", "--site", str(site))
    assert first.exit_code == 0, first.output
    [release] = (dest / "releases").iterdir()
    assert (dest / "current").is_symlink() and (dest / "current").resolve() == release.resolve()
    assert (dest / "current/index.html").read_bytes() == (site / "output/index.html").read_bytes()
    retitle(site, "第二版光荣榜")
    build_site(site)
    assert run("publish", str(dest), "--partial", "--site", str(site)).exit_code == 0
    assert "第二版光荣榜" in (dest / "current/index.html").read_text(encoding="utf-8")
    back = run("rollback", str(dest))
    assert back.exit_code == 0, back.output
    assert (dest / "current").resolve() == release.resolve()
    assert "第二版光荣榜" not in (dest / "current/index.html").read_text(encoding="utf-8")
    oldest = run("rollback", str(dest))
    assert oldest.exit_code == 1 and "is the oldest release" in oldest.stderr


def test_unchanged_files_are_shared_between_releases_and_old_releases_pruned(site, dest, build_site):
    for number in range(4):
        retitle(site, f"光荣榜{number}")
        build_site(site)
        assert run("publish", str(dest), "--partial", "--site", str(site), "--keep", "2").exit_code == 0
    releases = sorted((dest / "releases").iterdir())
    assert len(releases) == 2 and (dest / "current").resolve() == releases[-1].resolve()
    css = [(r / "assets/style.css").stat().st_ino for r in releases]
    assert css[0] == css[1]  # one file on disk for both releases


def test_refuses_what_is_not_a_finished_build(site, dest, tmp_path, build_site):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "index.html").write_text("hand made", encoding="utf-8")
    result = run("publish", str(dest), "--partial", "--site", str(site), "--out", str(foreign))
    assert result.exit_code == 1 and "was not made by this tool's build" in result.stderr
    assert run("publish", str(dest), "--partial", "--site", str(site), "--out", str(tmp_path / "none")).exit_code == 2
    (site / "content/li-si.md").write_text(exemplar_md(name="李四", year="明年"), encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - the build fails; its kind is tested elsewhere
        build_site(site)
    failed = run("publish", str(dest), "--partial", "--site", str(site))
    assert failed.exit_code == 1 and "the last build of" in failed.stderr and "failed" in failed.stderr
    assert not (dest / "releases").exists()


def test_refuses_a_missing_locked_or_foreign_dest(site, dest, tmp_path):
    assert run("publish", str(tmp_path / "nowhere"), "--site", str(site)).exit_code == 2
    (dest / ".publish.lock").write_text(f"{os.getpid()}\n")  # a process that runs: this one
    locked = run("publish", str(dest), "--partial", "--site", str(site))
    assert locked.exit_code == 1 and "another publish or rollback is using" in locked.stderr
    (dest / ".publish.lock").unlink()
    (dest / "current").mkdir()
    foreign = run("publish", str(dest), "--partial", "--site", str(site))
    assert foreign.exit_code == 1 and "is a real folder" in foreign.stderr
    assert run("rollback", str(tmp_path / "nowhere")).exit_code == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(dest, tmp_path):
    """Debian's nginx on a loopback port, its root at DEST/current, started and stopped by the test."""
    binary = require_tool("nginx")
    port = free_port()
    conf = tmp_path / "nginx.conf"
    temp = tmp_path / "nginx-temp"
    temp.mkdir()
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").is_file() else ""
    conf.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    {mime}
    access_log off;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dest}/current;
    }}
}}
""", encoding="utf-8")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


MARK = re.compile(r"光荣榜第(\d+)版")


def test_nginx_never_serves_an_error_or_a_mixed_page_while_publishing(make_site, build_site, dest, nginx, tmp_path):
    site = make_site({f"content/p{i}.md": exemplar_md(name=f"张{i}", slug=f"p{i}") for i in range(5)})
    outs = []
    for version in range(4):  # four different builds, published in turn
        retitle(site, f"光荣榜第{version}版")
        outs.append(tmp_path / f"out{version}")
        build_site(site, out=outs[-1])
    assert run("publish", str(dest), "--partial", "--site", str(site), "--out", str(outs[0])).exit_code == 0
    pages = ["/", "/index.html", "/exemplar/p3.html", "/category/moral-models.html", "/year/2024.html"]
    seen: list[tuple[str, int, set[str], bool]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            for page in pages:
                status, body = fetch(nginx + page)
                seen.append((page, status, set(MARK.findall(body)), body.rstrip().endswith("</html>")))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for number in range(20):
            result = run("publish", str(dest), "--partial", "--site", str(site), "--out", str(outs[number % 4]),
                         "--keep", "3")
            assert result.exit_code == 0, result.output
    finally:
        stop.set()
        thread.join()
    assert len(seen) > 50
    assert {status for _, status, _, _ in seen} == {200}
    assert all(len(marks) == 1 and whole for _, _, marks, whole in seen)  # one release per page, complete
    assert len({next(iter(marks)) for _, _, marks, _ in seen}) > 1  # the switches were seen
    assert set(MARK.findall(fetch(nginx + "/")[1])) == {"3"}  # the 20th publish was build 3
    assert run("rollback", str(dest)).exit_code == 0
    assert set(MARK.findall(fetch(nginx + "/")[1])) == {"2"}
