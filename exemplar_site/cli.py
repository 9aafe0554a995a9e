"""The command line: parse options, call the pipeline, show problems; nothing else."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import builder
from .commands.console import ending_on_sigterm, progress_bars, progress_lines, run_action, show_problems
from .commands.report import make_report, report_lines
from .content.keys import describe
from .errors import ContentError, Refused, UsageError, sort_problems
from .options import BUILD_OPTIONS, MAX_JOBS, skip_of
from .products import PRODUCTS, skippable
from .result import build_summary, count, tally
from .settings import Settings, load_settings

if TYPE_CHECKING:  # the other commands' modules are imported by their command: a build needs none of them
    from http.server import ThreadingHTTPServer

    from .commands.importer import ImportResult
    from .output.publish import Switched

_FOLDER = click.Path(file_okay=False, path_type=Path)
# What click needs beyond options.py's definitions: the types and defaults of the values.
_BUILD_CLICK: dict[str, dict[str, Any]] = {
    "--site": {"type": _FOLDER, "default": Path("."), "show_default": True},
    "--out": {"type": _FOLDER, "default": None},
    "--jobs": {"type": click.IntRange(1, MAX_JOBS), "default": None},
}


def _option(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A click option made of its definition in options.py."""
    option = next(o for o in BUILD_OPTIONS if o.name == name)
    settings: dict[str, Any] = {"help": option.help.format(choices=", ".join(skippable(PRODUCTS))),
                                **_BUILD_CLICK.get(name, {})}
    if option.value is None:
        settings["is_flag"] = True
    else:
        settings["metavar"] = option.value
        settings["multiple"] = option.many
    return click.option(name, **settings)


def _build_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Every option of `build`, in the order options.py gives them."""
    for option in reversed(BUILD_OPTIONS):
        command = _option(option.name)(command)
    return command


site_option = _option("--site")
strict_option = _option("--strict")


def _settings(site: Path) -> Settings:
    """The site's settings, or the exception that says why there are none."""
    if not (site / "site.toml").is_file():
        raise UsageError(f"{site.resolve()} has no site.toml: run this in a site folder or pass --site DIR")
    settings, problems = load_settings(site)
    if settings is None:
        raise ContentError(problems)
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
def main(debug: bool) -> None:
    """Build the honour roll (光荣榜) of exemplars from one Markdown file per exemplar."""


@main.command()
@_build_options
@click.pass_context
def build(ctx: click.Context, site: Path, out: Path | None, strict: bool, drafts: bool, jobs: int | None,
          skip: tuple[str, ...], no_pdf: bool, timings: bool) -> None:
    """Check the content and build the site, its posters, boards and booklets."""
    config = builder.BuildConfig(site=site, out=out, strict=strict, drafts=drafts,
                                 jobs=jobs or os.cpu_count() or 1, skip=skip_of(skip, no_pdf))
    progress = progress_bars if sys.stderr.isatty() else progress_lines
    with ending_on_sigterm():
        result = run_action(ctx, lambda: builder.build(config, progress))
    show_problems(result.problems)
    for line in build_summary(result, timings):
        click.echo(line)


@main.command()
@site_option
@strict_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the report and every problem as JSON on standard output (UTF-8), for other tools.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Write the report and every problem into FILE (UTF-8) instead of showing them.")
@click.pass_context
def check(ctx: click.Context, site: Path, strict: bool, fmt: str, output: Path | None) -> None:
    """Check every content file, report all problems and what needs doing; write nothing."""
    from .print.check import check_print

    config = builder.BuildConfig(site=site, strict=strict)
    if fmt == "json":  # a site.toml that cannot be read is still reported as JSON
        loaded = run_action(ctx, lambda: _json_on_failure(lambda: builder.load_site(config), output))
    else:
        loaded = run_action(ctx, lambda: builder.load_site(config))
    settings = loaded.settings
    problems = sort_problems([*loaded.problems, *run_action(ctx, lambda: check_print(settings, loaded.exemplars))])
    report = make_report(loaded.exemplars, problems, [c.name for c in settings.categories],
                         settings.levels, config.today)
    failed = report.errors > 0 or (strict and report.warnings > 0)
    ending = f"failed: {tally(problems)}" if failed else \
        f"checked {count(len(loaded.exemplars), 'exemplar')}: {tally(problems)}"
    if fmt == "json":
        run_action(ctx, lambda: _write_out(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), output))
    elif output is not None:
        lines = [*(p.format() for p in problems), *report_lines(report), ending]
        run_action(ctx, lambda: _write_out("\n".join(lines), output))
    else:
        show_problems(problems)
        for line in report_lines(report):
            click.echo(line)
        click.echo(ending, err=failed)
    if output is not None:
        click.echo(f"wrote the report to {output}; {ending}", err=failed)
    ctx.exit(1 if failed else 0)


def _write_out(text: str, output: Path | None) -> None:
    """The report in UTF-8 whatever the console's encoding: into FILE, else as bytes on standard output."""
    if output is None:
        click.echo((text + "\n").encode("utf-8"), nl=False)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the report to {output}: {exc.strerror or exc}") from None


def _json_on_failure(action: Callable[[], Any], output: Path | None) -> Any:
    """Run the action; when the site cannot be checked at all, print its problems as JSON first."""
    try:
        return action()
    except ContentError as exc:
        errors = sum(p.is_error for p in exc.problems)
        _write_out(json.dumps({"exemplars": 0, "errors": errors, "warnings": len(exc.problems) - errors,
                               "problems": [asdict(p) for p in exc.problems]}, ensure_ascii=False, indent=2), output)
        raise


@main.command()
@click.argument("name")
@click.option("--category", required=True, help="One of the categories in site.toml.")
@click.option("--unit", default="", help=f"The exemplar's {describe('unit')}.")
@click.option("--year", default=None, help="The roll's year: 2025 or 2025年 (default: site.toml's year or this year).")
@click.option("--type", "kind", default="person", show_default=True,
              help="person (个人) or collective (集体), in English or Chinese.")
@site_option
@click.pass_context
def new(ctx: click.Context, name: str, category: str, unit: str, year: str | None, kind: str, site: Path) -> None:
    """Create content/<slug>.md for a new exemplar, as a draft, ready to fill in."""
    from .commands.new import NEW_STATUS, PUBLISH_STATUS, new_exemplar

    path = run_action(ctx, lambda: new_exemplar(_settings(site), name, category, unit, year, kind))
    click.echo(f"created {path}: a draft (status: {NEW_STATUS}), shown only by `serve` and `build --drafts`")
    if not unit.strip():
        click.echo(f"fill in the {describe('unit')} on its line `unit:` before the next build: the unit is required, "
                   "even in a draft")
    click.echo(f"to publish it once it is filled in and approved, change its line `status: {NEW_STATUS}` "
               f"to `status: {PUBLISH_STATUS}`")


@main.command("import")
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--photos", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with the photos (default: the spreadsheet's folder); only files in it are taken.")
@site_option
@click.pass_context
def import_(ctx: click.Context, sheet: Path, photos: Path | None, site: Path) -> None:
    """Import the recommendation spreadsheet (推荐表, .xlsx, .csv or Unicode .txt): one draft file per row."""
    from .commands.importer import import_rows

    result: ImportResult = run_action(ctx, lambda: import_rows(_settings(site), sheet, photos, dt.date.today()))
    show_problems(result.problems)
    for path in result.created:
        click.echo(f"created {path}")
    click.echo(f"imported {sheet.name}: {count(len(result.created), 'file')} created (status: draft), "
               f"{result.skipped:,} already there, {count(result.failed, 'row')} failed")
    ctx.exit(1 if result.failed or any(p.is_error for p in result.problems) else 0)


@main.command()
@site_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Where to listen; only this computer by default. 0.0.0.0 lets others on the network see it.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_context
def serve(ctx: click.Context, site: Path, host: str, port: int) -> None:
    """Preview the site (with drafts): rebuild on every save and reload the browser by itself."""
    from .commands.serve import Preview, make_server, watch

    preview = Preview(site, log=lambda line: click.echo(line, err=True),
                      debug=bool(ctx.find_root().params.get("debug")))

    def start() -> ThreadingHTTPServer:
        _settings(site)
        server = make_server(preview, host, port)
        preview.rebuild()
        return server

    server = run_action(ctx, start)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, stop), daemon=True)
    watcher.start()
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other computers can see the preview, drafts included", err=True)
    shown = "localhost" if host == "127.0.0.1" else f"[{host}]" if ":" in host else host
    click.echo(f"previewing {site.resolve()} at http://{shown}:{port}/ "
               "(drafts shown; Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=5)


@main.command(name="publish")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--keep", type=click.IntRange(1, 100), default=5, show_default=True,
              help="How many releases to keep in DEST/releases (the ones rollback can go back to first).")
@site_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The build to publish (default: SITE/output; never a --drafts build).")
@click.option("--partial", is_flag=True,
              help="Publish a build made with --skip or --no-pdf: the live site then lacks what it left out.")
@click.pass_context
def publish_(ctx: click.Context, dest: Path, keep: int, site: Path, out: Path | None, partial: bool) -> None:
    """Publish the last successful build to DEST/releases/<time> and switch DEST/current to it."""
    from .output import publish
    from .output.writer import build_failure

    config = builder.BuildConfig(site=site, out=out)

    def run_publish() -> Switched:
        publish.check_places(config.out_dir, dest, site)
        failure = build_failure(config.out_dir)
        if failure is not None and failure.startswith("failed"):
            raise Refused(f"the last build of {site.resolve()} {failure}, so {config.out_dir.resolve()} is an older "
                          "site: fix the problems, build again, then publish")
        if failure is not None:
            raise Refused(f"the last build of {site.resolve()} {failure}, so {config.out_dir.resolve()} may be an "
                          "older site: build again (after the one running, if any), then publish")
        return publish.publish(config.out_dir, dest, keep, site=site, partial=partial)

    switched = run_action(ctx, run_publish)
    if switched.taken_over:
        click.echo(f"warning: {switched.taken_over}", err=True)
    if switched.unchanged:
        click.echo(f"nothing to publish: {config.out_dir.resolve()} holds the same files as the live release "
                   f"{switched.current.name}; {dest / publish.CURRENT} still points to it (no new release made)")
        return
    for name in switched.removed:
        click.echo(f"removed old release {name}")
    if switched.back:
        back = f"`rollback {dest}` goes back to {switched.back}"
    elif switched.previous:
        back = f"no earlier release is kept (--keep {keep}): `rollback` has nothing to go back to"
    else:
        back = "the first release: `rollback` has nothing to go back to yet"
    click.echo(f"published {switched.current}; {dest / publish.CURRENT} points to it ({back})")
    if switched.left_out:
        click.echo(f"warning: published with --partial: the live site has no {', '.join(switched.left_out)} "
                   "now (the build left them out); build without --skip and --no-pdf and publish again to put "
                   "them back", err=True)


@main.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def rollback(ctx: click.Context, dest: Path) -> None:
    """Switch DEST/current back to the release that was live before it."""
    from .output import publish

    switched = run_action(ctx, lambda: publish.rollback(dest))
    if switched.taken_over:
        click.echo(f"warning: {switched.taken_over}", err=True)
    further = (f"`rollback {dest}` again goes back to {switched.back}" if switched.back
               else "there is no earlier release to roll back to")
    if switched.restored:
        click.echo(f"{dest / publish.CURRENT} was missing or led nowhere (deleted by hand?) although releases are "
                   f"in {dest / publish.RELEASES}: it points again to {switched.current.name}, the latest release "
                   f"that was live; {'if that release is the one to take down, ' * bool(switched.back)}{further}")
        return
    click.echo(f"rolled back: {dest / publish.CURRENT} points to {switched.current.name} again "
               f"(was {switched.previous.name}, which a later rollback never brings back); {further}")


def run() -> None:
    """Entry point for `python build.py` and the `exemplar-site` script."""
    script = os.path.basename(sys.argv[0])
    main(prog_name=f"python {script}" if script.endswith(".py") else "exemplar-site")
