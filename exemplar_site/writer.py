"""The one writer: puts a complete new site in place of the old one, or leaves the old one alone.

The new site is assembled in a sibling staging folder, then swapped in by renames. Files whose
bytes did not change are hard-linked from the previous output, so their modification times stay
and an rsync to the server copies nothing.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

MARKER = ".exemplar-site"
MARKER_TEXT = "This folder is made by exemplar_site; a build replaces all of it.\n"


@dataclass(frozen=True)
class OutputFile:
    """One file of the output: its bytes, or a file (e.g. a cached photo) to copy."""

    path: str
    data: bytes | None = None
    source: Path | None = None


def check_output_dir(out: Path, site: Path) -> None:
    """Refuse output folders a build must never replace (exit 2, nothing touched)."""
    out, site = out.resolve(), site.resolve()
    forbidden = {Path("/").resolve(), Path.home().resolve(), site / "content", site / "templates"}
    if out in forbidden or site.is_relative_to(out):
        raise UsageError(f"refusing to write the site into {out}: choose a folder of its own, "
                         f"such as {site / 'output'}")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder: choose another --out")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()):
        raise UsageError(f"{out} is not empty and was not made by this tool; refusing to replace "
                         "it: choose an empty or new folder with --out")


def write_output(out: Path, files: Iterable[OutputFile]) -> None:
    """Write all files as one new output folder, swapped in for the old one."""
    files = [*files, OutputFile(MARKER, data=MARKER_TEXT.encode())]
    _refuse_duplicates(files)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = out.with_name(f".{out.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for file in files:
            _place(file, staging, out)
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _refuse_duplicates(files: list[OutputFile]) -> None:
    seen: set[str] = set()
    for file in files:
        key = file.path.lower()  # also refuse paths that collide on Windows and macOS
        if key in seen:
            raise ValueError(f"the build planned {file.path} twice")
        seen.add(key)


def _place(file: OutputFile, staging: Path, old_root: Path) -> None:
    target = staging / file.path
    target.parent.mkdir(parents=True, exist_ok=True)
    old = old_root / file.path
    if old.is_file() and _same(old, file):
        try:
            os.link(old, target)
            return
        except OSError:
            shutil.copy2(old, target)
            return
    if file.data is not None:
        target.write_bytes(file.data)
    elif file.source is not None:
        shutil.copyfile(file.source, target)
    else:
        raise ValueError(f"{file.path} has neither data nor a source")


def _same(old: Path, file: OutputFile) -> bool:
    if file.data is not None:
        return old.stat().st_size == len(file.data) and old.read_bytes() == file.data
    return file.source is not None and filecmp.cmp(old, file.source, shallow=False)


def _swap(staging: Path, out: Path) -> None:
    retired = out.with_name(f".{out.name}.previous")
    shutil.rmtree(retired, ignore_errors=True)
    if out.exists():
        os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def _recover(out: Path) -> None:
    """After an interrupted swap, put the previous complete site back before anything else."""
    retired = out.with_name(f".{out.name}.previous")
    if retired.is_dir():
        if out.exists():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(retired, out)
