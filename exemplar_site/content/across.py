"""Checks across content files: what no single file can show wrong on its own."""

from __future__ import annotations

from ..errors import Problem, error, warning
from ..model import PUBLISHED, Exemplar
from ..settings import SETTINGS_FILE, Settings


def check_roll_year(settings: Settings, exemplars: list[Exemplar]) -> list[Problem]:
    """site.toml's `year` names the roll the wall shows: a year no published exemplar has is an empty wall."""
    published = {e.year for e in exemplars if e.status == PUBLISHED}
    if settings.year is None or settings.year in published or not exemplars:
        return []
    latest = f"; the latest roll with published exemplars is {max(published)}" if published else ""
    return [warning(SETTINGS_FILE, settings.year_line, f"no published exemplar has year {settings.year}, so the "
                    f"honour-roll wall is empty{latest}: correct 'year', or remove it to show the latest roll")]


def check_unique_slugs(exemplars: list[Exemplar]) -> list[Problem]:
    """Two exemplars with one slug would share a page: name both files."""
    owners: dict[str, str] = {}
    problems = []
    for exemplar in exemplars:
        first = owners.setdefault(exemplar.slug, exemplar.source)
        if first != exemplar.source:
            problems.append(error(exemplar.source, exemplar.slug_line, f"slug '{exemplar.slug}' is already used by "
                                  f"{first}; give one of them its own 'slug: ...'"))
    return problems
