"""The entry point (`python -m exemplar_site`, `build.py`, the `exemplar-site` script): a plain `build`
with nothing changed since the last one is answered from its stamp (output/stamp.py) in a few
milliseconds, before the command line and the pipeline are imported; everything else, and any doubt,
goes to the real command line (cli.py).

Standard library only, like the stamp: importing click alone costs more than the whole answer.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from .output.lock import lock_if_free
from .output.stamp import CACHE_DIR, read_answer, with_seconds

BUILD = "build"
GROUP_FLAGS = ("--debug",)  # of the group, before the command; they change nothing a good build shows
FLAGS = ("--strict", "--drafts", "--no-pdf")  # of `build`; any other option (--timings, --help) goes to cli.py
VALUES = ("--site", "--out", "--jobs")
MAX_JOBS = 64  # as cli.py's --jobs allows


def run() -> None:
    """Answer an unchanged build at once, or run the command line."""
    started = time.perf_counter()
    try:
        code = answer_unchanged(sys.argv[1:], started)
    except Exception:  # noqa: BLE001 - any doubt: the real build decides, and says what is wrong
        code = None
    if code is not None:
        sys.exit(code)
    from .cli import run as run_cli

    run_cli()


def answer_unchanged(argv: list[str], started: float | None = None) -> int | None:
    """Show what a build with nothing changed shows and return its exit status; None when these
    arguments are not such a build, or anything changed, or a build is running."""
    options = parse_build(argv)
    if options is None:
        return None
    site = Path(options.get("--site", "."))
    out = Path(options["--out"]) if "--out" in options else site / "output"
    cache = site / CACHE_DIR
    if not os.path.isdir(cache):
        return None
    with lock_if_free(cache) as free:
        if not free:
            return None  # another build runs: the real build waits for it
        answer = read_answer(site, out, drafts="--drafts" in options, pdf="--no-pdf" not in options,
                             strict="--strict" in options)
    if answer is None:
        return None
    problems, summary = answer
    seconds = time.perf_counter() - started if started is not None else 0.0
    err = "".join(f"{line}\n" for line in problems)
    text = "".join(f"{line}\n" for line in with_seconds(summary, seconds))
    try:  # as click.echo writes them, or not at all when they cannot be written so
        err.encode(sys.stderr.encoding or "utf-8")
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeError, LookupError):
        return None
    sys.stderr.write(err)
    sys.stderr.flush()
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def parse_build(argv: list[str]) -> dict[str, str] | None:
    """The options of `[--debug] build [OPTIONS]` as click would read them (flags map to ''), or
    None for anything else: another command, --help, --timings, a repeated or unknown option, a
    value click would refuse."""
    args = list(argv)
    while args and args[0] in GROUP_FLAGS:
        args.pop(0)
    if not args or args.pop(0) != BUILD:
        return None
    options: dict[str, str] = {}
    while args:
        arg = args.pop(0)
        name, equals, value = arg.partition("=")
        if name in options:
            return None
        if name in FLAGS and not equals:
            options[name] = ""
        elif name in VALUES:
            if not equals:
                if not args:
                    return None
                value = args.pop(0)
            if not value or value.startswith("-"):
                return None
            options[name] = value
        else:
            return None
    jobs = options.get("--jobs")
    if jobs is not None and not (jobs.isascii() and jobs.isdigit() and 1 <= int(jobs) <= MAX_JOBS):
        return None
    return options
