"""The build pipeline: load → check → plan → process photos → render → write."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .content import CheckOptions, load_exemplars
from .errors import ContentError, Problem, UsageError, error, has_errors, sort_problems
from .labels import labels_for
from .model import Exemplar
from .pages import Asset
from .photos import process_photos
from .plan import plan_site
from .printing import PdfEngine, PrintResult, engine_missing_warning, load_engine, make_pdfs
from .render import find_assets, find_fonts, make_environment, page_renderer, render_pages
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
    pdf: bool = True

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
    pdfs: int
    pdfs_made: int
    pdf_seconds: float
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
    weasyprint, no_engine = load_engine() if config.pdf else (None, None)
    fonts, font_problems = find_fonts(settings)
    plan = plan_site(settings, loaded.exemplars, [*find_assets(settings), *fonts], labels,
                     drafts=config.drafts, pdfs=weasyprint is not None)
    photos, failed = process_photos(plan.photo_jobs, settings.root / CACHE_DIR / "photos", config.jobs)
    render = page_renderer(make_environment(settings), plan, settings, labels)
    pages, template_problems = render_pages(render, plan)
    problems = [*loaded.problems, *font_problems, *template_problems,
                *(error(job.rel, None, f"photo cannot be used: {message}") for job, message in failed)]
    if no_engine:
        problems.append(engine_missing_warning(no_engine))
    _stop_on_errors(problems, config.strict)
    printed = PrintResult({}, {}, [], 0)
    print_started = time.monotonic()
    if weasyprint is not None:
        resources = {**photos, **{a.path: a.source for a in plan.assets}}
        printed = make_pdfs(PdfEngine(weasyprint, resources), [p for p in plan.pages if p.pdf], pages, render,
                            settings.root / CACHE_DIR / "print", settings, _digest_files(plan.assets))
        pages.update(printed.html)
        problems += printed.problems
        _stop_on_errors(problems, config.strict)
    pdf_seconds = time.monotonic() - print_started
    files = [
        *(OutputFile(path, data=data) for path, data in pages.items()),
        *(OutputFile(path, source=cached) for path, cached in {**photos, **printed.pdfs}.items()),
        *(OutputFile(asset.path, source=asset.source) for asset in plan.assets),
    ]
    write_output(config.out_dir, files)
    return BuildResult(
        out=config.out_dir.resolve(),
        exemplars=len({p.context["exemplar"].slug for p in plan.pages if p.template == "exemplar.html"}),
        pages=len(pages),
        photos=len(plan.photo_jobs),
        pdfs=len(printed.pdfs),
        pdfs_made=printed.made,
        pdf_seconds=pdf_seconds,
        problems=tuple(sort_problems(problems)),
        seconds=time.monotonic() - started,
    )


def _digest_files(assets: tuple[Asset, ...]) -> str:
    """One hash over the theme's CSS, images and fonts: a changed stylesheet remakes every PDF."""
    digest = hashlib.sha256()
    for asset in assets:
        digest.update(asset.path.encode() + b"\0" + asset.source.read_bytes())
    return digest.hexdigest()


def _stop_on_errors(problems: list[Problem] | tuple[Problem, ...], strict: bool) -> None:
    if has_errors(problems) or (strict and problems):
        raise ContentError(problems)
