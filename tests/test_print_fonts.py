"""A print problem never takes the site down: no Chinese font, rare characters, emoji, unfittable posters.

Each test runs the real command line in its own process, with a fontconfig that sees only the font
folders the test names (FONTCONFIG_FILE), so the machine's fonts can be taken away one by one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import REPO, exemplar_md, require_pdf_engine, require_tool

RARE = "\U000F0000\U000F0001"  # private-use characters: no font has them
FONT_ADVICE = "add a font that has them under [print] fonts in site.toml"


@pytest.fixture(autouse=True)
def engine():
    require_pdf_engine()


def font_folder(name: str) -> Path:
    """The folder of an installed font file (skipped outside CI when the font is not installed)."""
    found = sorted(Path("/usr/share/fonts").rglob(name))
    if not found:
        require_tool(f"the font {name}")  # skips outside CI, fails under CI
    return found[0].parent


def fontconfig(tmp_path: Path, *folders: Path) -> dict[str, str]:
    """An environment whose fontconfig knows only these font folders."""
    conf = tmp_path / "fonts.conf"
    dirs = "".join(f"<dir>{folder}</dir>" for folder in folders)
    conf.write_text(f'<?xml version="1.0"?><fontconfig>{dirs}<cachedir>{tmp_path / "fc-cache"}</cachedir>'
                    "</fontconfig>", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def run_build(site: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, list[str], str]:
    """Build through the command line: exit status, the problem lines, the summary line."""
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--site", str(site), *args],
                          capture_output=True, text=True, env=env or dict(os.environ), timeout=300)
    problems = [line for line in done.stderr.splitlines() if ": warning: " in line or ": error: " in line]
    summary = next((line for line in done.stdout.splitlines() if line.startswith("built ")), done.stderr)
    return done.returncode, problems, summary


def pdfs(site: Path) -> list[str]:
    return sorted(p.relative_to(site / "output").as_posix() for p in (site / "output").rglob("*.pdf"))


def two_exemplars(make_site, rare_name: str = "李燕", deeds: str = "她的事迹。") -> Path:
    return make_site({"content/zhang-wei.md": exemplar_md("他的事迹。"),
                      "content/li-yan.md": exemplar_md(deeds, name=rare_name, slug="li-yan", category="科技创新")})


def test_no_chinese_font_builds_the_whole_site_and_skips_pdfs_with_one_warning(make_site, tmp_path):
    site = two_exemplars(make_site)
    env = fontconfig(tmp_path, font_folder("DejaVuSans.ttf"))
    status, problems, summary = run_build(site, env=env)
    assert status == 0
    assert problems == [
        "site.toml: warning: PDFs were skipped: no font for Chinese text is installed here; the print pages were "
        "made as HTML. Install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk, or run make site) or name "
        "font files under [print] fonts in site.toml"]
    assert "posters 0, boards 0, booklets 0 (0 made, 5 not made: see the warnings)" in summary
    out = site / "output"
    for page in ["index.html", "exemplar/zhang-wei.html", "exemplar/li-yan.html", "poster/li-yan.html",
                 "board/moral-models.html", "booklet/2024.html"]:
        assert (out / page).is_file(), page
    assert pdfs(site) == []
    assert run_build(site, "--strict", env=env)[0] == 1


def pdf_text(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_a_character_no_font_has_leaves_out_only_the_pdfs_that_show_it(make_site):
    site = two_exemplars(make_site, rare_name=f"李{RARE}")
    status, problems, summary = run_build(site)
    assert status == 0
    chars = "\U000F0000 (U+F0000), \U000F0001 (U+F0001)"
    assert problems == [  # one line per product, every character; a board of her card alone is not made
        f"content/li-yan.md: warning: board not made: no font has {chars}; {FONT_ADVICE}",
        f"content/li-yan.md: warning: booklet made without its section: no font has {chars}; {FONT_ADVICE}",
        f"content/li-yan.md: warning: poster not made: no font has {chars}; {FONT_ADVICE}"]
    assert "posters 1, boards 1, booklets 1 (3 made, 2 not made: see the warnings)" in summary
    assert pdfs(site) == ["board/moral-models.pdf", "booklet/2024.pdf", "poster/zhang-wei.pdf"]
    booklet = pdf_text(site / "output/booklet/2024.pdf")
    assert "张伟" in booklet and "李" not in booklet and "科技创新" not in booklet  # her category had only her
    assert (site / "output/poster/li-yan.html").is_file() and (site / "output/exemplar/li-yan.html").is_file()
    assert run_build(site, "--strict")[0] == 1


def test_a_character_no_font_has_leaves_out_only_that_exemplars_card_and_section(make_site, tmp_path):
    """Her name leaves out her card, his deeds only his section (a board shows no deeds); the others print."""
    env = fontconfig(tmp_path, font_folder("NotoSansCJK-Regular.ttc"))  # and no emoji font
    site = make_site({"content/zhang-wei.md": exemplar_md("为群众办实事 👍"),
                      "content/li-yan.md": exemplar_md(name=f"李{RARE}", slug="li-yan"),
                      "content/wang-qiang.md": exemplar_md("事迹\U000F0002。", name="王强", slug="wang-qiang")})
    status, problems, summary = run_build(site, env=env)
    assert status == 0
    hers, his = "\U000F0000 (U+F0000), \U000F0001 (U+F0001)", "\U000F0002 (U+F0002)"
    assert problems == [
        f"content/li-yan.md: warning: board made without its card: no font has {hers}; {FONT_ADVICE}",
        f"content/li-yan.md: warning: booklet made without its section: no font has {hers}; {FONT_ADVICE}",
        f"content/li-yan.md: warning: poster not made: no font has {hers}; {FONT_ADVICE}",
        f"content/wang-qiang.md: warning: booklet made without its section: no font has {his}; {FONT_ADVICE}",
        f"content/wang-qiang.md: warning: poster not made: no font has {his}; {FONT_ADVICE}",
        "content/zhang-wei.md: warning: left out of the PDFs: 👍 (U+1F44D), which no font here has; install an "
        "emoji font (Debian/Ubuntu: fonts-noto-color-emoji) to print them"]
    assert "posters 1, boards 1, booklets 1 (3 made, 2 not made: see the warnings)" in summary
    assert pdfs(site) == ["board/moral-models.pdf", "booklet/2024.pdf", "poster/zhang-wei.pdf"]
    board, booklet = pdf_text(site / "output/board/moral-models.pdf"), pdf_text(site / "output/booklet/2024.pdf")
    assert "张伟" in board and "王强" in board and "李" not in board
    assert "张伟" in booklet and "为群众办实事" in booklet  # the contents and the section
    assert "王强" not in booklet and "李" not in booklet and "👍" not in booklet
    assert not set(RARE + "\U000F0002") & set(board + booklet)
    assert run_build(site, env=env)[1] == problems  # made again, and said again, until a font has them
    assert run_build(site, "--strict", env=env)[0] == 1


EXTENSIONS = "\U00020000\u4DAE\U0002A6A5"  # 𠀀 (Extension B), 䶮 (Extension A), 𪚥 (Extension B)


def test_the_set_up_installs_a_font_for_the_cjk_extensions():
    done = subprocess.run(["bash", str(REPO / "scripts/system-packages.sh"), "list"], capture_output=True,
                          text=True, timeout=60)
    assert "fonts-hanazono" in done.stdout.split()


def test_rare_characters_of_the_cjk_extensions_print_in_every_product(make_site, tmp_path):
    env = fontconfig(tmp_path, font_folder("NotoSansCJK-Regular.ttc"), font_folder("HanaMinA.ttf"))
    site = two_exemplars(make_site, rare_name=f"王{EXTENSIONS}")
    status, problems, summary = run_build(site, env=env)
    assert (status, problems) == (0, [])
    assert "posters 2, boards 2, booklets 1 (5 made)" in summary
    for pdf in ["poster/li-yan.pdf", "board/innovation.pdf", "booklet/2024.pdf"]:
        assert f"王{EXTENSIONS}" in pdf_text(site / "output" / pdf), pdf
        assert any("HanaMin" in name for name in font_names(site / "output" / pdf)), pdf


def test_a_build_with_a_pdf_left_out_is_published(make_site, tmp_path):
    site = two_exemplars(make_site, rare_name=f"李{RARE}")
    assert run_build(site)[0] == 0
    dest = tmp_path / "intranet"
    dest.mkdir()
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "publish", str(dest), "--site", str(site)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (dest / "current/poster/zhang-wei.pdf").is_file() and not (dest / "current/poster/li-yan.pdf").exists()


def font_names(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        names |= {str(font.get_object()["/BaseFont"]) for font in fonts.get_object().values()}
    return names


def test_emoji_print_with_the_emoji_font(make_site):
    font_folder("NotoColorEmoji.ttf")
    site = two_exemplars(make_site, deeds="为群众办实事 👍🎉")
    status, problems, _ = run_build(site)
    assert (status, problems) == (0, [])
    assert any("Emoji" in name for name in font_names(site / "output/poster/li-yan.pdf"))


def test_emoji_without_an_emoji_font_are_left_out_with_one_warning(make_site, tmp_path):
    env = fontconfig(tmp_path, font_folder("NotoSansCJK-Regular.ttc"))
    site = two_exemplars(make_site, deeds="为群众办实事 👍🎉")
    status, problems, summary = run_build(site, env=env)
    assert status == 0
    assert problems == ["content/li-yan.md: warning: left out of the PDFs: 🎉 (U+1F389), 👍 (U+1F44D), which no "
                        "font here has; install an emoji font (Debian/Ubuntu: fonts-noto-color-emoji) to print them"]
    assert "posters 2, boards 2, booklets 1 (5 made)" in summary
    text = "".join(page.extract_text() for page in PdfReader(site / "output/poster/li-yan.pdf").pages)
    assert "为群众办实事" in text and "👍" not in text
    assert run_build(site, env=env)[1] == problems  # made again, and said again, until a font has them


def test_a_poster_that_cannot_fit_is_left_out_and_the_rest_is_built(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md("他的事迹。", summary="很长的简介。" * 700)})
    status, problems, summary = run_build(site)
    assert status == 0
    assert problems == ["content/zhang-wei.md: warning: poster not made: even without the deeds it needs two "
                        "pages because the summary (简介) is too long (4200 characters): shorten the summary"]
    assert "poster/zhang-wei.pdf" not in pdfs(site) and (site / "output/exemplar/zhang-wei.html").is_file()


def run_check(site: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--site", str(site), *args],
                          capture_output=True, text=True, env=env or dict(os.environ), timeout=300)
    return done.returncode, [line for line in done.stderr.splitlines() if ": warning: " in line], done.stdout


def test_check_warns_about_what_build_leaves_out_of_print(make_site, tmp_path):
    from .conftest import SITE_TOML
    site = make_site({"content/zhang-wei.md": exemplar_md("为群众办实事 👍"),
                      "content/li-yan.md": exemplar_md(name=f"李{RARE}", slug="li-yan")},
                     toml=SITE_TOML + '\n[print]\nfonts = ["fonts/no.otf"]\n')
    status, problems, _ = run_check(site, env=fontconfig(tmp_path, font_folder("NotoSansCJK-Regular.ttc")))
    assert status == 0
    assert problems == [
        f"content/li-yan.md: warning: no font has \U000F0000 (U+F0000), \U000F0001 (U+F0001): the build will leave "
        f"this exemplar's poster, board card and booklet section out of the PDFs; {FONT_ADVICE}",
        "content/zhang-wei.md: warning: left out of the PDFs: 👍 (U+1F44D), which no font here has; install an "
        "emoji font (Debian/Ubuntu: fonts-noto-color-emoji) to print them",
        "site.toml:19: warning: [print] fonts: 'fonts/no.otf' is not found (the path is relative to the site "
        "folder); the PDFs use the installed fonts instead"]
    assert run_check(site, "--strict")[0] == 1


def test_check_without_a_chinese_font_says_so_once(make_site, tmp_path):
    site = two_exemplars(make_site)
    status, problems, _ = run_check(site, env=fontconfig(tmp_path, font_folder("DejaVuSans.ttf")))
    assert status == 0 and len(problems) == 1 and problems[0].startswith("site.toml: warning: PDFs were skipped")


def test_a_built_site_built_again_without_a_chinese_font_says_so(make_site, tmp_path):
    site = two_exemplars(make_site)
    assert run_build(site)[0] == 0 and len(pdfs(site)) == 5
    status, problems, summary = run_build(site, env=fontconfig(tmp_path, font_folder("DejaVuSans.ttf")))
    assert status == 0 and len(problems) == 1
    assert "posters 0, boards 0, booklets 0 (0 made, 5 not made: see the warnings)" in summary
