"""serve under real mistakes: saves that break the build in unexpected ways, saves by rename, folders
made later, folder addresses without a slash, a host that cannot be used. Through a real server,
real file saves and (for the overlay) Debian's Chromium."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site import DEFAULT_THEME
from exemplar_site.cli import main
from exemplar_site.commands import preview as preview_module
from exemplar_site.commands.serve import Preview, make_server, watch

from .conftest import SITE_TOML, exemplar_md
from .test_serve import get, state


@pytest.fixture
def served(make_site):
    """The preview of a one-exemplar site on a free loopback port, with the watcher running."""
    site = make_site({"content/zhang-wei.md": exemplar_md("最初的事迹。")})
    log: list[str] = []
    preview = Preview(site, jobs=1, log=log.append)
    server = make_server(preview, "127.0.0.1", 0)
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, stop), daemon=True)
    for thread in (threading.Thread(target=server.serve_forever, daemon=True), watcher):
        thread.start()
    time.sleep(0.3)  # let the watcher start watching
    yield site, f"http://127.0.0.1:{server.server_address[1]}", preview, log
    stop.set()
    server.shutdown()
    server.server_close()
    watcher.join(timeout=5)


def wait_for(url: str, done, seconds: float = 10) -> dict:
    """Poll the preview's state until `done(state)` holds; the last state either way."""
    deadline = time.monotonic() + seconds
    while not done(now := state(url)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return now


def wait_for_page(url: str, text: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while text not in (page := get(url)[1]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return page


def save_and_see_it_rebuilt(site: Path, url: str, deeds: str) -> None:
    """A content save after the mistake is still noticed: the watcher is alive."""
    (site / "content/zhang-wei.md").write_text(exemplar_md(deeds), encoding="utf-8")
    assert deeds in wait_for_page(url + "/exemplar/zhang-wei.html", deeds)


# 6. the watcher never dies

def test_site_toml_missing_for_a_moment_is_a_problem_line_and_the_watcher_lives_on(served):
    site, url, _, log = served
    seen = state(url)["version"]
    toml = (site / "site.toml").read_text(encoding="utf-8")
    (site / "site.toml").unlink()  # an editor that deletes, then writes the new file
    missing = wait_for(url, lambda s: s["problems"])
    assert missing == {"version": seen, "problems": [
        "site.toml: error: the settings file is missing (an editor may be saving it); the preview is built "
        "again as soon as it is back"]}
    assert "最初的事迹" in get(url + "/exemplar/zhang-wei.html")[1]  # the last good preview stays
    (site / "site.toml").write_text(toml.replace("先进典型光荣榜", "新的光荣榜"), encoding="utf-8")
    back = wait_for(url, lambda s: s["version"] != seen)
    assert back == {"version": seen + 1, "problems": []}
    assert "新的光荣榜" in get(url + "/")[1]
    save_and_see_it_rebuilt(site, url, "之后的事迹。")
    assert "build failed (1 error): the last good preview is still served" in log


def test_an_unexpected_error_in_a_rebuild_is_a_problem_line_naming_the_save_and_the_watcher_lives_on(
        served, monkeypatch):
    site, url, _, log = served
    seen = state(url)["version"]
    real_build = preview_module.build

    def broken_build(config):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(preview_module, "build", broken_build)
    (site / "content/zhang-wei.md").write_text(exemplar_md("坏的一次。"), encoding="utf-8")
    broken = wait_for(url, lambda s: s["problems"])
    assert broken == {"version": seen, "problems": [
        "content/zhang-wei.md: error: the preview could not be built after this file was saved "
        "(RuntimeError: disk on fire); fix it and save again (if this file is fine, please report the error)"]}
    monkeypatch.setattr(preview_module, "build", real_build)
    save_and_see_it_rebuilt(site, url, "好的一次。")
    # the page is on disk a moment before the preview's state says so: wait for the state too
    assert wait_for(url, lambda s: s["version"] != seen) == {"version": seen + 1, "problems": []}
    assert not any("Traceback" in line for line in log)


def with_paragraph(template: str, paragraph: str) -> str:
    """The exemplar template with one more paragraph at the end of its main block."""
    head, end, tail = template.rpartition("{% endblock %}")
    return f"{head}<p>{paragraph}</p>{end}{tail}"


def test_in_the_browser_a_template_saved_in_gbk_shows_in_the_overlay_as_text_and_the_next_good_save_clears_it(
        served, browser):
    site, url, _, _ = served
    page = browser.new_page()
    page.goto(url + "/exemplar/zhang-wei.html")
    page.wait_for_timeout(300)  # the reload script starts its long-poll
    # templates/ did not exist when serve started: it is watched all the same
    (site / "templates").mkdir()
    text = (DEFAULT_THEME / "exemplar.html").read_text(encoding="utf-8")
    (site / "templates/exemplar.html").write_bytes(with_paragraph(text, "本地模板 <b>gbk</b>").encode("gb18030"))
    overlay = page.locator("#exemplar-site-problems")
    overlay.wait_for(timeout=10_000)
    shown = overlay.inner_text()
    assert "The last save has problems; fix and save." in shown
    assert "utf-8" in shown.lower() and "Traceback" not in shown
    assert page.locator("#exemplar-site-problems b").count() == 0  # text, never markup
    (site / "templates/exemplar.html").write_text(with_paragraph(text, "本地模板已改好"), encoding="utf-8")
    page.get_by_text("本地模板已改好").wait_for(timeout=10_000)  # the page reloaded itself
    assert page.locator("#exemplar-site-problems").count() == 0
    (site / "content/zhang-wei.md").write_text(exemplar_md("再保存一次。"), encoding="utf-8")
    page.get_by_text("再保存一次。").wait_for(timeout=10_000)
    page.close()


# 7. what is watched

def replace_by_rename(path: Path, text: str) -> None:
    """Save as many editors do: write a temporary file beside it, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_site_toml_saved_by_rename_again_and_again_is_still_watched(served):
    site, url, _, _ = served
    for title in ("第一次改名", "第二次改名", "第三次改名"):
        replace_by_rename(site / "site.toml", SITE_TOML.replace("先进典型光荣榜", title))
        assert f"<title>{title}" in wait_for_page(url + "/", f"<title>{title}")
    sed = shutil.which("sed")
    if sed:
        subprocess.run([sed, "-i", "s/第三次改名/sed 改的标题/", str(site / "site.toml")], check=True)
        assert "<title>sed 改的标题" in wait_for_page(url + "/", "<title>sed 改的标题")


def test_a_templates_folder_made_after_serve_started_is_watched(served):
    site, url, _, _ = served
    assert not (site / "templates").exists()
    (site / "templates/assets").mkdir(parents=True)
    (site / "templates/assets/style.css").write_text("body { color: #123456 }\n", encoding="utf-8")
    assert wait_for_page(url + "/assets/style.css", "#123456") == "body { color: #123456 }\n"
    (site / "templates/assets/style.css").write_text("body { color: #654321 }\n", encoding="utf-8")
    assert wait_for_page(url + "/assets/style.css", "#654321") == "body { color: #654321 }\n"


def test_files_that_are_not_the_sites_sources_do_not_rebuild(served):
    site, url, _, log = served
    seen = state(url)["version"]
    (site / "notes.txt").write_text("会议记录", encoding="utf-8")
    (site / "content/.zhang-wei.md.swp").write_bytes(b"vim")
    (site / "content/zhang-wei.md~").write_text("备份", encoding="utf-8")
    (site / "output").mkdir()
    (site / "output/index.html").write_text("<p>别的构建</p>", encoding="utf-8")
    time.sleep(1)
    assert state(url) == {"version": seen, "problems": []}
    assert not any(line.startswith("changed:") for line in log)


# 8. folder addresses and hosts

def fetch_raw(url: str, path: str) -> http.client.HTTPResponse:
    host, port = url.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)
    return connection.getresponse()


@pytest.mark.parametrize(("path", "location"), [
    ("/category", "/category/"),
    ("/category?q=%E5%BC%A0&x=1", "/category/?q=%E5%BC%A0&x=1"),
    ("//category", "/category/"),  # never a //host address that leaves the preview
    ("/year/../category", "/category/"),
])
def test_a_folder_without_its_slash_is_redirected_keeping_the_query(served, path, location):
    _, url, _, _ = served
    answer = fetch_raw(url, path)
    assert (answer.status, answer.getheader("Location")) == (301, location)
    folder = fetch_raw(url, "/category/")
    page = folder.read().decode("utf-8")
    assert folder.status == 200 and 'href="../assets/style.css"' in page


def test_serve_summary_counts_one_exemplar_in_the_singular(served):
    _, _, preview, log = served
    preview.rebuild()
    assert log[-1].startswith("built 1 exemplar: ")


def test_a_host_that_cannot_be_resolved_is_a_host_problem_not_a_port_problem(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    result = CliRunner().invoke(main, ["serve", "--site", str(site), "--host", "example.invalid"])
    assert result.exit_code == 2
    assert result.stderr == ("error: cannot use --host example.invalid: no computer of that name or address "
                             "is known here (Name or service not known); use 127.0.0.1 for this computer only "
                             "or 0.0.0.0 for the whole network\n")


def test_a_host_that_is_not_this_computers_address_cannot_be_bound(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    result = CliRunner().invoke(main, ["serve", "--site", str(site), "--host", "192.0.2.1"])
    assert result.exit_code == 2
    assert result.stderr == ("error: cannot listen on 192.0.2.1: it is not an address of this computer "
                             "(Cannot assign requested address); use 127.0.0.1 for this computer only "
                             "or 0.0.0.0 for the whole network\n")
