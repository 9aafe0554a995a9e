"""`build --timings`: the seconds of each stage, after the summary; nothing extra without the flag."""

from __future__ import annotations

from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import exemplar_md

STAGES = ("load", "plan", "pages", "photos", "make", "write")


def test_timings_follow_the_summary_stage_by_stage(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--no-pdf", "--jobs", "1", "--timings"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-2].startswith("built 1 exemplar")
    assert lines[-1].startswith("timings: ")
    assert [part.split()[0] for part in lines[-1][len("timings: "):].split(", ")] == list(STAGES)
    again = CliRunner().invoke(main, ["build", "--site", str(site), "--no-pdf", "--jobs", "1", "--timings"])
    assert again.output.splitlines()[-1].startswith("timings: load ")  # nothing changed: only loading


def test_no_timings_without_the_flag(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--no-pdf", "--jobs", "1"])
    assert result.exit_code == 0 and "timings:" not in result.output
