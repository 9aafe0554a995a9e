"""The roll: the exemplars a build shows, in list order, with the groupings pages are made of."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ..content.ordering import name_key
from ..content.slugs import unit_slugs
from ..model import COLLECTIVE, DRAFT, PERSON, PUBLISHED, RETIRED, Exemplar
from ..settings import Settings
from .pages import Section


class Roll:
    """The exemplars a build shows, with the groupings pages are made of."""

    def __init__(self, settings: Settings, exemplars: Iterable[Exemplar], drafts: bool):
        shown = {PUBLISHED, RETIRED} | ({DRAFT} if drafts else set())
        order = settings.order
        keys = {e.slug: (e.order is None, e.order or 0, name_key(e.name, order, e.source, e.sort_name), e.slug)
                for e in exemplars}
        self.settings = settings
        self.all = tuple(sorted((e for e in exemplars if e.status in shown), key=lambda e: keys[e.slug]))
        self.listed = tuple(e for e in self.all if e.status != RETIRED)
        self.years = tuple(sorted({e.year for e in self.all}, reverse=True))
        current = [e.year for e in self.all if e.status == PUBLISHED] or list(self.years)
        self.current_year = settings.year or (max(current) if current else None)
        # a unit's slug depends on no setting and on no other unit but those of the same slug (drafts too: a
        # preview shows the addresses the published site will have)
        first_years: dict[str, int] = {}
        for exemplar in exemplars:
            first_years[exemplar.unit] = min(exemplar.year, first_years.get(exemplar.unit, exemplar.year))
        slugs = unit_slugs(first_years)
        units = sorted(sorted({e.unit for e in self.all}), key=lambda unit: name_key(unit, order))
        self.unit_slugs = MappingProxyType({unit: slugs[unit] for unit in units})  # in list order
        members: dict[str, list[Exemplar]] = {}
        for exemplar in self.listed:
            members.setdefault(exemplar.unit, []).append(exemplar)
        self.unit_members: Mapping[str, tuple[Exemplar, ...]] = MappingProxyType(
            {unit: tuple(group) for unit, group in members.items()})

    def by_category(self, exemplars: Iterable[Exemplar]) -> tuple[Section, ...]:
        """Group in site.toml order; an exemplar in two categories shows in both."""
        pool = tuple(exemplars)
        sections = (Section(c, tuple(e for e in pool if c.name in e.categories)) for c in self.settings.categories)
        return tuple(s for s in sections if s.exemplars)

    def by_year(self, exemplars: Iterable[Exemplar]) -> tuple[Section, ...]:
        """Group by year: the current roll first, then the others newest first."""
        pool = tuple(exemplars)
        years = sorted({e.year for e in pool}, key=lambda y: (y != self.current_year, -y))
        return tuple(Section(y, tuple(e for e in pool if e.year == y)) for y in years)

    def filters(self, exemplars: Iterable[Exemplar], labels: Mapping[str, str]) -> Mapping[str, tuple]:
        """The choices of the filters over these exemplars (readers filter on the wall and the archive)."""
        return MappingProxyType(filter_choices(exemplars, self.settings, labels, self.unit_slugs))

    def of_year(self, year: int | None, listed_only: bool = True) -> tuple[Exemplar, ...]:
        return tuple(e for e in (self.listed if listed_only else self.all) if e.year == year)


def filter_choices(exemplars: Iterable[Exemplar], settings: Settings, labels: Mapping[str, str],
                   unit_order: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The (value, label) choices of each filter, in the site's orders; a filter with one choice is left out."""
    pool = tuple(exemplars)
    years = sorted({e.year for e in pool}, reverse=True)
    categories = [c.name for c in settings.categories if any(c.name in e.categories for e in pool)]
    levels = [level for level in settings.levels if any(e.level == level for e in pool)]
    present = {e.unit for e in pool}
    units = [u for u in unit_order if u in present]
    kinds = [k for k in (PERSON, COLLECTIVE) if any(e.kind == k for e in pool)]
    choices = {
        "year": tuple((str(y), labels["roll_of"].format(year=y)) for y in years),
        "category": tuple((c, c) for c in categories),
        "level": tuple((level, level) for level in levels),
        "unit": tuple((u, u) for u in units),
        "kind": tuple((k, labels[k]) for k in kinds),
    }
    return {key: values for key, values in choices.items() if len(values) > 1}
