"""How a command ends and what it shows while it runs: problem lines, exit statuses for every
expected failure (bad content 1, wrong usage 2, a bug 3, a closed terminal 129, Ctrl+C 130, `kill`
143), and progress bars."""

from __future__ import annotations

import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..errors import ContentError, Problem, Refused, UsageError
from ..result import tally


def show_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Each problem as one line on standard error."""
    for problem in problems:
        click.echo(problem.format(), err=True)


def run_action(ctx: click.Context, action: Callable[[], Any]) -> Any:
    """Run an action and turn every expected failure into lines and an exit status."""
    try:
        return action()
    except ContentError as exc:
        show_problems(exc.problems)
        click.echo(f"failed: {tally(exc.problems)}; nothing was written", err=True)
        ctx.exit(1)
    except UsageError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    except Refused as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(1)
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        try:  # after SIGHUP the terminal may be gone: the exit status and the failure note still tell
            click.echo(f"stopped ({ENDING_SIGNALS.get(name, 'the build was asked to end')}); the previous output "
                       "is unchanged", err=True)
        except OSError:
            pass
        ctx.exit(128 + exc.signum)
    except KeyboardInterrupt:
        click.echo("interrupted; the previous output is unchanged", err=True)
        ctx.exit(130)
    except Exception as exc:  # a bug: say so briefly, show the traceback only when asked
        if ctx.find_root().params.get("debug"):
            traceback.print_exc()
        click.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details, "
                   "and please report it)", err=True)
        ctx.exit(3)


class Terminated(BaseException):
    """SIGTERM (`kill PID`) or SIGHUP (the terminal closed, an SSH connection dropped) arrived: the
    build ends as after Ctrl+C, its photo workers with it."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum


# The signals that end a build cleanly, and how the message names them.
ENDING_SIGNALS = {"SIGTERM": "the build was asked to end", "SIGHUP": "the terminal was closed: SIGHUP"}


@contextmanager
def ending_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into Terminated for the block, so the build cleans up and says it stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Terminated(signum)

    numbers = [getattr(signal, name) for name in ENDING_SIGNALS if hasattr(signal, name)]  # no SIGHUP on Windows
    previous = {number: signal.signal(number, stop) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def progress_bars(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on the terminal (stderr) for a stage with enough work to wait for."""
    if total < 20:
        yield lambda done: None
        return
    with click.progressbar(length=total, label=f"{label:<7}", file=sys.stderr, width=30) as bar:
        yield bar.update


@contextmanager
def progress_lines(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """Where standard error is no terminal (a log file, a scheduled task): a line when a stage with enough
    work starts and one when it ends, so that a long build is never silent."""
    if total < 20:
        yield lambda done: None
        return
    started = time.monotonic()
    click.echo(f"{label}: {total:,} to do", err=True)
    yield lambda done: None
    click.echo(f"{label}: done in {time.monotonic() - started:.1f} s", err=True)
