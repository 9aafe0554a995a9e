"""The one table of front-matter keys drives loading, `new`, `import` and the README's key table."""

from __future__ import annotations

import sys

from click.testing import CliRunner

from exemplar_site.cli import main
from exemplar_site.commands.importer import render_row
from exemplar_site.commands.sheets import column_key
from exemplar_site.content.keys import CANONICAL, COLUMNS, KEYS, readme_table
from exemplar_site.content.load import CheckOptions, load_exemplars
from exemplar_site.settings import load_settings

from .conftest import REPO, TODAY, exemplar_md

sys.path.insert(0, str(REPO / "scripts"))
from key_table import HEADER, replace_table  # noqa: E402


def test_the_readme_key_table_is_the_table():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert HEADER in text
    assert replace_table(text, readme_table()) == text, "run scripts/key_table.py"
    for key in KEYS:
        assert f"| `{key.name}` |" in text


def test_new_writes_every_key_of_the_table_with_its_hint(make_site):
    site = make_site({"content/zhang-wei.md": exemplar_md()})
    result = CliRunner().invoke(main, ["new", "王小明", "--category", "道德模范", "--site", str(site)])
    assert result.exit_code == 0, result.output
    lines = (site / "content/wang-xiao-ming.md").read_text(encoding="utf-8").split("---\n")[1].splitlines()
    written = [line.split(":", 1)[0] for line in lines if not line.startswith((" ", "#"))]
    assert written == [key.name for key in KEYS]
    assert any("级别：国家级、省级" in line for line in lines)  # hints are filled in from site.toml


def test_import_reads_every_column_key_and_alias_and_no_other():
    for key in KEYS:
        for title in (key.name, *key.aliases):
            assert column_key(title) == (key.name if key.column else None), title
    assert column_key("事迹") == "deeds"


def test_an_imported_row_is_read_back_by_the_loader_with_every_column(make_site):
    values = {"name": "王小明", "type": "集体", "category": "道德模范", "unit": "一分厂", "position": "班组长",
              "year": "2025", "level": "省级", "honors": "劳动模范；先进个人", "summary": "简介。",
              "quote": "感言。", "status": "发布", "review_due": "2027-01-01", "deeds": "事迹。"}
    assert set(values) | {"photo"} == set(COLUMNS) | {"deeds"}
    site = make_site({"content/wang.md": render_row(values, None)})
    settings, _ = load_settings(site)
    (exemplar,), problems = load_exemplars(settings, CheckOptions(today=TODAY))
    assert not problems
    assert (exemplar.kind, exemplar.position, exemplar.level, exemplar.honors, exemplar.status) == (
        "collective", "班组长", "省级", ("劳动模范", "先进个人"), "published")


def test_every_alias_of_the_table_is_read_by_the_loader(make_site):
    text = exemplar_md().replace("name:", "姓名:").replace("unit:", "单位:").replace("year:", "年度:")
    site = make_site({"content/zhang-wei.md": text})
    settings, _ = load_settings(site)
    exemplars, problems = load_exemplars(settings, CheckOptions(today=TODAY))
    assert len(exemplars) == 1 and not [p for p in problems if p.is_error]
    assert all(CANONICAL[alias] == key.name for key in KEYS for alias in key.aliases)
