"""`serve`: a live preview. Build, serve on localhost, rebuild on every save, reload the browser.

The preview is built with drafts into SITE/.cache/preview (never into the output that `publish`
sends out). Pages are served with a small script added on the way out, never written to disk:
it waits for the next build and reloads the page, or shows the problems of a failed build over
the page while the last good site stays served. Threads only (no fork, no Unix signals), so it
runs the same on Windows.
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .builder import BuildConfig, BuildResult, build
from .cache import CACHE_DIR
from .errors import ContentError, UsageError
from .settings import SETTINGS_FILE

LIVE = "/__live/"
PREVIEW_DIR = "preview"
WAIT_SECONDS = 25  # a waiting browser is answered at least this often (proxies drop idle requests)
SCRIPT_TAG = f'<script src="{LIVE}reload.js"></script>'


@dataclass(frozen=True)
class State:
    """What the browser needs to know: which build it sees, and the problems of a failed one."""

    version: int = 0
    problems: tuple[str, ...] = ()

    def as_json(self) -> bytes:
        return json.dumps({"version": self.version, "problems": list(self.problems)}, ensure_ascii=False).encode()


class Preview:
    """Builds the preview and tells waiting browsers when a build finished or failed."""

    def __init__(self, site: Path, jobs: int | None = None, log: Callable[[str], None] = print):
        self.config = BuildConfig(site=site, out=site / CACHE_DIR / PREVIEW_DIR, drafts=True, pdf=False,
                                  **({"jobs": jobs} if jobs else {}))
        self.log = log
        self.state = State()
        self._changed = threading.Condition()

    @property
    def root(self) -> Path:
        return self.config.out_dir

    def rebuild(self) -> BuildResult | None:
        """Build once; on success browsers reload, on failure they show the problems."""
        try:
            result = build(self.config)
        except ContentError as exc:
            lines = tuple(p.format() for p in exc.problems)
            for line in lines:
                self.log(line)
            errors = sum(p.is_error for p in exc.problems)
            self.log(f"build failed ({errors} error{'s' * (errors != 1)}): the last good preview is still served")
            self._publish(replace(self.state, problems=lines))
            return None
        for problem in result.problems:
            self.log(problem.format())
        self.log(f"built {result.exemplars} exemplars: {result.files_written} files updated in {result.seconds:.1f} s")
        self._publish(State(self.state.version + 1, ()))
        return result

    def wait(self, seen: int, timeout: float = WAIT_SECONDS) -> State:
        """The state once it differs from version `seen` (or as it is after the timeout)."""
        with self._changed:
            self._changed.wait_for(lambda: self.state.version != seen or bool(self.state.problems), timeout)
            return self.state

    def _publish(self, state: State) -> None:
        with self._changed:
            self.state = state
            self._changed.notify_all()


def watched_paths(site: Path) -> list[Path]:
    """What a save can change: the content, the site's own templates, and site.toml."""
    return [path for path in (site / "content", site / "templates", site / SETTINGS_FILE) if path.exists()]


def watch(preview: Preview, stop: threading.Event) -> None:
    """Rebuild after every burst of saves until `stop` is set."""
    from watchfiles import watch as watch_files

    for changes in watch_files(*watched_paths(preview.config.site), debounce=150, step=50, stop_event=stop,
                               raise_interrupt=False):
        names = sorted({Path(path).name for _, path in changes if Path(path).exists()}) or ["(files removed)"]
        preview.log(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
        preview.rebuild()


def make_server(preview: Preview, host: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server for the preview folder; refuses a port already in use with a clear message."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}): the port is in use or not "
                         "allowed; choose another with --port") from None
    server.daemon_threads = True
    return server


class _Handler(BaseHTTPRequestHandler):
    """Serves files of the preview folder only, with the reload script added to HTML pages."""

    preview: Preview
    server_version = "exemplar-site-preview"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet: the build logs matter
        return

    def _respond(self, head: bool) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith(LIVE):
            self._live(url.path[len(LIVE):], urllib.parse.parse_qs(url.query), head)
            return
        path = _resolve(self.preview.root, urllib.parse.unquote(url.path))
        if path is None:  # an HTML answer, so that the problems of a failed first build still show
            self._send(HTTPStatus.NOT_FOUND, _inject(NOT_FOUND), "text/html; charset=utf-8", head)
            return
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = _inject(data)
            kind = "text/html; charset=utf-8"
        elif kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind, head)

    def _live(self, name: str, query: dict[str, list[str]], head: bool) -> None:
        if name == "reload.js":
            self._send(HTTPStatus.OK, RELOAD_JS.encode(), "application/javascript; charset=utf-8", head)
        elif name == "state":
            try:
                seen = int(query.get("seen", ["-1"])[0])
            except ValueError:
                seen = -1
            state = self.preview.wait(seen) if seen >= 0 else self.preview.state
            self._send(HTTPStatus.OK, state.as_json(), "application/json; charset=utf-8", head)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser went away (a reload): nothing to do


def _resolve(root: Path, path: str) -> Path | None:
    """The file for a URL path, only inside the preview folder ('..' and links out are refused)."""
    if "\0" in path or "\\" in path:
        return None
    clean = posixpath.normpath("/" + path.lstrip("/"))
    parts = [part for part in clean.split("/") if part]
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        return None
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_relative_to(root.resolve()) and resolved.is_file() else None


def _inject(page: bytes) -> bytes:
    """Add the reload script before </body> (or at the end of a page without one)."""
    tag = SCRIPT_TAG.encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


NOT_FOUND = ('<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>404</title><body>'
             "<p>没有这个页面 · Not found.</p></body></html>").encode()

RELOAD_JS = """\
// Live preview (added by `serve` only; never part of a built site).
(function () {
  var box = null;
  function show(problems) {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.id = "exemplar-site-problems";
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(30,0,0,.92);" +
        "color:#fff;font:15px/1.6 monospace;padding:24px;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "内容有错误，修改后保存即可 · The last save has problems; fix and save.\\n" +
      "（下面是上一次成功生成的页面 · The last good preview is behind this box.)\\n\\n" + problems.join("\\n");
  }
  function poll(seen) {
    var request = new XMLHttpRequest();
    request.open("GET", "/__live/state?seen=" + seen);
    request.onload = function () {
      var state = JSON.parse(request.responseText);
      if (state.version !== seen) { location.reload(); return; }
      if (state.problems.length) { show(state.problems); }
      setTimeout(function () { poll(seen); }, state.problems.length ? 300 : 0);
    };
    request.onerror = function () { setTimeout(function () { poll(seen); }, 1000); };
    request.send();
  }
  var first = new XMLHttpRequest();
  first.open("GET", "/__live/state");
  first.onload = function () {
    var state = JSON.parse(first.responseText);
    if (state.problems.length) { show(state.problems); }
    poll(state.version);
  };
  first.send();
})();
"""
