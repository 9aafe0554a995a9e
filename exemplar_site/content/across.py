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
    """Two exemplars with one slug would share a page: an error on each file, naming the others
    (the one just added is named whichever way the files sort)."""
    owners: dict[str, list[Exemplar]] = {}
    for exemplar in exemplars:
        owners.setdefault(exemplar.slug, []).append(exemplar)
    problems = []
    for slug, sharing in owners.items():
        for exemplar in sharing if len(sharing) > 1 else ():
            others = ", ".join(e.source for e in sharing if e is not exemplar)
            problems.append(error(exemplar.source, exemplar.slug_line, f"slug '{slug}' is also used by {others}; "
                                  "give one of them its own 'slug: ...'"))
    return problems
