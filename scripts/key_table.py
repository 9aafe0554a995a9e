"""Write the README's tables of keys from the package's tables: the front-matter keys (content/keys.py)
and the settings block, an example site.toml with a comment on each key (setting_keys.py).

    .venv/bin/python scripts/key_table.py          # rewrite README.md's key table and settings block
    .venv/bin/python scripts/key_table.py --check  # exit 1 when README.md's are not the tables
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exemplar_site.content.keys import readme_table  # noqa: E402
from exemplar_site.setting_keys import SECTIONS, Setting, settings_in, toml_value  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER = "| key | alias | what to write | rule |\n"
SETTINGS_HEADER = "## Settings: site.toml\n\n```toml\n"
COMMENT_COLUMN = 34  # in display columns: a Chinese character takes two


def replace_table(text: str, table: str) -> str:
    """The README text with its key table (from its header row to the first line not a row) replaced."""
    start = text.index(HEADER)
    end = start
    while end < len(text) and text.startswith("|", end):
        end = text.index("\n", end) + 1
    return text[:start] + table + text[end:]


def _commented(line: str, comment: str) -> str:
    """`line` with its comment in the comment column, as a terminal or an editor shows CJK text."""
    if not comment:
        return line
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    return f"{line}{' ' * (COMMENT_COLUMN - width if width < COMMENT_COLUMN - 1 else 3)}# {comment}"


def _comment(setting: Setting) -> str:
    """Whether the key is required, what it does, and the values it may have with the default."""
    if setting.required:
        prefix = "required: "
    elif setting.default in (None, "", ()) and not setting.default_from:
        prefix = "optional: "
    else:
        prefix = ""
    default = f"as {setting.default_from}" if setting.default_from else setting.default
    return prefix + setting.help + setting.rule.allowed(default, setting.shown)


def settings_block() -> str:
    """The README's example site.toml, made from the settings table: every key, each with a comment."""
    lines = [_commented(f"{s.name} = {toml_value(s.shown)}", _comment(s)) for s in settings_in("")]
    for section in SECTIONS:
        head = f"[[{section.name}]]" if section.array else f"[{section.name}]"
        note = "; ".join(filter(None, ("required, at least one" if section.required else "", section.help)))
        lines += ["", _commented(head, note)]
        lines += [_commented(f"{s.name} = {toml_value(s.shown)}", _comment(s)) for s in settings_in(section.name)]
    return "\n".join(lines) + "\n"


def replace_settings(text: str, block: str) -> str:
    """The README text with the example in its settings section (up to the closing ```) replaced."""
    start = text.index(SETTINGS_HEADER) + len(SETTINGS_HEADER)
    end = text.index("```\n", start)
    return text[:start] + block + text[end:]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    wanted = replace_settings(replace_table(text, readme_table()), settings_block())
    if "--check" in sys.argv[1:]:
        sys.exit(0 if wanted == text else "README.md's key table or settings block differs from content/keys.py "
                 "or setting_keys.py: run scripts/key_table.py")
    README.write_text(wanted, encoding="utf-8")


if __name__ == "__main__":
    main()
