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

from .options import parse_build, skip_of
from .output.lock import lock_if_free
from .output.stamp import CACHE_DIR, read_answer, with_seconds


def run() -> None:
    """Answer an unchanged build at once, or run the command line."""
    started = time.perf_counter()
    escape_unshowable()
    try:
        code = answer_unchanged(sys.argv[1:], started)
    except Exception:  # noqa: BLE001 - any doubt: the real build decides, and says what is wrong
        code = None
    if code is not None:
        sys.exit(code)
    from .cli import run as run_cli

    run_cli()


def escape_unshowable() -> None:
    """Characters the console or a redirected file's encoding cannot show (𠀀 or 👍 in cp936, on Chinese
    Windows) are written as escapes such as \\U0001f44d, never a crash (stderr already does so)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def answer_unchanged(argv: list[str], started: float | None = None) -> int | None:
    """Show what a build with nothing changed shows and return its exit status; None when these
    arguments are not such a build, or anything changed, or a build is running."""
    options = parse_build(argv)
    if options is None:
        return None
    site = Path(options.get("--site", ["."])[0])
    out = Path(options["--out"][0]) if "--out" in options else site / "output"
    cache = site / CACHE_DIR
    if not os.path.isdir(cache):
        return None
    with lock_if_free(cache) as free:
        if not free:
            return None  # another build runs: the real build waits for it
        skip = skip_of(options.get("--skip", []), "--no-pdf" in options)
        answer = read_answer(site, out, drafts="--drafts" in options, skip=skip, strict="--strict" in options)
    if answer is None:
        return None
    problems, summary = answer
    seconds = time.perf_counter() - started if started is not None else 0.0
    err = "".join(f"{line}\n" for line in problems)
    text = "".join(f"{line}\n" for line in with_seconds(summary, seconds))
    try:  # as click.echo writes them (escaped where the streams say so), or not at all when they cannot be
        err.encode(sys.stderr.encoding or "utf-8", sys.stderr.errors or "strict")
        text.encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict")
    except (UnicodeError, LookupError):
        return None
    sys.stderr.write(err)
    sys.stderr.flush()
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0
