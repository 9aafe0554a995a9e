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

# Han, CJK punctuation, full-width forms, kana: characters that take no space between them.
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
# A soft break between CJK characters, or between a CJK character and a digit (`2024\n年`), is no space.
_SOFT_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}0-9])|(?<=[0-9])[ \t]*\n[ \t]*(?=[{_CJK}])")
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

    @property
    def length(self) -> int:
        """Characters as staff count them (字数): everything but white space."""
        return len(re.sub(r"\s+", "", self.text))


def render_deeds(source: str) -> Deeds:
    """Render Markdown deeds to sanitised HTML; headings start at h3 below the page's own."""
    rendered = _markdown().reset().convert(source)
    rendered, hidden = drop_hidden(rendered)
    images = len(_IMAGE.findall(rendered))
    rendered = join_cjk_lines(rendered)
    rendered = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", rendered)
    safe = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    safe = _EMPTY_PARAGRAPH.sub("", safe)  # what held only an image or hidden text
    paragraphs = [_plain(p) for p in _PARAGRAPH.findall(safe)]
    first = next((p for p in paragraphs if p), "")
    return Deeds(html=safe.strip(), text=_plain(safe), first_paragraph=first, hidden=hidden, images=images)


@functools.cache
def _markdown() -> markdown.Markdown:
    """One converter, reset before each use: building one costs more than converting a page."""
    return markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def join_cjk_lines(rendered: str) -> str:
    """Drop the soft line break between two CJK characters (browsers would show a space)."""
    parts = _PRE.split(rendered)
    return "".join(part if part.startswith("<pre") else _SOFT_BREAK.sub("", part) for part in parts)


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
                     "exemplar's photo with the photo (照片) key"))
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
