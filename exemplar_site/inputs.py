"""What a build reads besides the content (theme, fonts, PDF engine, the output's manifest), and one
digest over all of it: the same digest means the same output, so a build with nothing changed stops early."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import CACHE_DIR
from .errors import Problem
from .model import Exemplar
from .output.writer import Manifest
from .print.pdf import engine_missing_warning
from .products import Product
from .settings import Settings
from .site.fingerprint import theme_digest, values_digest
from .site.pages import Asset
from .site.render import find_assets, find_fonts, theme_dirs


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads besides the content, and one digest over all of it."""

    engine: Any  # the weasyprint module, or None
    no_engine: str | None  # why PDFs cannot be made here
    assets: tuple[Asset, ...]
    problems: tuple[Problem, ...]
    manifest: Manifest
    theme: str  # the digest of the program, the theme's files and the assets
    digest: str  # that and everything else: the same digest means the same output


def gather_inputs(settings: Settings, exemplars: tuple[Exemplar, ...], problems_found: tuple[Problem, ...],
                  out_dir: Path, drafts: bool, engine: Any, no_engine: str | None,
                  products: tuple[Product, ...]) -> Inputs:
    """The theme's files, the fonts, the output's manifest and the digest of every input of a build."""
    fonts, _ = find_fonts(settings)  # their problems are the loader's (check reports them too)
    assets = (*find_assets(settings), *fonts)
    problems = [engine_missing_warning(no_engine)] if no_engine else []
    theme = theme_digest(theme_dirs(settings), assets)
    fontconfig = tuple(os.environ.get(name) for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH"))  # other fonts
    digest = values_digest(theme, settings, problems_found, drafts, getattr(engine, "__version__", None),
                           no_engine, fontconfig, tuple(e.fingerprint for e in exemplars),
                           tuple(_named(step) for p in products for step in (p.name, p.plan, p.make)))
    return Inputs(engine, no_engine, assets, tuple(problems),
                   Manifest.for_output(out_dir, settings.root / CACHE_DIR), theme, digest)


def up_to_date(manifest: Manifest, inputs: str) -> bool:
    """The output is what these very inputs made, complete and untouched."""
    return (manifest.note is not None and manifest.note[0] == inputs and manifest.note[1].print_complete
            and manifest.intact())


def _named(step: object) -> str | None:
    """A product's name or step as its qualified name: another list of products is another build."""
    if step is None or isinstance(step, str):
        return step
    return f"{getattr(step, '__module__', '')}.{getattr(step, '__qualname__', repr(step))}"


def digest_files(assets: tuple[Asset, ...]) -> str:
    """One hash over the theme's CSS, images and fonts: a changed stylesheet remakes every PDF."""
    digest = hashlib.sha256()
    for asset in assets:
        digest.update(asset.path.encode() + b"\0" + asset.source.read_bytes())
    return digest.hexdigest()
