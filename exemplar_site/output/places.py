"""The folders builds and publishes use, and those they refuse: the layout `publish` makes in a web
server's folder (DEST) and how a folder is known to be one, the output's marker file, and the output
folders a build must never replace."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError

RELEASES = "releases"
CURRENT = "current"
HISTORY = "history.txt"
HISTORY_HEADER = "# Releases that were live, oldest first; the last one is current. Written by publish and rollback.\n"


def current_release(dest: Path) -> Path | None:
    """The release `current` points at; None when the link is missing or points at no release in DEST."""
    link = dest / CURRENT
    if not link.is_symlink():
        return None
    target = (dest / os.readlink(link)).resolve()
    return target if target.is_dir() and target.parent == (dest / RELEASES).resolve() else None


def is_destination(folder: Path) -> bool:
    """`publish` has put releases into this folder: its history or its `current` link is there."""
    try:
        with open(folder / HISTORY, encoding="utf-8") as handle:
            if handle.readline() == HISTORY_HEADER:
                return True
    except (OSError, UnicodeDecodeError):
        pass
    return current_release(folder) is not None


def destination_holding(path: Path, itself: bool) -> Path | None:
    """The publish destination that `path` is inside (or is, with `itself`), by the path as written
    and as resolved (`DEST/current` resolves into `DEST/releases`); None when there is none."""
    written = Path(os.path.abspath(path))
    for candidate in (written, path.resolve()):
        folders = [candidate, *candidate.parents] if itself else list(candidate.parents)
        found = next((folder for folder in folders if is_destination(folder)), None)
        if found is not None:
            return found
    return None


def managing(dest: Path) -> Path | None:
    """The publish destination that DEST is part of (its `current`, its releases); None when none."""
    found = destination_holding(dest, itself=False)
    if found is None and dest.name in (CURRENT, RELEASES) and (dest.parent / RELEASES).is_dir():
        found = Path(os.path.abspath(dest.parent))  # releases made, but none live yet
    return found


def part_of(dest: Path, managed: Path) -> str:
    """What DEST is in the destination `managed`, in words."""
    written = Path(os.path.abspath(dest))
    if written == managed / CURRENT:
        return f"the live release of {managed} (the link `current` that publish switches)"
    if written == managed / RELEASES:
        return f"the folder where publish keeps the releases of {managed}"
    if written.parent == managed / RELEASES or dest.resolve().parent == (managed / RELEASES).resolve():
        return f"a release of {managed}"
    return f"inside {managed}, a folder that publish manages"


# The output's own marker file (kept in the output, not in .cache/, which may be deleted): what made the
# folder, and what `publish` must know of it: drafts in it, products left out of it.
MARKER = ".exemplar-site"
MARKER_TEXT = "This folder is made by exemplar_site; a build replaces all of it.\n"
DRAFTS_LINE = "drafts: included (built with --drafts for a preview: never publish it)"
SKIPPED_LINE = "left out: "  # then the products, e.g. "posters, boards, booklets"


def marker_text(drafts: bool, skipped: tuple[str, ...] = ()) -> str:
    """The marker file's text: what made the folder, whether drafts are in it, what was left out."""
    return (MARKER_TEXT + (f"{DRAFTS_LINE}\n" if drafts else "")
            + (f"{SKIPPED_LINE}{', '.join(skipped)} (--skip or --no-pdf)\n" if skipped else ""))


def includes_drafts(out: Path) -> bool:
    """The output folder was built with drafts (its marker file says so)."""
    return DRAFTS_LINE in _marker_lines(out)


def left_out(out: Path) -> tuple[str, ...]:
    """The products the build of this output folder left out on purpose (its marker file says so)."""
    for line in _marker_lines(out):
        if line.startswith(SKIPPED_LINE):
            return tuple(line[len(SKIPPED_LINE):].split(" (")[0].split(", "))
    return ()


def _marker_lines(out: Path) -> list[str]:
    try:
        return (out / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def check_output_dir(out: Path, site: Path) -> None:
    """Refuse output folders a build must never replace (exit 2, nothing touched)."""
    given, out, site = out, out.resolve(), site.resolve()
    default = site / "output"
    forbidden = {Path("/").resolve(), Path.home().resolve(), site / "content", site / "templates"}
    if out in forbidden or site.is_relative_to(out):
        raise UsageError(f"refusing to write the site into {out}: choose a folder of its own, "
                         f"such as {default}")
    for folder, what in ((site / "content", "the content folder"), (site / "templates", "the templates folder")):
        if out.is_relative_to(folder):
            raise UsageError(f"refusing to write the site into {out}: it is inside {what} {folder}; choose a "
                             f"folder of its own, such as {default}")
    dest = destination_holding(given, itself=True)
    if dest is not None:
        raise UsageError(f"refusing to write the site into {out}: it is inside {dest}, where `publish` puts the "
                         f"live site ({dest / CURRENT}); build into the site's own output (leave out --out: "
                         f"{default}), then run `publish {dest}`")
    output = next((f for f in out.parents if f == default or (f / MARKER).is_file()), None)
    if output is not None:
        raise UsageError(f"refusing to write the site into {out}: it is inside the output folder {output}, which "
                         f"the next build into it replaces; choose a folder beside it, such as "
                         f"{output.with_name(f'{output.name}-{out.name}')}")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder: choose another --out")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()):
        raise UsageError(f"{out} is not empty and was not made by this tool; refusing to replace "
                         "it: choose an empty or new folder with --out")
