"""A small crawler over a built site: every link and image reference, resolved on disk."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.refs.append(value)
            elif name == "srcset":
                self.refs.extend(part.strip().split(" ")[0] for part in value.split(","))


def references(html: str) -> list[str]:
    """Every href, src and srcset URL in a page."""
    parser = _Refs()
    parser.feed(html)
    return parser.refs


def broken_references(out: Path) -> list[str]:
    """References that leave the site or point at no file in the output."""
    problems = []
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        for ref in references(page.read_text(encoding="utf-8")):
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith("/"):
                problems.append(f"{rel}: leaves the site: {ref}")
                continue
            if not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if target.startswith("..") or not (out / target).is_file():
                problems.append(f"{rel}: broken: {ref}")
    return problems
