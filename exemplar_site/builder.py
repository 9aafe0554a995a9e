"""The build pipeline: load → check → plan → process photos → render → write."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .content import CheckOptions, load_exemplars
from .errors import ContentError, Problem, UsageError, error, has_errors, sort_problems
from .labels import labels_for
from .model import Exemplar
from .photos import process_photos
from .plan import plan_site
from .render import find_assets, make_environment, render_pages
from .settings import SETTINGS_FILE, Settings, load_settings
from .writer import OutputFile, check_output_dir, write_output

CACHE_DIR = ".cache"


@dataclass(frozen=True)
class BuildConfig:
    """What the command line asked for."""

    site: Path
    out: Path | None = None
    strict: bool = False
    drafts: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.site / "output"


@dataclass(frozen=True)
class Loaded:
    """A site read and checked: its settings, its exemplars, and every problem found."""

    settings: Settings
    exemplars: tuple[Exemplar, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the summary line."""

    out: Path
    exemplars: int
    pages: int
    photos: int
    problems: tuple[Problem, ...]
    seconds: float


def load_site(config: BuildConfig) -> Loaded:
    """Read site.toml and every content file; raise ContentError when nothing can be checked."""
    if not (config.site / SETTINGS_FILE).is_file():
        raise UsageError(f"{config.site.resolve()} has no {SETTINGS_FILE}: run this in a site folder "
                         "or pass --site DIR")
    settings, problems = load_settings(config.site)
    if settings is None:
        raise ContentError(problems)
    exemplars, found = load_exemplars(settings, CheckOptions(today=config.today))
    return Loaded(settings, tuple(exemplars), tuple(sort_problems(problems + found)))


def check(config: BuildConfig) -> Loaded:
    """Load and check everything without writing a single file."""
    loaded = load_site(config)
    _stop_on_errors(loaded.problems, config.strict)
    return loaded


def build(config: BuildConfig) -> BuildResult:
    """Build the whole site into the output folder, or change nothing and raise."""
    started = time.monotonic()
    check_output_dir(config.out_dir, config.site)
    loaded = check(config)
    settings = loaded.settings
    labels = labels_for(settings.language)
    plan = plan_site(settings, loaded.exemplars, find_assets(settings), labels, drafts=config.drafts)
    photos, failed = process_photos(plan.photo_jobs, settings.root / CACHE_DIR / "photos", config.jobs)
    pages, template_problems = render_pages(make_environment(settings), plan, settings, labels)
    problems = [*loaded.problems, *template_problems,
                *(error(job.rel, None, f"photo cannot be used: {message}") for job, message in failed)]
    _stop_on_errors(problems, config.strict)
    files = [
        *(OutputFile(path, data=data) for path, data in pages.items()),
        *(OutputFile(path, source=cached) for path, cached in photos.items()),
        *(OutputFile(asset.path, source=asset.source) for asset in plan.assets),
    ]
    write_output(config.out_dir, files)
    return BuildResult(
        out=config.out_dir.resolve(),
        exemplars=len({p.context["exemplar"].slug for p in plan.pages if "exemplar" in p.context}),
        pages=len(pages),
        photos=len(plan.photo_jobs),
        problems=tuple(sort_problems(problems)),
        seconds=time.monotonic() - started,
    )


def _stop_on_errors(problems: list[Problem] | tuple[Problem, ...], strict: bool) -> None:
    if has_errors(problems) or (strict and problems):
        raise ContentError(problems)
