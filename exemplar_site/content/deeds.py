"""Deeds (事迹): Markdown to safe HTML, with Chinese line joining; plain text for summaries."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

import markdown
import nh3

from ..errors import Problem, warning
from .hidden import HIDDEN_MARK, drop_hidden
from .keys import describe
from .plainmd import convert_plain

# What `new` writes for the deeds: left as it is, it is a warning (the deeds were never written).
PLACEHOLDER_DEEDS = "（在此填写先进事迹，1500字以内。空一行开始新的段落。）"

# Han, CJK punctuation, full-width forms, kana: characters that take no space between them.
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
# A soft break between CJK characters, or between a CJK character and a digit (`2024\n年`), is no space.
_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br\s*/?>)*</p>\n?")
_IMAGE = re.compile(r"<img\b", re.I)
_IMAGE_SOURCE = re.compile(r"!\[|<img\b", re.I)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "sup", "sub", "blockquote", "ul", "ol",
    "li", "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td", "code",
    "pre", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
OPENING_CHARS = 160  # of the deeds in the search index: about 1 MB of index per 1,000 exemplars


@dataclass(frozen=True)
class Deeds:
    """Deeds rendered for the page, with the plain text measures the checks need."""

    html: str
    text: str
    first_paragraph: str
    hidden: int = 0  # elements hidden in the source (Word's hidden text), left out
    images: int = 0  # images, left out: the photo is the `photo` key's

    @property
    def opening(self) -> str:
        """The first characters of the plain text: what the search index keeps of the deeds."""
        return self.text[:OPENING_CHARS]

    @functools.cached_property
    def length(self) -> int:
        """Characters as staff count them (字数): everything but white space."""
        return sum(map(len, self.text.split()))  # str.split() and re's \s agree on white space


def render_deeds(source: str) -> Deeds:
    """Render Markdown deeds to sanitised HTML; headings start at h3 below the page's own."""
    plain = convert_plain(source)  # the common plain subset, byte for byte as Python-Markdown
    if plain is not None and "\xa0" not in plain:
        # Only <p>, <h1-6>, <strong>, <em> and lists without attributes, and text without < > &:
        # nothing is hidden, and the sanitiser would give these bytes back unchanged (tested).
        safe, hidden, images = _headings_down(join_cjk_lines(plain)), 0, 0
    else:
        safe, hidden, images = sanitise(_markdown().reset().convert(source))
    first = next((p for p in map(_plain, _PARAGRAPH.findall(safe)) if p), "")
    return Deeds(html=safe.strip(), text=_plain(safe), first_paragraph=first, hidden=hidden, images=images)


def sanitise(rendered: str) -> tuple[str, int, int]:
    """Markdown's HTML made safe: hidden text and images left out (and counted), CJK lines joined."""
    rendered, hidden = drop_hidden(rendered)
    images = len(_IMAGE.findall(rendered))
    safe = nh3.clean(
        _headings_down(join_cjk_lines(rendered)),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _EMPTY_PARAGRAPH.sub("", safe), hidden, images  # what held only an image or hidden text


def _headings_down(rendered: str) -> str:
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", rendered)


@functools.cache
def _markdown() -> markdown.Markdown:
    """One converter, reset before each use: building one costs more than converting a page."""
    return markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def join_cjk_lines(rendered: str) -> str:
    """Drop the soft line break between two CJK characters (browsers would show a space)."""
    parts = _PRE.split(rendered)
    return "".join(part if part.startswith("<pre") else _BREAK.sub(_soft_break, part) for part in parts)


def _soft_break(match: re.Match[str]) -> str:
    """A line break (with the spaces around it) between CJK characters, or a CJK character and a
    digit, is dropped: looking at its neighbours is much quicker than a look-behind at every character."""
    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1:start], text[end:end + 1]
    if not before or not after:
        return match.group(0)
    if _CJK_CHAR.match(before):
        joined = _CJK_CHAR.match(after) is not None or after in "0123456789"
    else:
        joined = before in "0123456789" and _CJK_CHAR.match(after) is not None
    return "" if joined else match.group(0)


def _plain(fragment: str) -> str:
    return re.sub(r"[ \t]*\n[ \t]*", " ", html.unescape(_TAG.sub("", fragment))).strip()


def paragraph_texts(fragment: str) -> list[str]:
    """The plain text of each paragraph of rendered deeds (for poster excerpts)."""
    return [text for text in (_plain(p) for p in _PARAGRAPH.findall(fragment)) if text]


def shorten(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters, ending with '…' when cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip("，、；：,;: ") + "…"


def check_deeds(deeds: Deeds, body: str, path: str, first_line: int, limit: int,
                placeholder: str) -> list[Problem]:
    """Warnings about the deeds as written: left-out hidden text and images, placeholder, empty, too long."""
    problems = [warning(path, first_line + body.count("\n", 0, pattern.search(body).start()), message)
                for count, pattern, message in (
                    (deeds.hidden, HIDDEN_MARK, "hidden text in the deeds (Word's 'hidden' format, "
                     "display:none) is left out of the site, the booklet and the search: delete it, or "
                     "unhide it in Word before pasting"),
                    (deeds.images, _IMAGE_SOURCE, "images in the deeds are not published: give the "
                     f"exemplar's photo with the {describe('photo')} key"))
                if count and pattern.search(body)]
    if placeholder in body:
        problems.append(warning(path, first_line, "the deeds are still the placeholder text from "
                                "`new`: write the exemplar's deeds here"))
    elif deeds.length == 0:
        problems.append(warning(path, first_line, "the deeds (事迹) are empty: write them below "
                                "the closing '---'"))
    elif deeds.length > limit:
        problems.append(warning(path, first_line, f"the deeds have {deeds.length:,} characters; "
                                f"the limit is {limit:,} (1500字以内)"))
    return problems
