"""The one writer: puts a complete new site in place of the old one, or leaves the old one alone.

The new site is assembled in a sibling staging folder, then swapped in by renames. A note beside
the output (.OUT.failed) says its build did not succeed: written when a build starts, removed only
when it succeeds, so that even a build killed without warning leaves it. Files whose
bytes did not change are hard-linked from the previous output, so their modification times stay
and an rsync to the server copies nothing. A manifest (kept in the site's cache) records what
made each output file; a file whose maker is unchanged and whose stat still matches is known
without reading it, and a build where nothing changed touches nothing at all.
"""

from __future__ import annotations

import ctypes
import filecmp
import os
import pickle
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import write_atomically
from ..cache import code_digest, digest
from ..errors import UsageError
from ..uptodate import signature
from .places import MARKER, marker_text
from .stamp import failure_note

NOTE_START = "the latest build into {name} "  # then how it ended

@dataclass(frozen=True)
class OutputFile:
    """One file of the output: its bytes, a file (e.g. a cached photo) to copy, or neither when the
    manifest says the file already in the output was made from the same `key`."""

    path: str
    data: bytes | None = None
    source: Path | None = None
    key: str = ""
    spooled: bool = False  # `source` is this build's own file (a drawn page): moved into place, not copied


class Manifest:
    """For each file in an output folder: the key it was made from and its stat when written."""

    def __init__(self, record: Path | None, out: Path):
        self.record, self.out = record, out
        self.entries: dict[str, tuple[str, tuple[int, ...] | None]] = {}
        self.note: Any = None  # what the build that wrote the folder says about itself
        self._seen: dict[str, bool] = {}
        if record is not None:
            try:
                saved = pickle.loads(record.read_bytes())
                if saved.get("code") == code_digest() and saved.get("out") == str(out):
                    self.entries, self.note = saved["entries"], saved["note"]
            except Exception:  # noqa: BLE001 - a missing or damaged manifest means "nothing is known"
                self.entries, self.note = {}, None

    @classmethod
    def for_output(cls, out: Path, cache_dir: Path) -> Manifest:
        return cls(cache_dir / f"{output_name(out)}.pickle", out.resolve())

    def holds(self, path: str) -> bool:
        """The output has a file at this path, recorded with the key it was made from."""
        return path in self.entries

    def unchanged(self, path: str, key: str) -> bool:
        """The output already holds this file, made from this key, untouched since."""
        entry = self.entries.get(path)
        if not key or entry is None or entry[0] != key:
            return False
        if path not in self._seen:  # stat each file once per build
            self._seen[path] = _written(self.out / path) == entry[1]
        return self._seen[path]

    def intact(self) -> bool:
        """Every file recorded is in the output as it was written, and nothing else is."""
        return bool(self.entries) and all(self.unchanged(path, key) for path, (key, _) in self.entries.items()) \
            and _holds_only(self.out, set(self.entries))

    def save(self, entries: dict[str, tuple[str, tuple[int, ...] | None]], note: Any) -> None:
        self.entries, self.note, self._seen = entries, note, {}
        if self.record is None:
            return
        self.record.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.record, pickle.dumps({"code": code_digest(), "out": str(self.out),
                                                    "entries": entries, "note": note}))


def output_name(out: Path) -> str:
    """A name for an output folder, for the records kept about it in the site's cache."""
    return f"output-{digest(str(out.resolve()))[:16]}"


def note_started(out: Path) -> None:
    """Record beside an existing output folder that a build into it has started: until it succeeds,
    the output is known to be an older site, even when the build is killed without a chance to say so."""
    _note(out, f"did not finish (it was killed, or it is still running: started {time.strftime('%Y-%m-%d %H:%M:%S')} "
               f"as process {os.getpid()})")


def note_failed(out: Path, why: str, stopped: bool = False) -> None:
    """Record beside an existing output folder that the latest build into it failed (or was
    `stopped` before it finished), so that it is known to be an older site."""
    _note(out, f"did not finish (stopped: {why})" if stopped else f"failed ({why})")


def _note(out: Path, state: str) -> None:
    # Kept beside the output, not in it: a failed build leaves every file of the output as it was;
    # and not in the cache, which may be deleted at any time.
    out = out.resolve()
    if out.is_dir():
        write_atomically(failure_note(out), f"{NOTE_START.format(name=out.name)}{state}\n".encode())


def clear_failed(out: Path) -> None:
    """The latest build into `out` succeeded."""
    failure_note(out).unlink(missing_ok=True)


def build_failed(out: Path) -> bool:
    """The latest build into `out` failed or did not finish, so `out` holds an older site than the content's."""
    return failure_note(out).is_file()


def build_failure(out: Path) -> str | None:
    """How the latest build into `out` ended when it did not succeed (`failed (3 errors)`, `did not
    finish (...)`); None when it succeeded."""
    note = failure_note(out)
    if not note.is_file():
        return None
    try:
        text = note.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return "failed"
    start = NOTE_START.format(name=out.resolve().name)
    return text[len(start):] if text.startswith(start) and len(text) > len(start) else "failed"


def write_output(out: Path, files: Iterable[OutputFile], manifest: Manifest | None = None,
                 note: Any = None, drafts: bool = False, skipped: tuple[str, ...] = ()) -> int:
    """Write all files as one new output folder, swapped in for the old one (or change nothing);
    return how many files were written anew (not kept from the old output).

    The manifest is saved with `note`, the build's own record of what it was made from; the
    marker file in the output records whether drafts are included and which products were left out.
    """
    marker = marker_text(drafts, skipped)
    files = [*files, OutputFile(MARKER, data=marker.encode(), key=digest(marker))]
    _refuse_duplicates(files)
    out = out.resolve()
    manifest = manifest or Manifest(None, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    known = {file.path for file in files if manifest.unchanged(file.path, file.key)}
    if len(known) == len(files) and _holds_only(out, known):
        if note != manifest.note:
            manifest.save(manifest.entries, note)
        return 0
    staging = out.with_name(f".{out.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    entries = {}
    written = 0
    folders: set[Path] = set()
    try:
        for file in files:
            fresh = _place(file, staging, out, file.path in known, folders)
            written += fresh
            kept = not fresh and file.path in known
            entries[file.path] = (file.key, manifest.entries[file.path][1] if kept else None)
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    manifest.save({path: (key, sig or _written(out / path)) for path, (key, sig)
                   in entries.items()}, note)
    return written


def _written(path: Path) -> tuple[int, ...] | None:
    """An output file's signature as written (no ctime: the next build's hard links change it)."""
    return signature(path, ctime=False)


def _holds_only(out: Path, paths: set[str]) -> bool:
    """The output folder has exactly these files, nothing left over from something else."""
    count = 0
    for folder, _, names in os.walk(out):
        base = os.path.relpath(folder, out).replace(os.sep, "/")
        for name in names:
            if (name if base == "." else f"{base}/{name}") not in paths:
                return False
            count += 1
    return count == len(paths)


def _refuse_duplicates(files: list[OutputFile]) -> None:
    seen: set[str] = set()
    for file in files:
        key = file.path.lower()  # also refuse paths that collide on Windows and macOS
        if key in seen:
            raise ValueError(f"the build planned {file.path} twice")
        seen.add(key)


def _place(file: OutputFile, staging: Path, old_root: Path, known: bool, folders: set[Path]) -> bool:
    """Put one file into the staging folder; True when it is a new file (not the old one linked)."""
    target = staging / file.path
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    old = old_root / file.path
    if known or _same(old, file):
        try:
            os.link(old, target)
            return False
        except FileNotFoundError:
            pass  # gone since it was checked: make it anew below, if this file says how
        except OSError:  # no hard links on this file system (FAT, some network shares)
            shutil.copy2(old, target)
            return True
    if file.data is not None:
        target.write_bytes(file.data)
    elif file.source is not None:
        if not file.spooled or not _move(file.source, target):
            shutil.copyfile(file.source, target)
    else:
        raise UsageError(f"{old_root} changed while the build was running ({file.path} is gone); "
                         "run the build again")
    return True


def _move(source: Path, target: Path) -> bool:
    """Move a file of this build's own into place; False where it cannot (another file system)."""
    try:
        os.replace(source, target)
    except OSError:
        return False
    return True


def _same(old: Path, file: OutputFile) -> bool:
    if not old.is_file():
        return False
    if file.data is not None:
        return old.stat().st_size == len(file.data) and old.read_bytes() == file.data
    return file.source is not None and filecmp.cmp(old, file.source, shallow=False)


def _swap(staging: Path, out: Path) -> None:
    """Put the staging folder in the output's place: in one step where the system can exchange two
    folders (Linux), else by two renames that _recover completes if the build is killed between."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site
        return
    retired = out.with_name(f".{out.name}.previous")
    shutil.rmtree(retired, ignore_errors=True)
    if out.exists():
        os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        _recover(out)  # the old site back in its place before the failure is told
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 with RENAME_EXCHANGE); False where not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _recover(out: Path) -> None:
    """After an interrupted swap, put the previous complete site back before anything else."""
    retired = out.with_name(f".{out.name}.previous")
    if retired.is_dir():
        if out.exists():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(retired, out)
