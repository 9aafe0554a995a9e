"""The build pipeline: load → check → plan (each product) → pages and photos → make (each product's
files: the PDFs) → write → prune the cache."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import CACHE_DIR, input_key
from .content.across import check_not_empty
from .content.load import CheckOptions, content_cache, load_exemplars
from .errors import ContentError, Problem, UsageError, error, has_errors, sort_problems
from .inputs import Inputs, gather_inputs, up_to_date
from .model import Exemplar
from .output.lock import build_lock
from .output.places import check_output_dir
from .output.stamp import write_stamp
from .output.writer import (
    OutputFile,
    clear_failed,
    note_failed,
    note_started,
    write_output,
)
from .photos.process import prune_cache
from .photos.sizes import cache_names
from .photos.work import PhotoResults, PhotoWork
from .products import PRODUCTS, Product, count_products, find_tools, make_products, plan_site, skippable, skipped
from .result import BuildResult, StageClock, count
from .settings import SETTINGS_FILE, Settings, load_settings
from .site.draw import DRAWN, DrawnPages, PageDrawing
from .site.labels import labels_for
from .site.pages import Made, SitePlan, Workshop
from .site.render import (
    PageRenderer,
    check_templates,
    find_fonts,
    make_environment,
    page_renderer,
)

__all__ = ["BuildConfig", "BuildResult", "Loaded", "build", "check", "load_site", "quiet"]

# progress("pages", total) gives a function to call with how many more are done
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


@contextmanager
def quiet(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """No progress shown (not a terminal, or tests)."""
    yield lambda done: None


@dataclass(frozen=True)
class BuildConfig:
    """What the command line asked for."""

    site: Path
    out: Path | None = None
    strict: bool = False
    drafts: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    today: dt.date = field(default_factory=dt.date.today)
    skip: frozenset[str] = frozenset()  # products left out, by name or by a kind of file ("pdf")

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.site / "output"


@dataclass(frozen=True)
class Loaded:
    """A site read and checked: its settings, its exemplars, and every problem found."""

    settings: Settings
    exemplars: tuple[Exemplar, ...]
    problems: tuple[Problem, ...]


def load_site(config: BuildConfig, remember: bool = False) -> Loaded:
    """Read site.toml and every content file; raise ContentError when nothing can be checked.

    The cache of parsed files is always used, and saved back only when `remember` is set.
    """
    _require_settings(config)
    settings, problems = load_settings(config.site)
    if settings is None:
        raise ContentError(problems)
    options = CheckOptions(today=config.today)
    cache = content_cache(settings, options, settings.root / CACHE_DIR)
    exemplars, found = load_exemplars(settings, options, cache, config.jobs)
    if remember:
        cache.save()
    _, font_problems = find_fonts(settings)
    problems += found + font_problems + check_templates(settings)
    return Loaded(settings, tuple(exemplars), tuple(sort_problems(problems)))


def check(config: BuildConfig, remember: bool = False) -> Loaded:
    """Load and check everything; write nothing (but the cache, when `remember` is set)."""
    loaded = load_site(config, remember)
    _stop_on_errors(loaded.problems, config.strict)
    return loaded


@dataclass(frozen=True)
class _Drawn:
    """Pages drawn (only those that changed) and photos made, with what went wrong."""

    pages: DrawnPages
    keys: dict[str, str]
    photos: PhotoResults
    problems: list[Problem]


def build(config: BuildConfig, progress: Progress = quiet, products: tuple[Product, ...] = PRODUCTS) -> BuildResult:
    """Build the whole site into the output folder, or change nothing and raise.

    Pages whose fingerprint matches the file already in the output are not drawn again; photos
    are made in worker processes while the pages are drawn. One build of a site runs at a time
    (they share its cache). A build that fails in any way leaves a note beside the output, so that
    `publish` refuses the older site still in it, even after the cache was deleted.
    """
    check_output_dir(config.out_dir, config.site)
    _require_settings(config)
    with build_lock(config.site / CACHE_DIR):
        note_started(config.out_dir)  # before any work: a build killed from here on leaves the note
        try:
            result = _build(config, progress, products)
        except ContentError as exc:
            note_failed(config.out_dir, count(sum(p.is_error for p in exc.problems), "error"))
            raise
        except Exception as exc:  # a bug: the output is the older site
            note_failed(config.out_dir, type(exc).__name__)
            raise
        except BaseException as exc:  # stopped (Ctrl+C, `kill`, a closed terminal) before it finished
            note_failed(config.out_dir, type(exc).__name__, stopped=True)
            raise
        clear_failed(config.out_dir)  # only now: the output is what this content makes
    return result


def _require_settings(config: BuildConfig) -> None:
    if not (config.site / SETTINGS_FILE).is_file():
        raise UsageError(f"{config.site.resolve()} has no {SETTINGS_FILE}: run this in a site folder "
                         "or pass --site DIR")


def _build(config: BuildConfig, progress: Progress, products: tuple[Product, ...]) -> BuildResult:
    clock = StageClock()
    skipping = _skipping(config, products)
    loaded = check(config, remember=True)
    _stop_on_errors(sort_problems([*loaded.problems, *check_not_empty(loaded.exemplars, config.drafts)]), False)
    gc.freeze()  # the loaded content lives for the whole build: keep the collector from rescanning it
    tools = find_tools(products, skipping)
    unmade = skipping | {p.name for p in products if p.tool in tools and tools[p.tool].missing is not None}
    inputs = gather_inputs(loaded.settings, loaded.exemplars, loaded.problems, config.out_dir, config.drafts, tools,
                           products, unmade)
    clock.lap("load")
    if up_to_date(inputs.manifest, inputs.key):  # the output is what these very inputs made
        _stop_on_errors(inputs.manifest.note[1].problems, config.strict)
        return _stamped(config, loaded, inputs, products,
                        inputs.manifest.note[1].unchanged(clock.total()), clock.timings())
    settings, labels = loaded.settings, labels_for(loaded.settings.language)
    plan = plan_site(settings, loaded.exemplars, inputs.assets, labels, products, config.drafts, unmade)
    render = page_renderer(make_environment(settings), plan, settings, labels)
    site = input_key(inputs.theme, settings, labels, plan.years, plan.current_year, plan.print_fonts,
                     tuple(t.version for t in tools.values()))
    clock.lap("plan")
    drawn = _draw(config, plan, render, inputs, site, progress, clock)
    problems = [*loaded.problems, *inputs.problems, *drawn.problems]
    _stop_on_errors(problems, config.strict)
    with progress("files", sum(len(plan.wanted[p.name]) for p in products if p.name not in unmade)) as advance:
        made = _make(products, plan, render, drawn, inputs, settings, config.jobs, unmade)
        advance(sum(len(m.files) for m in made.values()))
    clock.lap("make")
    problems += [p for m in made.values() for p in m.problems]
    _stop_on_errors(problems, config.strict)
    result = BuildResult(
        out=config.out_dir.resolve(),
        exemplars=len({p.context["exemplar"].slug for p in plan.pages if p.template == "exemplar.html"}),
        pages=len(plan.pages),
        photos=len(plan.photo_jobs),
        photos_processed=drawn.photos.processed,
        products=count_products(products, plan, made.values(), skipping),
        complete=all(m.complete for m in made.values()) and not (unmade - skipping),
        files_written=0,
        problems=tuple(sort_problems(problems)),
        seconds=0.0,
    )
    written = write_output(config.out_dir, _output_files(plan, drawn, made, inputs), inputs.manifest,
                           note=(inputs.key, result), drafts=config.drafts, skipped=result.skipped)
    shutil.rmtree(drawn.pages.spool, ignore_errors=True)
    _prune(settings.root / CACHE_DIR, loaded.exemplars, products, made)
    clock.lap("write")
    return _stamped(config, loaded, inputs, products, replace(result, files_written=written, seconds=clock.total()),
                    clock.timings())


def _skipping(config: BuildConfig, products: tuple[Product, ...]) -> frozenset[str]:
    """The products --skip leaves out; an unknown name is a usage error that lists the known ones."""
    known = skippable(products)
    unknown = sorted(set(config.skip) - set(known))
    if unknown:
        raise UsageError(f"--skip {unknown[0]}: no such product; choose from {', '.join(known)}")
    return skipped(products, config.skip)


def _stamped(config: BuildConfig, loaded: Loaded, inputs: Inputs, products: tuple[Product, ...],
             result: BuildResult, timings: tuple[tuple[str, float], ...]) -> BuildResult:
    """The result, after stamping the output for the unchanged-build check of start.py (which answers
    for the command line, so only for builds of its products)."""
    photos = (e.photo.path for e in loaded.exemplars if e.photo is not None)
    write_stamp(config, loaded.settings, photos, inputs.manifest.entries, result if products == PRODUCTS else None)
    return replace(result, timings=timings)


def _draw(config: BuildConfig, plan: SitePlan, render: PageRenderer, inputs: Inputs, site: str,
          progress: Progress, clock: StageClock) -> _Drawn:
    """Draw the pages that changed (and those files are made of: their make steps key their own files)
    while worker processes make the photos. `site` is the key of what every page depends on."""
    # A page the output does not hold is drawn whatever its key: its key is found as it is drawn.
    keys = {page.path: input_key(site, page) for page in plan.pages if inputs.manifest.holds(page.path)}
    todo = [page for page in plan.pages
            if page.files or not inputs.manifest.unchanged(page.path, keys.get(page.path, ""))]
    # The page workers are forked first, before the photos' pool starts its threads.
    with PageDrawing(render, todo, config.site / CACHE_DIR / DRAWN, config.jobs,
                     lambda page: keys.get(page.path) or input_key(site, page)) as drawing, \
            PhotoWork(plan.photo_jobs, config.site / CACHE_DIR / "photos", config.jobs) as work:
        with progress("pages", len(todo)) as advance:
            pages, problems = drawing.finish(advance)
        keys.update(pages.keys)
        clock.lap("pages")
        with progress("photos", len(work.todo)) as advance:
            photos = work.finish(advance)
        clock.lap("photos")  # the photos' time beyond the pages' (the workers start with them)
    problems += [error(job.rel, None, f"photo cannot be used: {message}") for job, message in photos.failed]
    return _Drawn(pages, keys, photos, problems)


def _make(products: tuple[Product, ...], plan: SitePlan, render: PageRenderer, drawn: _Drawn, inputs: Inputs,
          settings: Settings, jobs: int, unmade: frozenset[str]) -> dict[str, Made]:
    """Every product's make step (in `jobs` worker processes, forked here: after _draw's workers
    have ended); a fitted page's HTML replaces its first drawing."""
    resources = {**drawn.photos.files, **{a.path: a.source for a in plan.assets}}
    assets_digest = inputs.assets_digest(plan.assets)

    def workshop(product: Product) -> Workshop:
        tool = inputs.tools[product.tool].value if product.tool is not None else None
        return Workshop(drawn.pages, render, settings.root / CACHE_DIR / product.cache, settings, resources,
                        assets_digest, tool, jobs)

    made = make_products(products, plan, unmade, workshop)
    for each in made.values():
        drawn.pages.update(each.html)
    return made


def _output_files(plan: SitePlan, drawn: _Drawn, made: dict[str, Made], inputs: Inputs) -> list[OutputFile]:
    """Every file of the output; a page not drawn again is kept from the output by its key."""
    copies = {**drawn.photos.files, **{path: file for m in made.values() for path, file in m.files.items()}}
    return [
        *(_page_file(page.path, drawn) for page in plan.pages),
        *(OutputFile(path, source=cached, key=cached.name) for path, cached in copies.items()),
        *(OutputFile(asset.path, source=asset.source, key=inputs.asset_key(asset)) for asset in plan.assets),
    ]


def _page_file(path: str, drawn: _Drawn) -> OutputFile:
    """A page drawn into the spool folder is moved from there; one drawn again is held in memory."""
    spooled = drawn.pages.file(path)
    if spooled is not None:
        return OutputFile(path, source=spooled, key=drawn.keys[path], spooled=True)
    return OutputFile(path, data=drawn.pages.held.get(path), key=drawn.keys[path])


def _prune(cache_dir: Path, exemplars: tuple[Exemplar, ...], products: tuple[Product, ...],
           made: dict[str, Made]) -> None:
    """Drop cached photos that no content refers to any more (drafts' photos are kept), and each
    product's cached files that it did not keep (only products that ran know what they keep)."""
    prune_cache(cache_dir / "photos", cache_names(e.photo.digest for e in exemplars if e.photo is not None))
    keep: dict[str, set[str]] = {}
    for product in products:
        if product.name in made and product.cache:
            keep.setdefault(product.cache, set()).update(made[product.name].keep)
    for folder, names in keep.items():
        prune_cache(cache_dir / folder, names)


def _stop_on_errors(problems: list[Problem] | tuple[Problem, ...], strict: bool) -> None:
    if has_errors(problems) or (strict and problems):
        raise ContentError(problems)
