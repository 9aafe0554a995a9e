"""`publish` and `rollback`: put a finished build on the web server without ever breaking the live site.

DEST/
  releases/20261121-013512-123456/   one folder per publish (UTC time), complete before it is used
  current -> releases/...            the web server's root; switched by one atomic rename

A release is first copied into a hidden folder and renamed into place, so `current` never points
at half a site; switching `current` is a new symlink renamed over the old one (os.replace), which
readers see either before or after, never in between.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import Refused, UsageError
from .writer import MARKER

RELEASES = "releases"
CURRENT = "current"
LOCK = ".publish.lock"
NO_SYMLINKS = ("this system does not allow symbolic links (on Windows: turn on Developer Mode, or run the "
               "command as administrator); until then point the web server at the newest folder in "
               "{releases} by hand (see 'Publishing' in the README)")


@dataclass(frozen=True)
class Switched:
    """Where `current` points now, and what it pointed at before."""

    current: Path
    previous: Path | None
    removed: tuple[str, ...] = ()


def publish(out: Path, dest: Path, keep: int = 5, now: dt.datetime | None = None) -> Switched:
    """Copy a finished build into a new release and make it current; keep the newest `keep` releases."""
    _check_build(out)
    _check_dest(dest)
    with _locked(dest):
        releases = dest / RELEASES
        releases.mkdir(exist_ok=True)
        name = _release_name(releases, now or dt.datetime.now(dt.UTC))
        previous = current_release(dest)
        partial = releases / f".{name}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        _copy_release(out.resolve(), partial, previous)
        os.rename(partial, releases / name)
        _point_current(dest, releases / name)
        removed = _prune(releases, keep, keep_too={name})
        return Switched(releases / name, previous, removed)


def rollback(dest: Path) -> Switched:
    """Make the release before the current one current again."""
    _check_dest(dest)
    with _locked(dest):
        current = current_release(dest)
        if current is None:
            raise Refused(f"nothing is published in {dest} yet: there is nothing to roll back")
        older = [r for r in list_releases(dest) if r.name < current.name]
        if not older:
            raise Refused(f"{current.name} is the oldest release in {dest / RELEASES}: there is no earlier one")
        _point_current(dest, older[-1])
        return Switched(older[-1], current)


def list_releases(dest: Path) -> list[Path]:
    """Complete releases, oldest first."""
    folder = dest / RELEASES
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)


def current_release(dest: Path) -> Path | None:
    link = dest / CURRENT
    if not link.is_symlink():
        return None
    target = (dest / os.readlink(link)).resolve()
    return target if target.is_dir() else None


def _check_build(out: Path) -> None:
    if not out.is_dir():
        raise UsageError(f"{out} does not exist: run `build` first, then publish")
    if not (out / MARKER).is_file():
        raise Refused(f"{out} was not made by this tool's build (no {MARKER} file): refusing to publish it")
    if out.with_name(f".{out.name}.building").exists():
        raise Refused(f"a build of {out} is running (or was killed): build again, then publish")


def _check_dest(dest: Path) -> None:
    if not dest.is_dir():
        raise UsageError(f"{dest} does not exist: create the web server's folder first (and point the "
                         f"server's root at {dest / CURRENT})")
    link = dest / CURRENT
    if link.exists() and not link.is_symlink():
        raise Refused(f"{link} is a real folder, not the link publish makes: move it away first")


@contextmanager
def _locked(dest: Path) -> Iterator[None]:
    """One publish or rollback at a time per DEST."""
    lock = dest / LOCK
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise Refused(f"another publish or rollback is using {dest} ({lock} exists); wait for it, or delete "
                      "that file if none is running") from None
    except OSError as exc:
        raise Refused(f"cannot write in {dest}: {exc.strerror}") from None
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


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


def _prune(releases: Path, keep: int, keep_too: set[str]) -> tuple[str, ...]:
    """Delete the oldest releases beyond the newest `keep` (never the one just made current)."""
    complete = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    doomed = [name for name in complete[: max(0, len(complete) - keep)] if name not in keep_too]
    for name in doomed:
        shutil.rmtree(releases / name, ignore_errors=True)
    return tuple(doomed)
