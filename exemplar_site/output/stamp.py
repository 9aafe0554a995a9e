"""The stamp of the last successful build into an output folder: what the build read, what it wrote
and what it said, so that a build with nothing changed answers at once (start.py), before importing
anything that only a real build needs.

Standard library only, and light: it runs before the command line is even loaded. A stamp is trusted
only when everything it recorded is found again exactly: the options and today's date, the environment
a build depends on, the Python that ran it, the stat of every input file and folder (site.toml, all of
content/ and templates/, the photos and fonts named, the default theme and this program's own files,
the folders the dependencies are installed in), and the output folder file by file, with no note of a
failed build beside it. Any difference, any doubt, means a real build. A file's signature has its
ctime, which no program can set back, so a file rewritten with the same size and time is still seen.

A build that ran while an input changed may have read the old bytes: a build whose inputs changed
after it started (or too shortly before, for file systems with coarse clocks) writes no stamp.
"""

from __future__ import annotations

import json
import math
import os
import stat
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

from .. import DEFAULT_THEME
from ..uptodate import CACHE_DIR, PACKAGE, now_ns, settled, signature

__all__ = ["CACHE_DIR", "failure_note", "read_answer", "stamp_path", "with_seconds", "write_stamp"]

FORMAT = 2  # of the stamp file; another format is simply not trusted
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "HOME", "USERPROFILE")  # read by builds
SECONDS = math.nan  # the summary is stored with these seconds, shown as "nan", replaced by the check's own
_TOOK = f" in {SECONDS:.1f} s"  # how commands/report.py's build_summary shows SECONDS


def stamp_path(site: Path, out: Path) -> Path:
    """Where the stamp of builds of `site` into `out` is kept (gone with .cache, like every cache)."""
    name = os.path.realpath(out)
    return site / CACHE_DIR / f"unchanged-{zlib.crc32(os.fsencode(name)):08x}.json"


def failure_note(out: Path) -> Path:
    """The note beside the output that the latest build into it failed (written by output/writer.py)."""
    out = Path(os.path.realpath(out))
    return out.with_name(f".{out.name}.failed")


def write_stamp(config: object, settings: object, photos: Iterable[Path],
                manifest: dict[str, tuple[str, tuple[int, ...] | None]], result: object) -> None:
    """Record a successful build; called by the builder while it holds the build lock.

    `config` is the BuildConfig, `photos` the photo files the content named, `manifest` the output's
    manifest (path -> (key, stat)) that the output must agree with, and `result` the BuildResult,
    recorded as a build with nothing changed shows it (None: a build that the command line would not
    make, so that only the older stamp is removed).
    """
    from ..atomic import write_atomically  # the writing side runs in a real build: these imports cost nothing there
    from ..result import build_summary

    site, out = config.site, config.out_dir
    photos = list(photos)
    files = [site / "site.toml", *photos, *(site / font for font in settings.print.fonts)]
    path = stamp_path(site, out)
    path.unlink(missing_ok=True)  # first: a build that cannot be stamped leaves no older stamp behind
    if result is None or not result.complete:
        return  # the next build tries the missing files again
    started = now_ns() - int(result.seconds * 1e9)
    inputs = snapshot_inputs(site, settings, photos)
    if any(sig is not None and not settled(sig, started) for sig in inputs.values()):
        return  # changed while the build ran (or too shortly before it): which bytes it read is not known
    if any(inputs[os.path.abspath(file)] is None for file in files):
        return  # gone since it was read (or a font named but missing: a build that warns is checked again)
    output = snapshot_output(out)
    written = {rel: tuple(sig) if sig else None for rel, (_, sig) in manifest.items()}
    if output is None or written != {rel: tuple(sig) for rel, sig in output.items() if not stat.S_ISDIR(sig[0])}:
        return  # the output is not exactly what the build wrote
    unchanged = result.unchanged(SECONDS)  # as builder.py's up-to-date branch shows it
    problems = result.problems
    stamp = {"format": FORMAT, "key": options_key(site, out, config.drafts, config.skip,
                                                  config.today.isoformat()),
             "inputs": inputs, "output": output, "problems": [p.format() for p in problems],
             "warnings": len(problems), "summary": build_summary(unchanged)}
    try:
        write_atomically(path, json.dumps(stamp, separators=(",", ":")).encode())
    except OSError:
        pass  # no stamp: the next build is a real one, nothing worse


def read_answer(site: Path, out: Path, drafts: bool, skip: Iterable[str],
                strict: bool) -> tuple[list[str], list[str]] | None:
    """The problem lines and the summary (its seconds left to `with_seconds`) that a build would show
    now, if nothing changed since the stamp was written; None when anything did (or is not known), so
    that a real build runs."""
    try:
        with open(stamp_path(site, out), "rb") as handle:
            stamp = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    today = time.strftime("%Y-%m-%d")  # as datetime.date.today().isoformat(), without importing datetime
    if (stamp.get("format") != FORMAT or stamp.get("key") != options_key(site, out, drafts, skip, today)
            or (strict and stamp.get("warnings") != 0) or os.path.lexists(failure_note(out))
            or stamp.get("output") != snapshot_output(out)
            or stamp.get("inputs") != snapshot_inputs(site, None, (), stamp.get("inputs"))):
        return None
    problems, summary = stamp["problems"], stamp["summary"]
    if sum(line.endswith(_TOOK) for line in summary) != 1 or any("\x1b" in line for line in [*problems, *summary]):
        return None  # a summary of another shape, or escapes that click would strip: let click say it
    return problems, summary


def with_seconds(summary: list[str], seconds: float) -> list[str]:
    """The summary read from a stamp, with the seconds this build took."""
    return [f"{line[:-len(_TOOK)]} in {seconds:.1f} s" if line.endswith(_TOOK) else line for line in summary]


def options_key(site: Path, out: Path, drafts: bool, skip: Iterable[str], today: str) -> dict[str, object]:
    """Everything besides the files that decides what a build makes and says."""
    return {"site": os.path.realpath(site), "out": os.path.realpath(out), "drafts": drafts, "skip": sorted(skip),
            "today": today, "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
            "python": [sys.executable, sys.version, sys.path[1:]]}  # [0]: the entry point's folder or the current one


def snapshot_inputs(site: Path, settings: object, photos: Iterable[Path],
                    recorded: dict[str, object] | None = None) -> dict[str, list[int] | None]:
    """The signature of every input: the folders a build reads (whole), the folders Python imports
    from, and single files: site.toml, the photos, the fonts. Writing, the single files come from the
    settings and the photos; checking, from the stamp's record (`recorded`)."""
    found: dict[str, list[int] | None] = {}
    seen: set[tuple[int, int]] = set()
    for root in (site / "content", site / "templates", DEFAULT_THEME, PACKAGE):
        _tree(os.path.abspath(root), found, seen)
    # the folders the dependencies come from: installing or removing a package changes them (the first
    # entry is the script's folder or the current one, which builds themselves change)
    for entry in sys.path[1:]:
        found[f"sys.path {entry}"] = _signature(entry or ".")  # as written: some are no folder at all
    if recorded is not None:
        for name in recorded:  # the single files recorded: site.toml, the photos, the fonts
            if name not in found:
                found[name] = _signature(name)
        return found
    fonts = settings.print.fonts
    for file in (site / "site.toml", *photos, *(site / font for font in fonts),
                 *(Path(os.path.realpath(site / font)) for font in fonts)):
        name = os.path.abspath(file)
        found.setdefault(name, _signature(name))
    return found


def snapshot_output(out: Path) -> dict[str, list[int]] | None:
    """Every file and folder of the output (by path relative to it) with its signature; None when
    there is no output folder."""
    root = os.path.realpath(out)
    found: dict[str, list[int] | None] = {}
    _tree(root, found, set(), ctime=False, base=root)
    return found if all(found.values()) else None


def _tree(folder: str, found: dict[str, list[int] | None], seen: set[tuple[int, int]], ctime: bool = True,
          base: str | None = None) -> None:
    """Add the signatures of a folder and of everything under it (links to folders followed once)."""
    signature = _signature(folder, ctime)
    found.setdefault(_name(folder, base), signature)
    if signature is None or (signature[5], signature[4]) in seen:
        return
    seen.add((signature[5], signature[4]))
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name == "__pycache__":  # Python writes these itself, whenever it imports
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            _tree(entry.path, found, seen, ctime, base)
        else:
            found[_name(entry.path, base)] = _signature(entry.path, ctime)


def _name(path: str, base: str | None) -> str:
    """A path as recorded: absolute for inputs, relative with '/' (as in the manifest) for the output.
    Everything under `base` was found by joining names to it, so its name is what follows it."""
    if base is None:
        return path
    rel = path[len(base) + 1:] or "."
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


def _signature(path: str, ctime: bool = True) -> list[int] | None:
    """A file's or folder's signature (uptodate.signature) as JSON keeps it."""
    sig = signature(path, ctime)
    return list(sig) if sig is not None else None
