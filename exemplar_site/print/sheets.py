"""A print page's stylesheets, each file parsed once per process instead of once per layout.

WeasyPrint parses every stylesheet a page links each time it lays the page out; print.css alone is
about a fifth of a poster's layout, and a poster is laid out more than once to fit. So before a
layout, the page's `<link rel="stylesheet">` and `<style>` elements are taken out of its head and
handed to WeasyPrint as parsed stylesheets, in the same order: the linked files from a cache, the
page's own `<style>` (which changes from one fitting step to the next) parsed afresh.

WeasyPrint applies stylesheets handed to it with the "user" origin rather than the page's "author"
origin. With every sheet moved, that changes no winner: the sheets keep their order among themselves,
still rank above WeasyPrint's defaults, and a `style` attribute still outranks them as before (a
declaration there beat any sheet's by its specificity; now it does by its origin). The pages this
program draws have no `!important` in a `style` attribute, which is where the two would differ.
The HTML that is written out (and printed from a browser) keeps its links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_SHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)">|<style>(?P<css>.*?)</style>', re.DOTALL)
_ANY_SHEET = re.compile(r"<style\b|<link\b[^>]*\bstylesheet\b", re.IGNORECASE)


class Stylesheets:
    """Parsed stylesheets for one font configuration (one per process), the linked files cached by URL."""

    def __init__(self, parse: Callable[..., Any], fetch: Callable[[str], str]):
        self._parse = parse  # (string=, base_url=) → a parsed stylesheet, with the engine's fetcher and fonts
        self._fetch = fetch  # URL → the file's text
        self._linked: dict[str, Any] = {}

    def take_out(self, html: str, url: str) -> tuple[str, list[Any]]:
        """The page without the stylesheets in its head, and those stylesheets parsed, in their order.

        The page comes back as it is, with no stylesheet, when it has no head, when a stylesheet is
        written in a way this does not read (WeasyPrint then reads them all, as always), or when a
        linked file cannot be had (WeasyPrint then reports it, as always).
        """
        head = _HEAD_END.search(html)
        if head is None:
            return html, []
        matches = list(_SHEET.finditer(html, 0, head.start()))
        if not matches or len(_ANY_SHEET.findall(html, 0, head.start())) != len(matches):
            return html, []
        try:
            sheets = [self._linked_sheet(urljoin(url, _unescape(match["href"]))) if match["href"] is not None
                      else self._parse(string=match["css"], base_url=url) for match in matches]
        except (OSError, ValueError, UnicodeDecodeError):
            return html, []
        return _SHEET.sub("", html[:head.start()]) + html[head.start():], sheets

    def _linked_sheet(self, url: str) -> Any:
        if url not in self._linked:
            self._linked[url] = self._parse(string=self._fetch(url), base_url=url)
        return self._linked[url]


def _unescape(value: str) -> str:
    """An attribute value as the HTML parser reads it (the templates escape only these)."""
    return value.replace("&#34;", '"').replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&")
