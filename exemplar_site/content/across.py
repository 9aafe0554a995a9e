"""Checks across content files: what no single file can show wrong on its own."""

from __future__ import annotations

from dataclasses import replace

from ..cache import digest
from ..errors import Problem, error, warning
from ..model import DRAFT, PUBLISHED, Exemplar
from ..settings import SETTINGS_FILE, Settings
from ..urls import exemplar_path
from .slugs import Claim, short_code, slugify, tell_apart


def check_roll_year(settings: Settings, exemplars: list[Exemplar]) -> list[Problem]:
    """site.toml's `year` names the roll the wall shows: a year no published exemplar has is an empty wall."""
    published = {e.year for e in exemplars if e.status == PUBLISHED}
    if settings.year is None or settings.year in published or not exemplars:
        return []
    latest = f"; the latest roll with published exemplars is {max(published)}" if published else ""
    return [warning(SETTINGS_FILE, settings.year_line, f"no published exemplar has year {settings.year}, so the "
                    f"honour-roll wall is empty{latest}: correct 'year', or remove it to show the latest roll")]


def check_not_empty(exemplars: tuple[Exemplar, ...], drafts: bool) -> list[Problem]:
    """A build that would show no exemplar is an error: publishing it would put an empty roll live."""
    if any(e.status == PUBLISHED or (drafts and e.status == DRAFT) for e in exemplars):
        return []
    waiting = sum(e.status == DRAFT for e in exemplars)
    if waiting:
        return [error("content", None, f"no exemplar is published: the {waiting} in content/ "
                      f"{'is a draft' if waiting == 1 else 'are drafts'}; set 'status: published' (发布) in "
                      "those that are ready, or preview them with `build --drafts`")]
    return [error("content", None, "no exemplar is published: put one Markdown file per exemplar in content/ "
                  "(see `python build.py new`); an empty roll is never built")]


def tell_namesakes_apart(exemplars: list[Exemplar]) -> tuple[list[Exemplar], list[Problem]]:
    """Automatic slugs never collide: namesakes (张伟 in 2024 and 2025; 张伟 and 章伟, both zhang-wei)
    are told apart by a rule that looks only at them, never at the order of the files, because
    printed QR codes point at these addresses.

    An exemplar alone with its automatic slug keeps it. Of namesakes, the first honoured (earliest
    year, then unit, then file path) keeps it and each other adds its year (`zhang-wei-2025`); if a
    namesake has the same year, the year and its unit (`zhang-wei-2025-er-che-jian`); if one also has
    the same unit, the year and a code of its file path (`zhang-wei-2025-3f9a1c`). The trade-off: an
    address without a suffix stays as long as no earlier namesake is added, an address with one as
    long as its namesakes keep their years and units; deleting the first namesake (instead of
    retiring it) or renaming a file moves the others. So every namesake is warned about, with the
    `slug:` that pins its present address; an explicit slug is never moved, and automatic slugs give
    way to it. The file name, path and unit go into the rule; the order of files does not.
    """
    explicit = {e.slug: e for e in exemplars if e.slug_given}
    automatic = {e.source: e for e in exemplars if not e.slug_given}
    claims = {source: Claim(e.slug, (e.year, slugify(e.unit), source), (str(e.year), f"{e.year}-{slugify(e.unit)}",
                                                                        f"{e.year}-{short_code(source)}"))
              for source, e in automatic.items()}
    slugs = tell_apart(claims, taken=set(explicit))
    sharing: dict[str, list[str]] = {}
    for source, exemplar in automatic.items():
        sharing.setdefault(exemplar.slug, []).append(source)
    problems = []
    for source, exemplar in automatic.items():
        slug = slugs[source]
        others = [s for s in sharing[exemplar.slug] if s != source]
        others += [explicit[exemplar.slug].source] if exemplar.slug in explicit else []
        if others:
            whose = "the slug of" if exemplar.slug in explicit else "that of"
            problems.append(warning(source, exemplar.slug_line, f"the automatic address '{exemplar.slug}' is also "
                                    f"{whose} {', '.join(others)} (a namesake, or the same pinyin): this exemplar's "
                                    f"page is {exemplar_path(replace(exemplar, slug=slug))}; add 'slug: {slug}' to "
                                    "keep this address before printing QR codes"))
    settled = [e if e.slug_given or slugs[e.source] == e.slug
               else replace(e, slug=slugs[e.source], fingerprint=digest(e.fingerprint, slugs[e.source]))
               for e in exemplars]  # its pages and every page linking to it are drawn again
    return settled, problems


def check_unique_slugs(exemplars: list[Exemplar]) -> list[Problem]:
    """Two exemplars with one explicit slug would share a page: an error on each file, naming the others
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
