"""The options of `build`, defined once: the command line (cli.py) makes its click options of them, and
the start-up fast path (start.py) reads a command line by them, before click is even imported.

Standard library only: importing click alone costs more than an unchanged build's whole answer.
"""

from __future__ import annotations

from dataclasses import dataclass

BUILD = "build"
GROUP_FLAGS = ("--debug",)  # of the group, before the command; they change nothing a good build shows
MAX_JOBS = 64


@dataclass(frozen=True)
class Option:
    """One option of `build`: its name, its help, and what it takes."""

    name: str
    help: str  # {choices}: filled in by the command line from the product list
    value: str | None = None  # the metavar of its value; None: a flag
    many: bool = False  # may be given more than once
    unchanged: bool = True  # a build with it may be answered from the stamp (start.py)


BUILD_OPTIONS = (
    Option("--site", "The site folder (with site.toml and content/).", "DIR"),
    Option("--out", "Where the site goes (default: SITE/output).", "DIR"),
    Option("--strict", "Treat warnings as errors (exit 1)."),
    Option("--drafts", "Include drafts (marked as such) for a preview."),
    Option("--jobs", "Worker processes (content, pages, photos, PDFs).", "N"),
    Option("--skip", "Leave out a product's files, by the product or a kind of file ({choices}); may be "
           "given more than once. Its pages are still made as HTML.", "PRODUCT", many=True),
    Option("--no-pdf", "Make the print pages as HTML only (a quicker preview): the same as --skip pdf."),
    Option("--timings", "After the summary, show the seconds each stage took.", unchanged=False),
)
NO_PDF = "pdf"  # what --no-pdf skips


def parse_build(argv: list[str]) -> dict[str, list[str]] | None:
    """The options of `[--debug] build [OPTIONS]` as click would read them (a flag maps to []), or None
    for anything the fast path leaves to click: another command, --help, an option whose build is
    never answered from the stamp, a repeated option, a value click would refuse."""
    by_name = {option.name: option for option in BUILD_OPTIONS}
    args = list(argv)
    while args and args[0] in GROUP_FLAGS:
        args.pop(0)
    if not args or args.pop(0) != BUILD:
        return None
    options: dict[str, list[str]] = {}
    while args:
        name, equals, value = args.pop(0).partition("=")
        option = by_name.get(name)
        if option is None or not option.unchanged or (name in options and not option.many):
            return None
        if option.value is None:
            if equals:
                return None
            options[name] = []
            continue
        if not equals:
            if not args:
                return None
            value = args.pop(0)
        if not value or value.startswith("-"):
            return None
        options.setdefault(name, []).append(value)
    jobs = options.get("--jobs", ["1"])[0]
    if not (jobs.isascii() and jobs.isdigit() and 1 <= int(jobs) <= MAX_JOBS):
        return None
    return options


def skip_of(skip: list[str] | tuple[str, ...], no_pdf: bool) -> frozenset[str]:
    """What a build leaves out: each --skip, and --no-pdf as `--skip pdf`."""
    return frozenset([*skip, *([NO_PDF] if no_pdf else [])])
