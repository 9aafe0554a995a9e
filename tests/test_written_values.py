"""Values written the usual wrong ways (issue 23): run-together honours, lists typed as on paper, `null`,
a full-width space after the colon, files Notepad saved as "Unicode", photos cut short."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from exemplar_site import uptodate
from exemplar_site.cli import main
from exemplar_site.content import cache
from exemplar_site.content.load import CheckOptions, load_exemplars
from exemplar_site.settings import load_settings

from .conftest import TODAY

HEAD = "---\nname: 张伟\ncategory: 道德模范\nunit: 一车间\nyear: 2024\n"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def check(site: Path) -> tuple[int, list[str]]:
    result = run("check", "--site", str(site))
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.stderr.splitlines() if ": error: " in line
                              or ": warning: " in line]


def honours(site: Path) -> list[list[str]]:
    """Each exemplar's honours as loaded for the build."""
    settings, _ = load_settings(site)
    exemplars, _ = load_exemplars(settings, CheckOptions(today=TODAY))
    return [list(e.honors) for e in exemplars]


@pytest.mark.parametrize(("written", "parts"), [
    ("一；二；三", ["一", "二", "三"]),
    ("一、二", ["一", "二"]),
])
def test_honours_run_together_on_one_line_are_split_with_a_warning(make_site, written, parts):
    site = make_site({"content/a.md": f"{HEAD}honors: {written}\n---\n事迹。\n"})
    code, lines = check(site)
    assert code == 0
    assert lines == [f"content/a.md:6: warning: honors (荣誉) '{written}' was read as {len(parts)} honours "
                     f"({' / '.join(parts)}): write one per line below 'honors:', each starting with '- ' (an "
                     "honour that contains '、' stays whole on such a line)"]
    assert honours(site) == [parts]


def test_an_honour_with_a_comma_mark_written_as_a_list_item_stays_whole(make_site):
    site = make_site({"content/a.md": f"{HEAD}honors:\n  - 安全、质量先进个人\n---\n事迹。\n"})
    assert check(site) == (0, [])
    assert honours(site) == [["安全、质量先进个人"]]


@pytest.mark.parametrize(("items", "indent"), [
    (["-荣誉一", "-荣誉二"], "  "),
    (["-荣誉一", "-荣誉二"], ""),
    (["1. 荣誉一", "2. 荣誉二"], "  "),
    (["1、荣誉一", "2、荣誉二"], "  "),
    (["- 荣誉一", "2.荣誉二"], "  "),
])
def test_a_list_typed_as_on_paper_is_read_as_the_list_with_the_right_form(make_site, items, indent):
    lines = "".join(f"{indent}{item}\n" for item in items)
    site = make_site({"content/a.md": f"{HEAD}honors:\n{lines}summary: 好\n---\n事迹。\n"})
    code, found = check(site)
    assert code == 0
    expected = [f"content/a.md:{7 + i}: warning: '{item}' was read as an item of the list: write each item on "
                f"its own line as '- ' (a dash and a space) and the text, e.g. '- 荣誉{'一二'[i]}'"
                for i, item in enumerate(items) if not item.startswith("- ")]
    assert found == expected
    assert honours(site) == [["荣誉一", "荣誉二"]]


def test_a_numbered_summary_is_still_one_text(make_site):
    site = make_site({"content/a.md": f"{HEAD}summary:\n  1. 爱岗敬业\n  2. 乐于助人\n---\n事迹。\n"})
    assert check(site) == (0, [])


@pytest.mark.parametrize("word", ["null", "~", "Null", "NULL"])
def test_null_words_are_kept_as_text(make_site, word):
    site = make_site({"content/a.md": f"---\nname: {word}\ncategory: 道德模范\nunit: 一车间\nyear: 2024\n"
                                      f"honors:\n  - {word}\n  - 劳动模范\n---\n事迹。\n"})
    assert check(site) == (0, [])
    assert honours(site) == [[word, "劳动模范"]]
    result = run("check", "--site", str(site), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["errors"] == 0


def test_a_full_width_space_after_the_colon_is_named_on_its_line(make_site):
    site = make_site({"content/a.md": "---\nname: 张伟\ncategory:\u3000道德模范\nunit: 一车间\nyear: 2024\n"
                                      "---\n事迹。\n"})
    assert check(site) == (1, ["content/a.md:3: error: a full-width space (全角空格) after the colon in "
                               "'category:': use an ordinary space, e.g. 'category: 道德模范'"])


def test_a_file_saved_as_utf16_with_a_mark_is_read_with_a_warning(make_site):
    site = make_site({"content/a.md": (HEAD + "---\r\n事迹。\r\n").encode("utf-16")})
    assert check(site) == (0, ["content/a.md: warning: file is saved as UTF-16 (Notepad's \"Unicode\"); it was "
                               "read, but please save it as UTF-8"])


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_file_saved_as_utf16_without_a_mark_is_named_as_such(make_site, encoding):
    site = make_site({"content/a.md": (HEAD + "---\n事迹。\n").encode(encoding)})
    assert check(site) == (1, ["content/a.md: error: file is saved as UTF-16 (Notepad's \"Unicode\") without a "
                               "byte-order mark: open it in Notepad and save it with the encoding UTF-8"])


def cut_short_jpeg() -> bytes:
    """A real-looking photo whose last third is missing: its header is whole, its pixels are not."""
    buffer = io.BytesIO()
    Image.effect_noise((600, 800), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return data[:len(data) * 2 // 3]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_photo_cut_short_is_an_error_on_each_line_that_uses_it(make_site, command):
    site = make_site({
        "content/photos/p.jpg": cut_short_jpeg(),
        "content/a.md": f"{HEAD}photo: photos/p.jpg\n---\n事迹。\n",
        "content/b.md": HEAD.replace("张伟", "李四") + "photo: photos/p.jpg\n---\n事迹。\n",
    })
    result = run(command, "--site", str(site), *(["--no-pdf", "--jobs", "1"] if command == "build" else []))
    assert result.exit_code == 1
    damaged = "the image is damaged or cut short (image file is truncated"
    lines = result.stderr.splitlines()
    assert [line.split(damaged)[0] for line in lines[:-1]] == [
        "content/a.md:6: error: photo 'photos/p.jpg': ", "content/b.md:6: error: photo 'photos/p.jpg': "]
    assert all(damaged in line and line.endswith("; export it again as JPEG") for line in lines[:-1])
    assert not (site / "output").exists()


def test_a_whole_photo_is_decoded_once_then_known_by_its_bytes(make_site, monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (10, 20, 30)).save(buffer, "JPEG")
    site = make_site({"content/p.jpg": buffer.getvalue(), "content/a.md": f"{HEAD}photo: p.jpg\n---\n事迹。\n"})
    monkeypatch.setattr(uptodate, "RACY_NS", 0)  # every stat settled at once: trusted by the cache
    calls = []
    real = cache.inspect_photo
    monkeypatch.setattr(cache, "inspect_photo", lambda *a, **k: calls.append(k) or real(*a, **k))
    assert run("build", "--no-pdf", "--jobs", "1", "--site", str(site)).exit_code == 0
    assert calls == [{"decode": True}]
    (site / "content/b.md").write_text(HEAD.replace("张伟", "李四") + "photo: p.jpg\n---\n事迹。\n", encoding="utf-8")
    assert run("build", "--no-pdf", "--jobs", "1", "--site", str(site)).exit_code == 0
    assert calls == [{"decode": True}]  # the second file's photo is known: not decoded again
