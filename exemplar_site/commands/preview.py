"""serve's preview: built with drafts into SITE/.cache/preview, again after every save.

The watcher never ends while serve runs: whatever makes a rebuild fail becomes problem lines that
the open pages show, and the next good save clears them.
"""

from __future__ import annotations

import json
import re
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..builder import BuildConfig, BuildResult, build
from ..cache import CACHE_DIR
from ..errors import ContentError, Refused, UsageError
from ..settings import SETTINGS_FILE

PREVIEW_DIR = "preview"
WAIT_SECONDS = 25  # a waiting browser is answered at least this often (proxies drop idle requests)


@dataclass(frozen=True)
class State:
    """What the browser needs to know: which build it sees, and the problems of a failed one."""

    version: int = 0
    problems: tuple[str, ...] = ()

    def as_json(self) -> bytes:
        return json.dumps({"version": self.version, "problems": list(self.problems)}, ensure_ascii=False).encode()


class Preview:
    """Builds the preview and tells waiting browsers when a build finished or failed."""

    def __init__(self, site: Path, jobs: int | None = None, log: Callable[[str], None] = print,
                 debug: bool = False):
        self.config = BuildConfig(site=site, out=site / CACHE_DIR / PREVIEW_DIR, drafts=True, skip=frozenset({"pdf"}),
                                  **({"jobs": jobs} if jobs else {}))
        self.log = log
        self.debug = debug  # log the traceback of an unexpected failure too
        self.state = State()
        self._changed = threading.Condition()

    @property
    def root(self) -> Path:
        return self.config.out_dir

    def rebuild(self, saved: Sequence[str] = ()) -> BuildResult | None:
        """Build once; on success browsers reload, on any failure they show its problem lines.

        Never raises: whatever goes wrong becomes lines over the page, and the next save builds again.
        """
        try:
            result = build(self.config)
        except ContentError as exc:
            self._fail(tuple(p.format() for p in exc.problems), sum(p.is_error for p in exc.problems))
            return None
        except Exception as exc:  # a failed rebuild must never end the watcher
            if self.debug:
                self.log(traceback.format_exc().rstrip())
            self._fail(failure_lines(self.config.site, exc, saved), 1)
            return None
        for problem in result.problems:
            self.log(problem.format())
        self.log(f"built {_count(result.exemplars, 'exemplar')}: {_count(result.files_written, 'file')} updated "
                 f"in {result.seconds:.1f} s")
        self._publish(State(self.state.version + 1, ()))
        return result

    def _fail(self, lines: tuple[str, ...], errors: int) -> None:
        for line in lines:
            self.log(line)
        self.log(f"build failed ({_count(errors, 'error')}): the last good preview is still served")
        self._publish(replace(self.state, problems=lines))

    def wait(self, seen: int, timeout: float = WAIT_SECONDS) -> State:
        """The state once it differs from version `seen` (or as it is after the timeout)."""
        with self._changed:
            self._changed.wait_for(lambda: self.state.version != seen or bool(self.state.problems), timeout)
            return self.state

    def _publish(self, state: State) -> None:
        with self._changed:
            self.state = state
            self._changed.notify_all()


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'s' * (number != 1)}"


def failure_lines(site: Path, exc: Exception, saved: Sequence[str] = ()) -> tuple[str, ...]:
    """Problem lines for a rebuild that failed other than on the content (whose lines say it already)."""
    if not (site / SETTINGS_FILE).is_file():
        return (f"{SETTINGS_FILE}: error: the settings file is missing (an editor may be saving it); "
                "the preview is built again as soon as it is back",)
    if isinstance(exc, (UsageError, Refused)):
        return (f"error: {exc}",)
    cause = ("not UTF-8 text: save it as UTF-8" if isinstance(exc, UnicodeDecodeError)
             else f"{type(exc).__name__}: {exc}")
    if not saved or len(saved) > 3:  # many files at once (a copy, a checkout): one line, not hundreds
        return (f"error: the preview could not be built ({cause}); fix what you last changed and save again "
                "(if your files are fine, please report the error)",)
    return tuple(f"{path}: error: the preview could not be built after this file was saved ({cause}); "
                 "fix it and save again (if this file is fine, please report the error)" for path in saved)


SOURCES = ("content", "templates")  # with site.toml: what a save can change in the preview
_EDITOR_TEMP = re.compile(r"~$|^#.*#$|\.sw.$|___jb_...___$|^4913$")  # backups and temporary files of editors


def is_source(site: Path, path: str) -> bool:
    """Whether a changed path is one of the site's sources (not the output, the cache or a temp file)."""
    try:
        parts = Path(path).relative_to(site).parts
    except ValueError:
        return False
    if parts == (SETTINGS_FILE,):
        return True
    return (len(parts) > 0 and parts[0] in SOURCES and not any(part.startswith(".") for part in parts)
            and not _EDITOR_TEMP.search(parts[-1]))


def watch(preview: Preview, stop: threading.Event) -> None:
    """Rebuild after every burst of saves until `stop` is set; nothing that goes wrong ends it.

    The site folder itself is watched (filtered to its sources), not single files: an editor that
    saves by renaming a new file over the old one, and a templates/ folder made later, are seen too.
    """
    from watchfiles import watch as watch_files

    site = preview.config.site.resolve()
    said, polling = "", False
    while not stop.is_set():
        try:
            for changes in watch_files(site, watch_filter=lambda _, path: is_source(site, path), debounce=150,
                                       step=50, stop_event=stop, raise_interrupt=False, force_polling=polling,
                                       ignore_permission_denied=True):
                saved = sorted({Path(path).relative_to(site).as_posix() for _, path in changes
                                if Path(path).is_file()})
                names = [Path(path).name for path in saved] or ["(files removed)"]
                preview.log(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
                preview.rebuild(saved)
        except Exception as exc:  # the site folder renamed away, the system's watch limit: poll, say so once
            message = f"error: cannot watch {site} for saves ({type(exc).__name__}: {exc}); polling for saves instead"
            if message != said:
                preview.log(message)
                said = message
            polling = True
            stop.wait(1)
