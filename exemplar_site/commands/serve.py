"""`serve`: a live preview. Build, serve on localhost, rebuild on every save, reload the browser.

The preview is built with drafts into SITE/.cache/preview (never into the output that `publish`
sends out). Pages are served with a small script added on the way out, never written to disk:
it waits for the next build and reloads the page, or shows the problems of a failed build over
the page while the last good site stays served. Threads only (no fork, no Unix signals), so it
runs the same on Windows. The building and watching are in `preview.py`; this is the HTTP side.
"""

from __future__ import annotations

import errno
import mimetypes
import posixpath
import socket
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import UsageError
from .preview import Preview, watch

__all__ = ["Preview", "make_server", "watch"]

LIVE = "/__live/"
SCRIPT_TAG = f'<script src="{LIVE}reload.js"></script>'
ANY_HOST = "use 127.0.0.1 for this computer only or 0.0.0.0 for the whole network"
_IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
_NOT_HERE = {errno.EADDRNOTAVAIL, getattr(errno, "WSAEADDRNOTAVAIL", errno.EADDRNOTAVAIL)}
_DENIED = {errno.EACCES, getattr(errno, "WSAEACCES", errno.EACCES)}


def make_server(preview: Preview, host: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server for the preview folder; a host or port that cannot be used is a clear usage error."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"cannot use --host {host}: no computer of that name or address is known here "
                         f"({reason}); {ANY_HOST}") from None
    families = [info[0] for info in found]
    family = socket.AF_INET if socket.AF_INET in families else families[0]
    server_class = type("Server", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        return server_class((host, port), handler)
    except OSError as exc:
        if exc.errno in _IN_USE:
            problem = f"cannot listen on port {port} ({exc.strerror}): the port is in use; choose another with --port"
        elif exc.errno in _NOT_HERE:
            problem = f"cannot listen on {host}: it is not an address of this computer ({exc.strerror}); {ANY_HOST}"
        elif exc.errno in _DENIED:
            problem = (f"cannot listen on {host}:{port} ({exc.strerror}): the port is not allowed "
                       "(ports below 1024 need administrator rights); choose another with --port")
        else:
            problem = f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --host or --port"
        raise UsageError(problem) from None


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
        parts = _parts(urllib.parse.unquote(url.path))
        path = None if parts is None else _resolve(self.preview.root, parts)
        if path is not None and path.is_dir():
            if not url.path.endswith("/"):  # else the folder's index would load with broken relative links
                self._redirect(_folder_url(parts, url.query), head)
                return
            path = _resolve(self.preview.root, [*parts, "index.html"])
        try:
            data = path.read_bytes() if path is not None and path.is_file() else None
        except OSError:  # replaced by a build at this very moment
            data = None
        if path is None or data is None:  # an HTML answer, so the problems of a failed first build show
            self._send(HTTPStatus.NOT_FOUND, _inject(NOT_FOUND), "text/html; charset=utf-8", head)
            return
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

    def _redirect(self, location: str, head: bool) -> None:
        data = f'<!DOCTYPE html><a href="{location}">{location}</a>\n'.encode()
        self._send(HTTPStatus.MOVED_PERMANENTLY, data, "text/html; charset=utf-8", head, location)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool, location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser went away (a reload): nothing to do


def _parts(path: str) -> list[str] | None:
    """The folder and file names of a URL path; None for one that tries to leave the preview."""
    if "\0" in path or "\\" in path:
        return None
    parts = [part for part in posixpath.normpath("/" + path.lstrip("/")).split("/") if part]
    return None if any(part in ("..", ".") or part.startswith(".") for part in parts) else parts


def _resolve(root: Path, parts: list[str]) -> Path | None:
    """The file or folder for a URL path, only inside the preview folder (links out are refused)."""
    try:
        resolved = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_relative_to(root.resolve()) else None


def _folder_url(parts: list[str], query: str) -> str:
    """The address of a folder with its slash, rebuilt from clean names (never `//host`), query kept."""
    path = "/" + "".join(urllib.parse.quote(part) + "/" for part in parts)
    return f"{path}?{query}" if query else path


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
