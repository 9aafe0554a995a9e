"""`check > 报告.txt` on Chinese Windows (issue 23): standard output in cp936 and a file named 𠀀👍.md, which
cp936 cannot show. Escaped, never a crash; JSON is always UTF-8, or written to --output FILE."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import REPO, exemplar_md

RARE = "𠀀👍"  # 𠀀 is in GB18030 but not in GBK (cp936); 👍 in neither


def run_cp936(site: Path, *args: str) -> subprocess.CompletedProcess:
    """The tool as a Chinese Windows console runs it with its output redirected to a file."""
    env = {**os.environ, "PYTHONIOENCODING": "cp936", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "exemplar_site", "check", "--site", str(site), *args],
                          capture_output=True, env=env, cwd=site, timeout=300)


@pytest.fixture
def site(make_site) -> Path:
    return make_site({f"content/{RARE}.md": exemplar_md(name=f"王{RARE}", catgory="x")})


WARNING = f"content/{RARE}.md:6: warning: unknown key 'catgory'; did you mean 'category'? (it is ignored and never " \
          "published)"
ESCAPED = WARNING.replace(RARE, "\\U00020000\\U0001f44d")


def test_text_report_escapes_what_the_console_cannot_show(site):
    done = run_cp936(site)
    assert done.returncode == 0, done.stderr.decode("cp936", "replace")
    out, err = done.stdout.decode("cp936"), done.stderr.decode("cp936")
    assert "Traceback" not in out + err
    assert err.splitlines() == [ESCAPED]
    assert f"  content/{RARE}.md  王{RARE}: no photo: a placeholder is drawn".replace(
        RARE, "\\U00020000\\U0001f44d") in out.splitlines()
    assert out.splitlines()[-1] == "checked 1 exemplar: 0 errors, 1 warning"


def test_json_report_is_utf8_whatever_the_console(site):
    done = run_cp936(site, "--format", "json")
    assert done.returncode == 0 and done.stderr == b""
    report = json.loads(done.stdout.decode("utf-8"))
    assert report["problems"][0]["path"] == f"content/{RARE}.md"
    assert report["warnings"] == 1


def test_json_report_of_an_unreadable_site_toml_is_utf8_too(site):
    (site / "site.toml").write_text(f'title = "x"\norganisation = "y"\n[[categories]]\nname = "{RARE}"\n'
                                    f'slug = "{RARE}"\n', encoding="utf-8")
    done = run_cp936(site, "--format", "json")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr.decode("cp936", "replace")
    [problem] = json.loads(done.stdout.decode("utf-8"))["problems"]
    assert problem["path"] == "site.toml" and problem["line"] == 3 and f"category '{RARE}'" in problem["message"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_file_holds_the_whole_report_in_utf8(site, fmt):
    done = run_cp936(site, "--format", fmt, "--output", "报告.txt")
    assert done.returncode == 0
    assert done.stdout.decode("cp936").splitlines() == ["wrote the report to 报告.txt; checked 1 exemplar: 0 errors, "
                                                        "1 warning"]
    written = (site / "报告.txt").read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(written)["problems"][0]["path"] == f"content/{RARE}.md"
    else:
        assert written.splitlines()[0] == WARNING
        assert written.splitlines()[-1] == "checked 1 exemplar: 0 errors, 1 warning"


def test_an_output_file_that_cannot_be_written_is_a_usage_error(site):
    result = CliRunner().invoke(main, ["check", "--site", str(site), "--output", str(site / "no/such/报告.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write the report to {site / 'no/such/报告.txt'}: ")


def test_build_and_its_unchanged_answer_escape_a_site_folder_the_console_cannot_show(make_site):
    site = make_site({"content/a.md": exemplar_md()}, name=f"光荣榜{RARE}")
    env = {**os.environ, "PYTHONIOENCODING": "cp936", "PYTHONPATH": str(REPO)}
    outputs = []
    for _ in range(2):  # the second is answered from the first's stamp (start.py), before the command line loads
        done = subprocess.run([sys.executable, "-m", "exemplar_site", "build", "--no-pdf", "--site", str(site)],
                              capture_output=True, env=env, timeout=300)
        assert done.returncode == 0 and done.stderr == b""
        outputs.append(done.stdout.decode("cp936").splitlines()[0])
    shown = str(site / "output/index.html").replace(RARE, "\\U00020000\\U0001f44d")
    assert outputs[0].startswith(f"open {shown} (") and outputs[0].endswith(" files updated)")
    assert outputs[1] == f"open {shown} (nothing changed)"
