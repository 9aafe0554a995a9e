"""Fingerprints of pages: a digest of everything a page is drawn from, so an unchanged page is
not drawn again. An exemplar stands in by the digest it was loaded with (its file's bytes, its
photo and the settings); everything else a page shows is walked value by value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath

from ..cache import code_digest, salted, stat_signature
from ..model import Exemplar
from .pages import Asset, Page


def page_key(page: Page, site: str) -> str:
    """The digest of one page: the site-wide digest plus everything in the page itself."""
    hasher = hashlib.blake2b(site.encode(), digest_size=16)
    _feed(hasher, page)
    return hasher.hexdigest()


def theme_digest(theme_dirs: Iterable[Path], assets: Iterable[Asset]) -> str:
    """What every page is drawn with: this program, the theme's files and the published assets."""
    hasher = hashlib.blake2b(code_digest().encode(), digest_size=16)
    for folder in theme_dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    for asset in assets:
        hasher.update(f"{asset.path}\0{asset.source}\0{stat_signature(asset.source)}\0".encode())
    return hasher.hexdigest()


def values_digest(base: str, *values: object) -> str:
    """A digest on top of `base` (e.g. the theme's) of site-wide values."""
    hasher = hashlib.blake2b(base.encode(), digest_size=16)
    for value in values:
        _feed(hasher, value)
    return hasher.hexdigest()


def asset_key(asset: Asset) -> str:
    """An asset file's output is its source's bytes: known unchanged while its stat is."""
    return salted("asset", str(asset.source), repr(stat_signature(asset.source)))


def _feed(hasher: hashlib._Hash, value: object) -> None:  # type: ignore[name-defined]
    """Feed a value's content into the hasher, typed and delimited so that no two values collide."""
    kind = type(value)
    if kind is Exemplar and value.fingerprint:  # type: ignore[union-attr]
        hasher.update(b"E" + value.fingerprint.encode())  # type: ignore[union-attr]
    elif value is None or kind in _SCALARS or isinstance(value, (str, int, float, dt.date, PurePath)):
        hasher.update(f"{kind.__name__}:{value!r}\0".encode())
    elif isinstance(value, (tuple, list)):
        hasher.update(b"(")
        for item in value:
            _feed(hasher, item)
        hasher.update(b")")
    elif isinstance(value, Mapping):
        hasher.update(b"{")
        for key, item in value.items():
            _feed(hasher, key)
            _feed(hasher, item)
        hasher.update(b"}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        hasher.update(kind.__name__.encode() + b"<")
        for name in _field_names(kind):
            _feed(hasher, getattr(value, name))
        hasher.update(b">")
    else:
        raise TypeError(f"cannot fingerprint a {kind.__name__}: add it to fingerprint._feed")


_SCALARS = frozenset({str, int, float, bool})


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))
