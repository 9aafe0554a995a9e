"""Rendering: the theme's Jinja templates turn planned pages into HTML bytes."""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path

import jinja2

from .. import DEFAULT_THEME
from ..content.files import name_problem
from ..errors import Problem, error, warning
from ..settings import Settings
from ..urls import ASSETS, SITE_PATHS, category_path, exemplar_path, font_path, relative_link, root_link, year_path
from .pages import Asset, Page, SitePlan

TEXT_SUFFIXES = {".html", ".htm", ".js", ".json", ".xml", ".txt", ".css", ".svg"}  # templates Jinja may read


def theme_dirs(settings: Settings) -> list[Path]:
    """The site's own templates/ first (they override), then the default theme."""
    dirs = [settings.templates_dir, DEFAULT_THEME]
    unique: list[Path] = []
    for folder in dirs:
        if folder.is_dir() and folder.resolve() not in [d.resolve() for d in unique]:
            unique.append(folder)
    return unique


def check_templates(settings: Settings) -> list[Problem]:
    """The site's own theme files: names in UTF-8, templates saved as UTF-8 and written in Jinja
    that parses (one error each, found by `check` too, before any page is drawn)."""
    problems: list[Problem] = []
    env: jinja2.Environment | None = None
    root = settings.templates_dir
    for folder, folders, names in os.walk(root):
        folders.sort()
        base = Path(folder)
        for name in sorted(names):
            rel = (base / name).relative_to(root).as_posix()
            bad_name = name_problem(f"templates/{rel}")
            if bad_name is not None:
                problems.append(bad_name)
            elif not rel.startswith(f"{ASSETS}/") and Path(name).suffix in TEXT_SUFFIXES:
                text, slips = _read_utf8(base / name, f"templates/{rel}")
                if text is not None and Path(name).suffix in {".html", ".htm"}:
                    env = env or make_environment(settings)
                    slips = _check_syntax(env, text, base / name, f"templates/{rel}")
                problems.extend(slips)
    return problems


def _check_syntax(env: jinja2.Environment, text: str, path: Path, rel: str) -> list[Problem]:
    try:
        env.parse(text, rel, str(path))
    except jinja2.TemplateSyntaxError as exc:
        return [error(rel, exc.lineno, f"template error: {(exc.message or 'cannot be read').rstrip('.')}; "
                      "correct it, or delete the file to use the default theme's")]
    return []


def _read_utf8(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """A theme file's text, or the error saying why it cannot be read as UTF-8."""
    try:
        data = path.read_bytes()
        return data.decode("utf-8"), []
    except OSError as exc:
        return None, [error(rel, None, f"cannot read the template: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        return None, [error(rel, data.count(b"\n", 0, exc.start) + 1, f"the template is not saved as UTF-8 (byte "
                            f"0x{data[exc.start]:02x} cannot be read); open it in a text editor and save it as UTF-8")]


def find_assets(settings: Settings) -> list[Asset]:
    """Theme files under templates/assets/, the site's own winning over the default theme's."""
    found: dict[str, Asset] = {}
    for folder in theme_dirs(settings):
        base = folder / ASSETS
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and not path.name.startswith(".") and rel not in found:
                found[rel] = Asset(rel, path)
    return list(found.values())


def find_fonts(settings: Settings) -> tuple[list[Asset], list[Problem]]:
    """Font files named in [print] fonts, published as fonts/<name> for posters and PDFs."""
    assets: list[Asset] = []
    problems: list[Problem] = []
    root = settings.root.resolve()
    for written in settings.print.fonts:
        path = (settings.root / written).resolve()
        slip = ("is outside the site folder: copy the font into it" if not path.is_relative_to(root)
                else "is not found (the path is relative to the site folder)" if not path.is_file()
                else None if _is_font(path) else "is not a font file (TTF, OTF, TTC or WOFF)")
        if slip:
            problems.append(warning("site.toml", settings.print.fonts_line, f"[print] fonts: '{written}' {slip}; "
                                    "the PDFs use the installed fonts instead"))
            continue
        assets.append(Asset(font_path(path.name), path))
    return assets, problems


FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf", b"wOFF", b"wOF2")


def _is_font(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) in FONT_SIGNATURES
    except OSError:
        return False


def make_environment(settings: Settings) -> jinja2.Environment:
    """A strict, autoescaping Jinja environment over the theme folders."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(settings)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat every template at every page
    )
    # `tojson` (the search index) writes Chinese as UTF-8, a third of the size of \uXXXX escapes;
    # it still escapes < > & ' so that no value can end a script.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


PageRenderer = Callable[[Page], bytes]


def page_renderer(env: jinja2.Environment, plan: SitePlan, settings: Settings,
                  labels: Mapping[str, str]) -> PageRenderer:
    """A function that renders any page of this plan (print fitting calls it again)."""
    shared = {
        "site": settings, "t": labels, "roll_years": plan.years, "photos": plan.photos,
        "current_year": plan.current_year, "category_path": category_path,
        "exemplar_path": exemplar_path, "year_path": year_path, "paths": SITE_PATHS, "folder_of": posixpath.dirname,
        "print_fonts": plan.print_fonts,
    }
    return lambda page: render_page(env, page, shared)


def render_page(env: jinja2.Environment, page: Page, shared: Mapping[str, object]) -> bytes:
    """Render one page with links made relative to where the page lands."""
    template = env.get_template(page.template)
    folder = posixpath.dirname(page.path)
    html = template.render(
        **shared,
        **page.context,
        page=page,
        link=functools.partial(relative_link, folder),
        root=root_link(folder),
    )
    return html.encode("utf-8")
