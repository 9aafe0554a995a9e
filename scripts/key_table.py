"""Write the README's table of front-matter keys from the one table in exemplar_site/content/keys.py.

    .venv/bin/python scripts/key_table.py          # rewrite README.md's table
    .venv/bin/python scripts/key_table.py --check  # exit 1 when README.md's table is not the table
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exemplar_site.content.keys import readme_table  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER = "| key | alias | what to write | rule |\n"


def replace_table(text: str, table: str) -> str:
    """The README text with its key table (from its header row to the first line not a row) replaced."""
    start = text.index(HEADER)
    end = start
    while end < len(text) and text.startswith("|", end):
        end = text.index("\n", end) + 1
    return text[:start] + table + text[end:]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    wanted = replace_table(text, readme_table())
    if "--check" in sys.argv[1:]:
        sys.exit(0 if wanted == text else "README.md's key table differs from content/keys.py: "
                 "run scripts/key_table.py")
    README.write_text(wanted, encoding="utf-8")


if __name__ == "__main__":
    main()
