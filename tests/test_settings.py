"""site.toml: defaults, errors with their lines, warnings for unknown keys."""

from __future__ import annotations

from exemplar_site.settings import load_settings

from .conftest import SITE_TOML, TODAY, exemplar_md


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
