"""The sizes every photo is made in, and which photos a roll needs: pure, from the model alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Exemplar
from .process import ImageSize, PhotoJob

CARD = ImageSize(240, 320)
CARD_2X = ImageSize(480, 640)
LARGE = ImageSize(720, 960)
POSTER = ImageSize(900, 1200)  # 110 mm wide on an A3 poster: 208 dpi
SIZES = (CARD, CARD_2X, LARGE, POSTER)


@dataclass(frozen=True)
class PhotoSet:
    """Where an exemplar's processed photo sizes land in the output."""

    card: str
    card_2x: str
    large: str
    poster: str


def plan_photos(exemplars: Iterable[Exemplar]) -> tuple[tuple[PhotoJob, ...], dict[str, PhotoSet]]:
    """One job per source photo (by its bytes, shared by exemplars that use the same file), and where
    each exemplar's sizes go."""
    jobs: dict[str, PhotoJob] = {}
    photos: dict[str, PhotoSet] = {}
    for exemplar in exemplars:
        photo = exemplar.photo
        if photo is None:
            continue
        jobs[photo.digest] = PhotoJob(photo.path, photo.rel, photo.digest, SIZES)
        photos[exemplar.slug] = PhotoSet(*(s.output_path(photo.digest) for s in SIZES))
    return tuple(jobs[d] for d in sorted(jobs)), photos


def cache_names(digests: Iterable[str]) -> set[str]:
    """The cached files of these photos, in every size: what pruning keeps."""
    return {size.cache_name(d) for d in digests for size in SIZES}
