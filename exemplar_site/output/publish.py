"""`publish` and `rollback`: put a finished build on the web server without ever breaking the live site.

DEST/
  releases/20261121-013512-123456/   one folder per publish (UTC time), complete before it is used
  current -> releases/...            the web server's root; switched by one atomic rename
  history.txt                        the releases that were live, oldest first (the last is current)

A release is first copied into a hidden folder and renamed into place, so `current` never points
at half a site; switching `current` is a new symlink renamed over the old one (os.replace), which
readers see either before or after, never in between.

`rollback` goes back along history.txt, never forward: a release rolled back away from is taken
off the history, so a later rollback cannot bring it back.

publish refuses what must not go live (drafts, a failed or killed build, products left out unless
asked for) and a DEST that is part of another (its `current`, its releases); a build that is the
live release already makes no new one. One publish or rollback at a time: see publock.py.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import Refused, UsageError
from ..settings import SETTINGS_FILE
from .places import (
    CURRENT,
    HISTORY,
    HISTORY_HEADER,
    MARKER,
    RELEASES,
    current_release,
    includes_drafts,
    left_out,
    managing,
    part_of,
)
from .publock import locked

__all__ = ["CURRENT", "HISTORY", "RELEASES", "Switched", "check_places", "current_release", "list_releases",
           "live_history", "publish", "rollback"]
NO_SYMLINKS = ("this system does not allow symbolic links (on Windows: turn on Developer Mode, or run the "
               "command as administrator); until then point the web server at the newest folder in "
               "{releases} by hand (see 'Publishing' in the README)")


@dataclass(frozen=True)
class Switched:
    """Where `current` points now, what it pointed at before, and where a `rollback` would go next."""

    current: Path
    previous: Path | None
    back: str | None = None  # the release a rollback would make current now
    removed: tuple[str, ...] = ()
    restored: bool = False  # `current` was missing and now points at the release that was live last
    unchanged: bool = False  # the build is the live release, file for file: no new release was made
    left_out: tuple[str, ...] = ()  # products the build left out (published with --partial)
    taken_over: str | None = None  # the line saying a stale lock was taken over


def publish(out: Path, dest: Path, keep: int = 5, now: dt.datetime | None = None,
            site: Path | None = None, partial: bool = False) -> Switched:
    """Copy a finished build into a new release and make it current; keep the `keep` releases
    that were live last (and so can be rolled back to), then the newest others. A build the same
    as the live release makes no new one; a build with products left out only with `partial`."""
    check_places(out, dest, site)
    _check_build(out)
    _check_dest(dest, "create the web server's folder first (and point the server's root at "
                f"{dest / CURRENT})")
    missing = left_out(out)
    if missing and not partial:
        raise Refused(f"{out} was built without its {', '.join(missing)} (--skip or --no-pdf): publishing it would "
                      f"take them off the live site; run `build` without --skip and --no-pdf, then publish, or, "
                      f"to publish it without them, `publish {dest} --partial`")
    with locked(dest) as stale:
        releases = dest / RELEASES
        releases.mkdir(exist_ok=True)
        name = _release_name(releases, now or dt.datetime.now(dt.UTC))
        history = live_history(dest)
        live = current_release(dest)
        if live is not None and same_files(out.resolve(), live):
            return Switched(live, live, _before_last(history), unchanged=True, left_out=missing, taken_over=stale)
        previous = live or (releases / history[-1] if history else None)
        copying = releases / f".{name}.partial"
        shutil.rmtree(copying, ignore_errors=True)
        _copy_release(out.resolve(), copying, previous)
        os.rename(copying, releases / name)
        _point_current(dest, releases / name)
        history.append(name)  # a publish killed before the history is written: live_history mends it
        removed = _prune(releases, keep, history)
        history = [n for n in history if n not in removed]
        _write_history(dest, history)
        return Switched(releases / name, previous, _before_last(history), removed, left_out=missing,
                        taken_over=stale)


def rollback(dest: Path) -> Switched:
    """Make the release that was live before the current one current again; when `current` is
    missing but releases exist, point it at the release that was live last."""
    _check_dest(dest, "nothing was ever published there: give the folder that `publish` was given")
    with locked(dest) as stale:
        history = live_history(dest)
        current = current_release(dest)
        if not history:
            raise Refused(f"nothing is published in {dest} yet ({dest / RELEASES} holds no release): "
                          f"there is nothing to roll back; run `build`, then `publish {dest}`")
        if current is None:
            _point_current(dest, dest / RELEASES / history[-1])
            _write_history(dest, history)
            return Switched(dest / RELEASES / history[-1], None, _before_last(history), restored=True,
                            taken_over=stale)
        if len(history) < 2:
            raise Refused(f"{current.name} is the oldest release kept in {dest / RELEASES}: there is no earlier "
                          "one to roll back to; to replace it, fix the site, `build`, then `publish` again")
        history.pop()
        _point_current(dest, dest / RELEASES / history[-1])
        _write_history(dest, history)
        return Switched(dest / RELEASES / history[-1], current, _before_last(history), taken_over=stale)


def check_places(out: Path, dest: Path, site: Path | None = None) -> None:
    """Refuse a DEST inside the build output, the site folder or another DEST (its `current`, its
    releases), and a build inside DEST's releases (exit 2, nothing touched): each would copy a folder
    into itself, publish into the live site, or publish a release again."""
    out_, dest_ = out.resolve(), dest.resolve()
    managed = managing(dest)
    if managed is not None:
        raise UsageError(f"refusing to publish into {dest}: it is {part_of(dest, managed)}, which publish manages "
                         f"itself; publish into {managed} instead: `publish {managed}` (the web server's root "
                         f"stays {managed / CURRENT})")
    if dest_.is_relative_to(out_):
        raise UsageError(f"refusing to publish into {dest}: it is inside the build output {out_}, so the site "
                         "would be copied into itself; choose a folder of the web server outside it, "
                         "such as /srv/www/honour-roll")
    if site is not None and (site / SETTINGS_FILE).is_file() and dest_.is_relative_to(site.resolve()):
        raise UsageError(f"refusing to publish into {dest}: it is inside the site folder {site.resolve()}; "
                         "choose a folder of the web server outside it, such as /srv/www/honour-roll")
    if out_.is_relative_to((dest_ / RELEASES).resolve()):
        raise UsageError(f"refusing to publish {out}: it is a release already in {dest / RELEASES}; publish "
                         f"the build (SITE/output), or run `rollback {dest}` to go back to an earlier release")


def same_files(out: Path, release: Path) -> bool:
    """The build holds exactly the files of the release, byte for byte. A file of the same size and
    time is taken as the same without reading it, as _copy_release takes it to link it."""
    def files(root: Path) -> dict[str, Path]:
        return {str(p.relative_to(root)): p for p in root.rglob("*") if not p.is_dir()}

    ours, theirs = files(out), files(release)
    if ours.keys() != theirs.keys():
        return False
    for rel, path in ours.items():
        a, b = path.stat(), theirs[rel].stat()
        if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino) or (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns):
            continue
        if a.st_size != b.st_size or not filecmp.cmp(path, theirs[rel], shallow=False):
            return False
    return True


def list_releases(dest: Path) -> list[Path]:
    """Complete releases, oldest first."""
    folder = dest / RELEASES
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)


def live_history(dest: Path) -> list[str]:
    """The releases that were live, oldest first, that still exist; the last one is (or was) current.

    Made consistent with what is on disk: a `current` switched by hand (or by a publish killed
    before it wrote the history) counts as live. Without a history file (a DEST published by an
    older version), every release up to the current one counts."""
    names = [p.name for p in list_releases(dest)]
    current = current_release(dest)
    try:
        lines = (dest / HISTORY).read_text(encoding="utf-8").splitlines()
        recorded = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    except (OSError, UnicodeDecodeError):
        recorded = [n for n in names if current is None or n <= current.name]
    history = [n for n in dict.fromkeys(recorded) if n in names]
    if current is not None and current.name in names:
        if current.name in history:
            del history[history.index(current.name) + 1:]
        else:
            history.append(current.name)
    return history


def _write_history(dest: Path, history: list[str]) -> None:
    temp = dest / f".{HISTORY}.{os.getpid()}.tmp"
    temp.write_text(HISTORY_HEADER + "".join(f"{name}\n" for name in history), encoding="utf-8")
    os.replace(temp, dest / HISTORY)


def _before_last(history: list[str]) -> str | None:
    return history[-2] if len(history) > 1 else None


def _check_build(out: Path) -> None:
    if not out.is_dir():
        raise UsageError(f"{out} does not exist: run `build` first, then publish")
    if not (out / MARKER).is_file():
        raise Refused(f"{out} was not made by this tool's build (no {MARKER} file): refusing to publish it")
    if includes_drafts(out):
        raise Refused(f"{out} includes drafts (草稿) that are not approved: it was built with --drafts, or it is "
                      "serve's preview, and drafts must never go on the server; run `build` without --drafts, "
                      "then publish")
    if out.with_name(f".{out.name}.building").exists():
        raise Refused(f"a build of {out} is running (or was killed): build again, then publish")


def _check_dest(dest: Path, advice: str) -> None:
    if not dest.is_dir():
        raise UsageError(f"{dest} does not exist: {advice}")
    link = dest / CURRENT
    if link.exists() and not link.is_symlink():
        raise Refused(f"{link} is a real folder, not the link publish makes: move it away first")


def _release_name(releases: Path, now: dt.datetime) -> str:
    name = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    while (releases / name).exists():  # two publishes in one microsecond: keep the order anyway
        name += "x"
    return name


def _copy_release(out: Path, target: Path, previous: Path | None) -> None:
    """Copy the build; files unchanged since the previous release are hard links to it (as rsync
    --link-dest does), so five releases of a large site cost little more room than one."""
    for folder, folders, files in os.walk(out):
        folders.sort()
        rel = Path(folder).relative_to(out)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            source = Path(folder) / name
            if _linked_from(previous / rel / name if previous else None, source, target / rel / name):
                continue
            shutil.copy2(source, target / rel / name)


def _linked_from(old: Path | None, source: Path, target: Path) -> bool:
    if old is None:
        return False
    try:
        a, b = old.stat(), source.stat()
        if (a.st_size, a.st_mtime_ns) != (b.st_size, b.st_mtime_ns):
            return False
        os.link(old, target)
        return True
    except OSError:
        return False


def _point_current(dest: Path, release: Path) -> None:
    """Swap the `current` link in one rename: a new link beside it, then os.replace over it."""
    link = dest / CURRENT
    temp = dest / f".{CURRENT}.{os.getpid()}.tmp"
    temp.unlink(missing_ok=True)
    try:
        os.symlink(Path(RELEASES) / release.name, temp, target_is_directory=True)
    except OSError as exc:
        raise Refused(NO_SYMLINKS.format(releases=dest / RELEASES)) from exc
    os.replace(temp, link)


def _prune(releases: Path, keep: int, history: list[str]) -> tuple[str, ...]:
    """Keep `keep` releases: those live last (what rollback goes back to), then the newest others."""
    complete = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    kept = list(dict.fromkeys(history[-keep:]))
    kept += [name for name in reversed(complete) if name not in kept][: max(0, keep - len(kept))]
    doomed = [name for name in complete if name not in kept]
    for name in doomed:
        shutil.rmtree(releases / name, ignore_errors=True)
    return tuple(doomed)
