"""Where the content is: the Markdown files under content/ and the photos they name, never outside the site."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import Problem, error, warning
from ..photos.process import PhotoError
from ..settings import Settings


def scan_content_files(settings: Settings) -> tuple[list[Path], list[Problem]]:
    """Every Markdown file under content/ (sorted), and a warning for each that is misnamed.

    `X.MD` is Markdown too; Notepad's `x.md.txt` is not read, but a warning says how to rename it.
    Folders and files whose names start with '.' or '_' are skipped (drafts kept aside, editor files).
    Links to folders are not followed (so a link loop cannot hang a build); a link named *.md that is
    broken or loops is kept, so that reading it reports the problem instead of the file vanishing.
    """
    root = settings.content_dir
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith((".", "_"))]
        base = Path(folder)
        prefix = base.relative_to(root).as_posix() + "/" if base != root else ""
        for name in names:
            path = base / name
            if name.startswith((".", "_")) or path.is_dir():
                continue
            if name.lower().endswith(".md"):
                found.append((prefix + name, path))
            elif name.lower().endswith(".md.txt"):
                problems.append(warning(path.relative_to(settings.root).as_posix(), None,
                                        f"this file is not read: its name ends in '.txt' (Notepad adds it "
                                        f"when saving): rename it to '{name[:-4]}' (in Windows Explorer, tick "
                                        "View > File name extensions to see the whole name)"))
    return [path for _, path in sorted(found, key=lambda item: item[0])], sorted(problems)


def name_problem(rel: str) -> Problem | None:
    """An error for a path whose name is not UTF-8 (raw bytes, e.g. a zip made on Chinese Windows
    unpacked here), shown with the bytes escaped; None for a good name."""
    parts = rel.split("/")
    bad = next((index for index, part in enumerate(parts) if not _is_utf8(part)), None)
    if bad is None:
        return None
    # a name that is not UTF-8 as a whole is shown with every byte beyond ASCII escaped: a part of it
    # may happen to be valid UTF-8 (b'\xce\xb0' is 'ΰ'), and showing that would mislead
    shown = "/".join(part if _is_utf8(part) else os.fsencode(part).decode("ascii", "backslashreplace")
                     for part in parts)
    kind = "file" if bad == len(parts) - 1 else "folder"
    try:
        guess = os.fsencode(parts[bad]).decode("gb18030")
    except UnicodeDecodeError:
        return error(shown, None, f"the {kind} name is not UTF-8 (it came from another system?); rename the {kind}")
    return error(shown, None, f"the {kind} name is not UTF-8 (in GBK it reads '{guess}': from a zip made on "
                 f"Chinese Windows?); rename the {kind}, e.g. to {guess}")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes kept as surrogates by the file system encoding
        return False
    return True


def site_relative(path: Path, settings: Settings) -> tuple[Path, str] | None:
    """A file's real path (links followed) and its name in the site, or None when it lies outside.

    content/ itself may be a link (to a shared folder): what is inside it counts as inside the site.
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop (Python 3.11 raises RuntimeError for it)
        return path, path.as_posix()
    for base, prefix in ((settings.content_dir.resolve(), "content/"), (settings.root.resolve(), "")):
        if real.is_relative_to(base):
            return real, prefix + real.relative_to(base).as_posix()
    return None


def resolve_photo_path(written: str, base: Path, settings: Settings) -> tuple[Path, str]:
    """Resolve a photo path relative to its Markdown file; refuse anything outside the site."""
    if "\\" in written or PureWindowsPath(written).drive or PurePosixPath(written).is_absolute():
        raise PhotoError("write the path relative to the Markdown file with '/', e.g. photos/zhang-wei.jpg")
    if ".." in PurePosixPath(written).parts:
        raise PhotoError("'..' is not allowed: keep photos inside the site folder, beside the content")
    found = site_relative(base / written, settings)
    if found is None:
        raise PhotoError("the photo is outside the site folder (a link leading out of it?)")
    path, rel = found
    if not path.exists():
        raise PhotoError("file not found; check the file name and that the photo is beside the Markdown file")
    if not path.is_file():
        raise PhotoError("not a file")
    return path, rel
