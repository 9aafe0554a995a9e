"""site.toml: defaults, errors with their lines, warnings for unknown keys."""

from __future__ import annotations

import ast
import sys

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main
from exemplar_site.content.ordering import name_key
from exemplar_site.print.layout import BOARD_PER_SHEET, BOOKLET_MARGINS, PAPERS
from exemplar_site.setting_keys import (
    BOOKLET_SIZES,
    ORDER_CHOICES,
    ORDERS,
    PAPER_NAMES,
    PRINT_SIZES,
    SECTIONS,
    SETTINGS,
    default_of,
)
from exemplar_site.settings import load_settings

from .conftest import REPO, SITE_TOML, TODAY, exemplar_md

sys.path.insert(0, str(REPO / "scripts"))
from key_table import SETTINGS_HEADER, replace_settings, settings_block  # noqa: E402


def problems_of(site):
    settings, problems = load_settings(site)
    return settings, [p.format() for p in problems]


def test_defaults(make_site):
    settings, problems = problems_of(make_site())
    assert problems == []
    assert settings.language == "zh-CN" and settings.year is None
    assert settings.print.size == "A3"
    assert [c.slug for c in settings.categories] == ["moral-models", "innovation", "devotion-to-duty"]
    assert settings.category("科技创新").slug == "innovation"
    assert settings.category("innovation").name == "科技创新"


def test_missing_title_and_categories(make_site):
    settings, problems = problems_of(make_site(toml='organisation = "x"\n'))
    assert settings is None
    assert problems == [
        "site.toml: error: 'title' is required, e.g. title = \"...\"",
        "site.toml: error: no categories: add at least one [[categories]] table with name = \"...\" and slug = \"...\"",
    ]


def test_unknown_key_warns_with_suggestion(make_site):
    settings, problems = problems_of(make_site(toml='titel = "x"\n' + SITE_TOML))
    assert settings is not None
    assert problems == ["site.toml:1: warning: unknown key 'titel'; did you mean 'title'?"]


def test_wrong_types_point_at_their_line(make_site):
    toml = SITE_TOML.replace('organisation = "测试单位"', 'organisation = "测试单位"\nyear = "2024"\nlanguage = "fr"')
    settings, problems = problems_of(make_site(toml=toml))
    assert settings is None
    assert problems == [
        "site.toml:4: error: language must be one of zh-CN, en, not 'fr'",
        "site.toml:3: error: 'year' must be a whole year such as 2024 (no quotes)",
    ]


def test_bad_category_slug(make_site):
    settings, problems = problems_of(make_site(toml=SITE_TOML.replace('slug = "innovation"', 'slug = "科技"')))
    assert settings is None
    assert problems == ["site.toml:10: error: category '科技创新' needs slug = \"...\" in lower-case ASCII "
                        "letters, digits and '-', e.g. slug = \"moral-models\""]


def test_toml_syntax_error_has_its_line(make_site):
    settings, problems = problems_of(make_site(toml='title = "x"\norganisation = 某某公司\n'))
    assert settings is None
    assert problems[0].startswith("site.toml:2: error: TOML syntax: ")


def test_a_category_table_written_with_one_bracket_is_explained(make_site):
    settings, problems = problems_of(make_site(toml=SITE_TOML.replace("[[categories]]\nname = \"科技创新\"",
                                                                      "[categories]\nname = \"科技创新\"")))
    assert settings is None
    assert problems == ["site.toml:10: error: TOML syntax: Cannot declare ('categories',) twice; each category "
                        "starts with [[categories]], in two pairs of brackets"]


def test_a_roll_year_no_exemplar_has_is_a_warning_on_its_line(make_site):
    from exemplar_site.content.load import CheckOptions, load_exemplars

    site = make_site({"content/a.md": exemplar_md(), "content/b.md": exemplar_md(name="李四", year="2025")},
                     toml="year = 2052\n" + SITE_TOML)
    settings, problems = problems_of(site)
    assert problems == []
    _, found = load_exemplars(settings, CheckOptions(today=TODAY))
    assert [p.format() for p in found] == [
        "site.toml:1: warning: no published exemplar has year 2052, so the honour-roll wall is empty; the latest "
        "roll with published exemplars is 2025: correct 'year', or remove it to show the latest roll"]
    settings, _ = problems_of(make_site({"content/a.md": exemplar_md()}, toml="year = 2024\n" + SITE_TOML,
                                        name="other"))
    assert load_exemplars(settings, CheckOptions(today=TODAY))[1] == []


def test_photo_and_content_limits(make_site):
    settings, problems = problems_of(make_site(toml=SITE_TOML + "\n[photos]\nmax_megapixels = 24\n"
                                               "\n[content]\nmax_kilobytes = 64\n"))
    assert problems == [] and settings.photos.max_pixels == 24_000_000 and settings.max_file_bytes == 64 * 1024
    settings, problems = problems_of(make_site(toml=SITE_TOML + "\n[photos]\nmax_megapixels = \"big\"\n"
                                               "\n[content]\nmax_kilobytes = 0\n", name="bad"))
    assert settings is None
    assert [p.split(": error: ")[1] for p in problems] == [
        "[photos] max_megapixels must be a whole number from 1 to 1000, e.g. 100",
        "[content] max_kilobytes must be a whole number from 1 to 100000, e.g. 1024"]


def test_an_empty_category_list_is_an_error_on_its_line(make_site):
    settings, problems = problems_of(make_site(toml='title = "x"\ncategories = []\n'))
    assert settings is None
    assert problems == ["site.toml:2: error: no categories: add at least one [[categories]] table with "
                        "name = \"...\" and slug = \"...\""]


# ---- the one table of site.toml's keys ----

def test_the_readme_settings_block_is_the_table():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert SETTINGS_HEADER in text
    assert replace_settings(text, settings_block()) == text, "run scripts/key_table.py"
    block = text.split(SETTINGS_HEADER, 1)[1].split("```\n", 1)[0]
    for setting in SETTINGS:
        assert f"\n{setting.name} = " in f"\n{block}", setting.name
    for section in SECTIONS:
        assert f"\n[[{section.name}]]" if section.array else f"\n[{section.name}]" in block, section.name


def test_the_readme_example_loads_and_sets_every_key(make_site):
    settings, problems = problems_of(make_site(toml=settings_block()))
    assert problems == []
    assert (settings.title, settings.organisation, settings.year, settings.order) == (
        "先进典型光荣榜", "青川市公用事业集团", 2025, "strokes")
    assert settings.categories[0].slug == "moral-models" and settings.print.fonts == (
        "fonts/SourceHanSerifSC-Regular.otf",)
    assert (settings.photos.max_pixels, settings.max_file_bytes, settings.screen_seconds) == (
        100_000_000, 1024 * 1024, 10)


def test_a_key_missing_from_a_section_takes_the_default_of_the_table(make_site):
    settings, problems = problems_of(make_site(toml=SITE_TOML + '\n[print]\nsize = "a4"\n'))
    assert problems == []
    assert (settings.print.poster, settings.print.board, settings.print.booklet, settings.print.posters) == (
        "A4", "A4", default_of("print", "booklet"), default_of("print", "posters"))
    assert (settings.language, settings.levels, settings.max_file_bytes) == (
        default_of("", "language"), default_of("", "levels"), 1024 * 1024)


def test_unknown_keys_in_a_section_name_the_keys_of_the_table(make_site):
    _, problems = problems_of(make_site(toml=SITE_TOML + "\n[screen]\nsecond = 5\n\n[photos]\nzzz = 1\n"))
    assert problems == ["site.toml:22: warning: unknown key 'zzz' in [photos]; known keys: max_megapixels",
                        "site.toml:19: warning: unknown key 'second' in [screen]; did you mean 'seconds'?"]


@pytest.mark.parametrize("choice", ORDER_CHOICES, ids=lambda choice: choice.value)
def test_new_explains_each_order_of_the_table(make_site, choice):
    site = make_site({"content/zhang-wei.md": exemplar_md()}, toml=f'order = "{choice.value}"\n' + SITE_TOML)
    result = CliRunner().invoke(main, ["new", "王小明", "--category", "道德模范", "--site", str(site)])
    assert result.exit_code == 0, result.output
    assert f"不填则{choice.hint}" in (site / "content/wang-xiao-ming.md").read_text(encoding="utf-8")


def test_every_paper_and_order_of_the_table_is_known_where_it_is_used():
    assert set(PAPER_NAMES) <= set(PAPERS) and set(PRINT_SIZES) <= set(BOARD_PER_SHEET)
    assert set(BOOKLET_SIZES) <= set(BOOKLET_MARGINS)
    assert [name_key("张伟", order, "content/a.md") for order in ORDERS]


def test_settings_imports_nothing_above_it():
    imported = {}
    for name in ("settings.py", "setting_keys.py"):
        tree = ast.parse((REPO / "exemplar_site" / name).read_text(encoding="utf-8"))
        imported[name] = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}
    assert "setting_keys" in imported["settings.py"]  # the files were read: settings.py reads the table
    assert all(found <= {"errors", "model", "setting_keys", "urls"} for found in imported.values()), imported
