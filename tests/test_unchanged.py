"""The unchanged build: answered from the stamp of the last build, before the pipeline is imported,
with exactly what a real build says; never when anything the build depends on changed."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site import start, uptodate
from exemplar_site.builder import BuildConfig, build
from exemplar_site.cli import build as build_command
from exemplar_site.cli import main
from exemplar_site.errors import ContentError
from exemplar_site.options import BUILD_OPTIONS, GROUP_FLAGS, MAX_JOBS, parse_build
from exemplar_site.output import stamp
from exemplar_site.output.lock import build_lock
from exemplar_site.output.writer import note_failed
from exemplar_site.products import PRODUCTS

from .conftest import REPO, SITE_TOML, exemplar_md, jpeg_bytes

HEAVY = ("click", "jinja2", "markdown", "yaml", "pypinyin", "PIL", "weasyprint", "exemplar_site.builder")
MARGIN = uptodate.RACY_NS / 1e9  # before the fixture below sets it to 0 for the builds inside this process


@pytest.fixture(autouse=True)
def no_racy_margin(monkeypatch):
    """The files of a test are written just before its build: no margin for coarse file clocks."""
    monkeypatch.setattr(uptodate, "RACY_NS", 0)


@pytest.fixture
def site(make_site):
    return make_site({
        "content/zhang-wei.md": exemplar_md("张伟的事迹。", photo="photos/zw.jpg"),
        "content/photos/zw.jpg": jpeg_bytes((300, 400)),
        "content/li-si.md": exemplar_md("李四的事迹。", name="李四", category="科技创新", catgory="x"),
    })


def real_build(site: Path, **options: object) -> object:
    """A real build as the command line makes it (today's date: the stamp compares with it)."""
    return build(BuildConfig(site=site, jobs=1, **{"skip": frozenset({"pdf"}), **options}))


def answer(site: Path, *options: str) -> int | None:
    return start.answer_unchanged(["build", "--site", str(site), "--no-pdf", *options])


def seconds_blanked(text: str) -> str:
    return re.sub(r" in \d+\.\d s$", " in _ s", text, flags=re.MULTILINE)


def test_an_unchanged_build_says_what_a_real_build_says(site, capsys):
    real_build(site)
    slow = CliRunner().invoke(main, ["build", "--site", str(site), "--no-pdf"])
    assert slow.exit_code == 0 and "(nothing changed)" in slow.stdout and "warning: unknown key" in slow.stderr
    capsys.readouterr()
    before = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")}
    assert answer(site) == 0
    fast = capsys.readouterr()
    assert fast.err == slow.stderr
    assert seconds_blanked(fast.out) == seconds_blanked(slow.stdout)
    assert {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")} == before


def test_strict_with_warnings_and_other_commands_take_the_real_path(site):
    real_build(site)
    assert answer(site) == 0
    assert answer(site, "--strict") is None  # the real build fails, and notes it beside the output
    assert answer(site, "--timings") is None
    assert start.answer_unchanged(["check", "--site", str(site)]) is None


def test_a_build_with_errors_is_never_stamped(site):
    (site / "content/bad.md").write_text("---\nname: 王五\n---\n", encoding="utf-8")
    with pytest.raises(ContentError):
        real_build(site)
    assert not stamp.stamp_path(site, site / "output").exists()
    assert answer(site) is None


def test_only_a_build_of_the_command_line_products_is_stamped(site):
    real_build(site)
    build(BuildConfig(site=site, jobs=1, skip=frozenset({"pdf"})), products=PRODUCTS[:1])
    assert not stamp.stamp_path(site, site / "output").exists()
    assert answer(site) is None


def test_a_failed_build_since_takes_the_real_path(site):
    real_build(site)
    note_failed(site / "output", "stopped")
    assert answer(site) is None


def test_a_stamp_is_not_written_for_inputs_changed_during_the_build(site, monkeypatch):
    monkeypatch.setattr(uptodate, "RACY_NS", 3600 * 10**9)  # as if every file had changed while it ran
    real_build(site)
    assert not stamp.stamp_path(site, site / "output").exists()
    assert answer(site) is None


def same_size_edit(path: Path) -> None:
    """Change one character, keeping the size and even the modification time (only ctime tells)."""
    info = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace("事迹".encode(), "事情".encode(), 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


CHANGES = {
    "content edited": lambda s: same_size_edit(s / "content/li-si.md"),
    "content added": lambda s: (s / "content/wang-wu.md").write_text(exemplar_md(name="王五"), encoding="utf-8"),
    "content removed": lambda s: (s / "content/li-si.md").unlink(),
    "content renamed": lambda s: (s / "content/li-si.md").rename(s / "content/li-si-2.md"),
    "file set aside": lambda s: (s / "content/_old.md").write_text("x", encoding="utf-8"),
    "photo replaced": lambda s: (s / "content/photos/zw.jpg").write_bytes(jpeg_bytes((300, 400), color=(1, 2, 3))),
    "photo removed": lambda s: (s / "content/photos/zw.jpg").unlink(),
    "template added": lambda s: (s / "templates").mkdir() or (s / "templates/base.html").write_text("x"),
    "site.toml edited": lambda s: (s / "site.toml").write_text((s / "site.toml").read_text() + "\n"),
    "output file edited": lambda s: (s / "output/index.html").write_text("x"),
    "output file added": lambda s: (s / "output/extra.html").write_text("x"),
    "output file removed": lambda s: (s / "output/index.html").unlink(),
    "output removed": lambda s: __import__("shutil").rmtree(s / "output"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_takes_the_real_path(site, change):
    real_build(site)
    assert answer(site) == 0
    CHANGES[change](site)
    assert answer(site) is None


def test_a_font_named_in_the_settings_is_an_input(make_site):
    site = make_site({"content/a.md": exemplar_md(), "fonts/a.ttf": b"not really a font"},
                     toml=SITE_TOML + '\n[print]\nfonts = ["fonts/a.ttf"]\n')
    real_build(site)
    assert answer(site) == 0
    (site / "fonts/a.ttf").write_bytes(b"not really a font either")
    assert answer(site) is None


def test_other_options_dates_and_environments_take_the_real_path(site, monkeypatch):
    real_build(site)
    assert answer(site) == 0
    assert start.answer_unchanged(["build", "--site", str(site)]) is None  # with PDFs
    assert answer(site, "--drafts") is None
    assert answer(site, "--out", str(site / "elsewhere")) is None
    assert answer(site, "--jobs", "2") == 0  # the number of workers changes nothing a build makes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert answer(site) is None
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setenv("FONTCONFIG_FILE", "/nowhere/fonts.conf")
    assert answer(site) is None


def test_a_stamp_of_another_day_is_not_trusted(site):
    real_build(site, today=dt.date.today() - dt.timedelta(days=1))  # review dates are checked against the day
    assert answer(site) is None


def test_a_drafts_build_answers_only_for_drafts(site):
    real_build(site, drafts=True)
    assert answer(site) is None
    assert answer(site, "--drafts") == 0


def test_the_program_and_its_dependencies_are_inputs(site, monkeypatch, tmp_path):
    program, packages = tmp_path / "program", tmp_path / "packages"
    (program / "sub").mkdir(parents=True)
    (program / "sub/code.py").write_text("x = 1\n")
    packages.mkdir()
    monkeypatch.setattr(stamp, "PACKAGE", program)
    monkeypatch.setattr(sys, "path", [*sys.path, str(packages)])
    real_build(site)
    assert answer(site) == 0
    (packages / "new_package").mkdir()  # pip installs or removes something
    assert answer(site) is None
    real_build(site)
    assert answer(site) == 0
    same_size_edit_text(program / "sub/code.py")
    assert answer(site) is None


def same_size_edit_text(path: Path) -> None:
    path.write_text(path.read_text().replace("1", "2"))


def test_a_running_build_is_waited_for_by_the_real_path(site):
    real_build(site)
    with build_lock(site / stamp.CACHE_DIR):
        assert answer(site) is None
    assert answer(site) == 0


def test_the_arguments_are_read_as_click_reads_them():
    assert parse_build(["build"]) == {}
    assert parse_build(["--debug", "build", "--site=x", "--out", "y", "--jobs", "3", "--no-pdf"]) == {
        "--site": ["x"], "--out": ["y"], "--jobs": ["3"], "--no-pdf": []}
    assert parse_build(["build", "--skip", "posters", "--skip=boards"]) == {"--skip": ["posters", "boards"]}
    for argv in (["check"], ["build", "--help"], ["build", "-h"], ["build", "--timings"], ["build", "extra"],
                 ["build", "--site", "a", "--site", "b"], ["build", "--jobs", "0"], ["build", "--jobs", "x"],
                 ["build", "--jobs", "65"], ["build", "--site"], ["build", "--site", "--strict"],
                 ["build", "--strict=1"], ["build", "--"], [], ["--help"]):
        assert parse_build(argv) is None, argv


def test_the_fast_path_reads_the_options_the_command_line_has():
    options = {opt: param for param in build_command.params for opt in param.opts}
    assert set(options) - {"-h", "--help"} == {option.name for option in BUILD_OPTIONS}
    for option in BUILD_OPTIONS:
        assert options[option.name].is_flag == (option.value is None)
        assert options[option.name].multiple == option.many
        assert options[option.name].help == option.help.format(choices="posters, boards, booklets, pdf")
    assert options["--jobs"].type.max == MAX_JOBS and options["--jobs"].type.min == 1
    assert {p.name for p in main.params} == {opt.lstrip("-") for opt in GROUP_FLAGS}


def test_every_entry_point_starts_with_the_check():
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"exemplar-site": "exemplar_site.start:run"}
    assert "from exemplar_site.start import run" in (REPO / "build.py").read_text(encoding="utf-8")


PROBE = """\
import runpy, sys
where, report = sys.argv[1], sys.argv[2]
sys.argv = [where, *sys.argv[3:]]
try:
    run = runpy.run_module if where == "exemplar_site" else runpy.run_path
    run(where, run_name="__main__")
except SystemExit as exc:
    code = exc.code
with open(report, "w") as handle:
    handle.write(repr((code, sorted(m for m in HEAVY if m in sys.modules))))
""".replace("HEAVY", repr(HEAVY))


def test_the_answer_comes_before_the_pipeline_is_imported(site, tmp_path):
    """Through `python -m exemplar_site`, build.py and the console script, in a fresh interpreter:
    the check imports nothing heavy, and says what the real build says."""
    time.sleep(MARGIN + 0.1)  # the subprocesses keep the real margin: let the files age
    args = ["build", "--site", str(site), "--no-pdf"]
    first = subprocess.run([sys.executable, "-m", "exemplar_site", *args], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert stamp.stamp_path(site, site / "output").is_file()
    report = tmp_path / "report"

    def probe(where: str) -> tuple[int, list[str], str, str]:
        run = subprocess.run([sys.executable, "-c", PROBE, where, str(report), *args], capture_output=True,
                             text=True, cwd=tmp_path)
        code, heavy = ast.literal_eval(report.read_text())
        return code, heavy, run.stdout, run.stderr

    script = Path(sys.executable).parent / "exemplar-site"  # the installed console script, when it is current
    scripts = [str(script)] if script.is_file() and "exemplar_site.start" in script.read_text() else []
    fast = {where: probe(where) for where in ("exemplar_site", str(REPO / "build.py"), *scripts)}
    stamp.stamp_path(site, site / "output").unlink()
    code, heavy, stdout, stderr = probe("exemplar_site")
    assert code == 0 and "exemplar_site.builder" in heavy and "(nothing changed)" in stdout  # the real path
    for where, (code, heavy, out, err) in fast.items():
        assert (code, heavy) == (0, []), where
        assert err == stderr and "warning: unknown key" in err
        assert seconds_blanked(out) == seconds_blanked(stdout)
