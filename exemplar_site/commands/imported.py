"""Who is already in content/: so a second import of a spreadsheet never adds the same person again.

A person is compared by name, unit and year without spaces or line breaks (Alt+Enter in a cell,
two spaces, full-width spaces) and with full-width letters read as half-width. Files that do not
load (an error, a YAML slip) are read leniently, and the comment line each imported file carries
names the row it came from even after its name or unit is corrected by hand.
"""

from __future__ import annotations

import re
import unicodedata

from ..content.keys import CANONICAL
from ..model import Exemplar
from ..settings import Settings

MARKER_END = "keep this line so a new import skips this person"
MAX_READ = 65_536  # the front matter is at the top: no need to read long deeds
MAX_LINES = 200
_MARKER = re.compile(r"^\s*#\s*imported from .* as (.*?) \| (.*?) \| (.*?): " + re.escape(MARKER_END))
_KEY_LINE = re.compile(r"^\s*([^\s:：#][^:：]*?)\s*[:：]\s*(.*)$")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def clean_values(values: dict[str, str]) -> dict[str, str]:
    """A two-character name aligned with spaces (`张  伟`, `张\u3000伟`) is the name without them."""
    name = values.get("name")
    if name is None:
        return values
    return {**values, "name": _CJK_GAP.sub("", " ".join(name.split()))}


def person_key(name: object, unit: object, year: object) -> tuple[str, str, str]:
    """Who a row or file is about, as compared: without spaces or line breaks, full-width as half-width."""
    squashed = [_squash(name), _squash(unit), _squash(year)]
    digits = re.search(r"\d{4}", squashed[2])
    return squashed[0], squashed[1], digits.group() if digits else squashed[2]


def _squash(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).casefold()


def known_people(settings: Settings, existing: list[Exemplar]) -> dict[tuple[str, str, str], str]:
    """Everyone already in content/, by person_key: the files that load, and every other file read
    leniently (its name/unit/year lines and the line the import wrote), errors or not."""
    known = {person_key(e.name, e.unit, e.year): e.source for e in existing}
    root = settings.root.resolve()
    for path in sorted(settings.content_dir.rglob("*.md")):
        try:
            if not path.resolve().is_relative_to(root) or not path.is_file():
                continue
            data = path.read_bytes()[:MAX_READ]
        except OSError:
            continue
        source = path.relative_to(settings.root).as_posix()
        for identity in _identities(data):
            known.setdefault(identity, source)
    return known


def _identities(data: bytes) -> list[tuple[str, str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # a character cut at MAX_READ, or a file saved as GBK
        cut = exc.start >= len(data) - 3
        text = data[:exc.start].decode("utf-8-sig") if cut else data.decode("gb18030", errors="replace")
    lines = text.splitlines()[:MAX_LINES]
    start = 1 if lines and lines[0].strip() == "---" else 0
    end = next((i for i in range(start, len(lines)) if lines[i].strip() in ("---", "...")), len(lines))
    written: dict[str, str] = {}
    found = []
    for line in lines[start:end]:
        if marker := _MARKER.match(line):
            found.append(person_key(*marker.groups()))
        elif pair := _KEY_LINE.match(line):
            key = CANONICAL.get(pair[1].strip()) or CANONICAL.get(pair[1].strip().lower())
            if key in ("name", "unit", "year"):
                written.setdefault(key, pair[2].strip().strip("\"'“”‘’「」"))
    if written.get("name"):
        found.append(person_key(written["name"], written.get("unit", ""), written.get("year", "")))
    return found


