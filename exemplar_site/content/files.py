"""Where the content is: the Markdown files under content/ and the photos they name, never outside the site."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import Problem, error, warning
from ..photos.process import PhotoError
from ..settings import Settings


def scan_content_files(settings: Settings) -> tuple[list[Path], list[Problem]]:
    """Every Markdown file under content/ (sorted), and a warning for each that is misnamed.

    `X.MD` is Markdown too; Notepad's `x.md.txt` is not read, but a warning says how to rename it.
    Folders and files whose names start with '.' or '_' are skipped (drafts kept aside, editor files).
    Links to folders are not followed (so a link loop cannot hang a build, nor a file be read twice):
    each is a problem, so that no exemplar vanishes without a word. A link named *.md that is broken
    or loops is kept, so that reading it reports the problem instead of the file vanishing.
    """
    root = settings.content_dir
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for folder, folders, names in os.walk(root):
        base = Path(folder)
        folders[:] = [name for name in folders if not name.startswith((".", "_"))]
        problems += [_linked_folder(base / name, settings) for name in folders if (base / name).is_symlink()]
        folders[:] = [name for name in folders if not (base / name).is_symlink()]
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


def _linked_folder(path: Path, settings: Settings) -> Problem:
    """A link to a folder: an error when it leads out of the site (as a linked file is), else a warning."""
    rel = path.relative_to(settings.root).as_posix()
    if site_relative(path, settings) is None:
        return error(rel, None, "the folder is a link leading out of the site folder, so its files are not "
                     "read; copy the folder into content/ instead")
    return warning(rel, None, "the folder is a link, so its files are not read: move the folder here "
                   "instead of linking to it")


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


def _content_relative(base: Path, settings: Settings) -> str:
    """A folder's path below content/ ('.' for content/ itself), written as the content sees it."""
    try:
        return base.relative_to(settings.content_dir).as_posix()
    except ValueError:  # not below content/ as written: below where content/ really is, if anywhere
        real, content = base.resolve(), settings.content_dir.resolve()
        return real.relative_to(content).as_posix() if real.is_relative_to(content) else "."


def _other_case(base: Path, written: str) -> str | None:
    """The path as it is on disk when only capital and small letters differ from the written one, else None."""
    folder, parts = base, []
    for part in PurePosixPath(written).parts:
        if part in (".", ".."):
            folder, parts = folder / part, [*parts, part]
            continue
        try:
            names = [name for name in os.listdir(folder) if name.lower() == part.lower()]
        except OSError:
            return None
        if len(names) != 1:
            return None
        folder, parts = folder / names[0], [*parts, names[0]]
    return "/".join(parts)


def resolve_photo_path(written: str, base: Path, settings: Settings) -> tuple[Path, str]:
    """Resolve a photo path relative to its Markdown file; refuse anything outside the site."""
    if "\\" in written or PureWindowsPath(written).drive or PurePosixPath(written).is_absolute():
        raise PhotoError("write the path relative to the Markdown file with '/', e.g. photos/zhang-wei.jpg")
    if ".." in PurePosixPath(written).parts:  # `../shared/a.jpg` from content/2024/ is fine; out of content/ is not
        inside = posixpath.normpath(posixpath.join(_content_relative(base, settings), written))
        if inside == ".." or inside.startswith("../"):
            raise PhotoError("'..' leads out of content/: keep photos inside content/, beside the Markdown files")
    found = site_relative(base / written, settings)
    if found is None:
        raise PhotoError("the photo is outside the site folder (a link leading out of it?)")
    path, rel = found
    if not path.exists():
        actual = _other_case(base, written)
        if actual is not None:  # Windows and macOS would find it; the web server and this build do not
            raise PhotoError(f"file not found: the file is written '{actual}' (capital and small letters differ); "
                             "write its name exactly, or rename the file")
        raise PhotoError("file not found; check the file name and that the photo is beside the Markdown file")
    if not path.is_file():
        raise PhotoError("not a file")
    return path, rel
