"""serve: a real HTTP client against the preview server, with real file saves picked up by watchfiles."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main
from exemplar_site.commands.serve import Preview, make_server, watch

from .conftest import exemplar_md


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.fixture
def served(make_site):
    """The preview of a small site on a free loopback port, with the watcher running."""
    site = make_site({"content/zhang-wei.md": exemplar_md("最初的事迹。"),
                      "content/draft.md": exemplar_md("草稿。", name="王草稿", status="draft")})
    log: list[str] = []
    preview = Preview(site, jobs=1, log=log.append)
    server = make_server(preview, "127.0.0.1", 0)
    preview.rebuild()
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watch, args=(preview, stop), daemon=True)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # let the watcher start watching
    yield site, f"http://127.0.0.1:{server.server_address[1]}", preview, log
    stop.set()
    server.shutdown()
    server.server_close()


def state(url: str, seen: int | None = None) -> dict:
    return json.loads(get(f"{url}/__live/state" + (f"?seen={seen}" if seen is not None else ""))[1])


def test_pages_are_served_with_the_reload_script_which_built_files_never_have(served):
    site, url, preview, _ = served
    status, page = get(url + "/")
    assert status == 200 and '<script src="/__live/reload.js"></script></body>' in page
    assert get(url + "/exemplar/draft.html")[0] == 200  # drafts are previewed
    assert get(url + "/__live/reload.js")[0] == 200
    pages = sorted(preview.root.rglob("*.html"))
    assert len(pages) >= 3  # the wall, the exemplar, the draft at least
    for built in pages:
        assert "__live" not in built.read_text(encoding="utf-8")
    assert not (site / "output").exists()  # the preview never touches the published output


def test_a_save_rebuilds_and_a_waiting_browser_is_told_to_reload(served):
    site, url, _, _ = served
    seen = state(url)["version"]
    (site / "content/zhang-wei.md").write_text(exemplar_md("改过的事迹。"), encoding="utf-8")
    started = time.monotonic()
    after = state(url, seen)  # waits like the page's script does
    assert after["version"] == seen + 1 and not after["problems"]
    assert time.monotonic() - started < 5
    assert "改过的事迹" in get(url + "/exemplar/zhang-wei.html")[1]
    typo = exemplar_md("改过的事绩。")  # a one-character edit: the same number of bytes
    assert len(typo.encode()) == len(exemplar_md("改过的事迹。").encode())
    (site / "content/zhang-wei.md").write_text(typo, encoding="utf-8")
    assert state(url, seen + 1)["version"] == seen + 2
    assert "改过的事绩" in get(url + "/exemplar/zhang-wei.html")[1]


def test_a_broken_save_shows_the_problems_keeps_the_last_good_site_and_fixing_clears_them(served):
    site, url, _, log = served
    seen = state(url)["version"]
    (site / "content/zhang-wei.md").write_text(exemplar_md("坏了。", year="明年"), encoding="utf-8")
    broken = state(url, seen)
    assert broken["version"] == seen
    assert broken["problems"] == ["content/zhang-wei.md:5: error: year (年度) must be a year such as 2024 or "
                                  "2024年, not '明年'"]
    assert "最初的事迹" in get(url + "/exemplar/zhang-wei.html")[1]
    (site / "content/zhang-wei.md").write_text(exemplar_md("修好了。"), encoding="utf-8")
    deadline = time.monotonic() + 10
    while (fixed := state(url))["problems"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fixed == {"version": seen + 1, "problems": []}
    assert "修好了" in get(url + "/exemplar/zhang-wei.html")[1]
    assert any("build failed (1 error)" in line for line in log)


def test_in_the_browser_a_save_reloads_and_a_problem_shows_as_text_never_as_markup(served, browser):
    site, url, _, _ = served
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + "/exemplar/zhang-wei.html")
    page.wait_for_timeout(300)  # the reload script starts its long-poll
    hostile = "<img src=x onerror=alert('xss')>"
    (site / "content/zhang-wei.md").write_text(exemplar_md("坏了。", category=f'"{hostile}"'), encoding="utf-8")
    overlay = page.locator("#exemplar-site-problems")
    overlay.wait_for(timeout=10_000)
    assert f"unknown category '{hostile}'" in overlay.inner_text()
    assert page.locator("#exemplar-site-problems img").count() == 0 and dialogs == []
    (site / "content/zhang-wei.md").write_text(exemplar_md("修好了的事迹。"), encoding="utf-8")
    page.get_by_text("修好了的事迹。").wait_for(timeout=10_000)  # the page reloaded itself
    assert page.locator("#exemplar-site-problems").count() == 0
    page.close()


TRAVERSALS = ["/../site.toml", "/%2e%2e/site.toml", "/..%2fsite.toml", "/.exemplar-site", "/%00",
              "/exemplar/..%5c..%5csite.toml", "//etc/passwd", "/../../../../etc/passwd"]


def test_only_files_of_the_preview_are_served(served):
    _, url, _, _ = served
    host, port = url.split("//")[1].split(":")
    for path in TRAVERSALS:
        with socket.create_connection((host, int(port))) as raw:
            raw.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
            answer = b""
            while chunk := raw.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 404"), (path, answer[:80])
        assert b"organisation" not in answer and b"root:" not in answer


def test_a_port_in_use_is_a_usage_error(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--site", str(site), "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: cannot listen on port {port} (Address already in use): the port is in use; "
                             "choose another with --port\n")


def test_serve_listens_only_on_this_computer_by_default():
    params = {p.name: p.default for p in main.commands["serve"].params}
    assert params["host"] == "127.0.0.1"


def test_a_folder_without_site_toml_is_a_usage_error(tmp_path: Path):
    result = CliRunner().invoke(main, ["serve", "--site", str(tmp_path)])
    assert result.exit_code == 2 and "has no site.toml" in result.stderr
