"""What a build reads besides the content (theme, fonts, the products' tools, the output's manifest),
and one key over all of it (cache.input_key): the same key means the same output, so a build with
nothing changed stops early."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_DIR, input_key
from .errors import Problem
from .model import Exemplar
from .output.writer import Manifest
from .products import Product
from .settings import Settings
from .site.pages import Asset, Tool
from .site.render import find_assets, find_fonts


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads besides the content, and one key over all of it."""

    tools: Mapping[Callable[[], Tool], Tool]
    assets: tuple[Asset, ...]
    asset_digests: Mapping[str, str]  # output path -> the digest of the asset's bytes
    problems: tuple[Problem, ...]
    manifest: Manifest
    theme: str  # the key of the program, the theme's files and the assets
    key: str  # that and everything else: the same key means the same output

    def asset_key(self, asset: Asset) -> str:
        """The key of a theme file in the output: its bytes."""
        return input_key("asset", asset.path, self.asset_digests[asset.path])

    def assets_digest(self, assets: Sequence[Asset]) -> str:
        """One key over these theme files: a changed stylesheet remakes every PDF."""
        return input_key(tuple((a.path, self.asset_digests[a.path]) for a in assets))


def gather_inputs(settings: Settings, exemplars: tuple[Exemplar, ...], problems_found: tuple[Problem, ...],
                  out_dir: Path, drafts: bool, tools: Mapping[Callable[[], Tool], Tool],
                  products: Sequence[Product], unmade: frozenset[str]) -> Inputs:
    """The theme's files, the fonts, the output's manifest and the key of every input of a build."""
    fonts, _ = find_fonts(settings)  # their problems are the loader's (check reports them too)
    assets = (*find_assets(settings), *fonts)
    digests = {asset.path: _file_digest(asset.source) for asset in assets}
    problems = [tool.missing for tool in tools.values() if tool.missing is not None]
    read = {asset.source: digests[asset.path] for asset in assets}
    theme = input_key(_own_theme_files(settings.templates_dir, read), tuple(digests.items()))
    fontconfig = tuple(os.environ.get(name) for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH"))  # other fonts
    key = input_key(theme, settings, problems_found, drafts, fontconfig, tuple(e.fingerprint for e in exemplars),
                    tuple((t.version, t.missing is None) for t in tools.values()), tuple(sorted(unmade)),
                    tuple(_named(step) for p in products for step in (p.name, p.plan, p.make, p.tool, p.cache)))
    return Inputs(tools, assets, digests, tuple(problems), Manifest.for_output(out_dir, settings.root / CACHE_DIR),
                  theme, key)


def up_to_date(manifest: Manifest, key: str) -> bool:
    """The output is what these very inputs made, complete and untouched."""
    return (manifest.note is not None and manifest.note[0] == key and manifest.note[1].complete
            and manifest.intact())


def _own_theme_files(folder: Path, read: Mapping[Path, str]) -> tuple[tuple[str, str], ...]:
    """Every file of the site's own templates/, by path and digest (an asset's digest is taken from
    `read`): what pages are drawn with besides the installed default theme, which every key holds
    already (cache.code_digest). A running `serve` sees its edits too, even where the site's folder
    is the default theme itself (this repository's sample)."""
    if not folder.is_dir():
        return ()
    return tuple((path.relative_to(folder).as_posix(), read.get(path) or _file_digest(path))
                 for path in sorted(p for p in folder.rglob("*") if p.is_file()))


def _file_digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _named(step: object) -> str | None:
    """A product's name or step as its qualified name: another list of products is another build."""
    if step is None or isinstance(step, str):
        return step
    return f"{getattr(step, '__module__', '')}.{getattr(step, '__qualname__', repr(step))}"
