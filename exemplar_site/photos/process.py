"""Photos: pure size maths, header inspection at load time, and one-decode processing into the cache.

Every output image is rebuilt from pixels only (sRGB, 8-bit, no EXIF/GPS/XMP/IPTC/ICC/comments)
and named by the hash of the source bytes plus the processing parameters, so a replaced photo can
never leave a stale thumbnail behind. The format is read from the bytes, never from the name.
"""

from __future__ import annotations

import functools
import io
import math
import os
import struct
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..atomic import TEMP_PREFIX, write_atomically
from ..cache import input_key
from ..urls import photo_path

if TYPE_CHECKING:
    from PIL import Image

JPEG_QUALITY = 85
RATIO = (3, 4)
UPWARD_BIAS = 0.2  # share of the cut taken from the top: faces sit high in portraits
MAX_PIXELS = 100_000_000
ORIENTATION = 0x0112
READABLE = "JPEG, PNG, HEIC, WebP, TIFF or GIF"


class PhotoError(Exception):
    """A photo cannot be used; the message says why in words staff understand."""


@dataclass(frozen=True)
class ImageSize:
    """One output size of a photo, as a planned, hashable spec."""

    width: int
    height: int

    def output_path(self, digest: str) -> str:
        return photo_path(digest, self.width, self.height)

    def cache_name(self, digest: str) -> str:
        """The cached file of this size: the source's digest, the size, and the program that made it."""
        return f"{digest}-{self.width}x{self.height}-{input_key(digest, self.width, self.height)}.jpg"


@dataclass(frozen=True)
class PhotoJob:
    """All sizes wanted from one source photo: decoded once, every size made from that decode."""

    source: Path
    rel: str
    digest: str
    sizes: tuple[ImageSize, ...]
    max_pixels: int = MAX_PIXELS

    def cache_files(self, cache_dir: Path) -> dict[ImageSize, Path]:
        return {size: cache_dir / size.cache_name(self.digest) for size in self.sizes}


def crop_box(width: int, height: int, ratio: tuple[int, int] = RATIO) -> tuple[int, int, int, int]:
    """The largest box of the given ratio, centred sideways and biased upward vertically."""
    rw, rh = ratio
    if width * rh > height * rw:  # too wide: cut the sides equally
        new_width = max(1, round(height * rw / rh))
        left = (width - new_width) // 2
        return (left, 0, left + new_width, height)
    new_height = max(1, round(width * rh / rw))
    top = round((height - new_height) * UPWARD_BIAS)
    return (0, top, width, top + new_height)


@functools.cache
def _pillow() -> ModuleType:
    """Pillow's Image, imported when a photo is first opened (a build with no new photo opens none),
    with HEIC/HEIF from phones registered; without pillow-heif such photos are reported as unreadable."""
    from PIL import Image

    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - pillow-heif is a dependency; this guards odd installs
        pass
    else:
        register_heif_opener(thumbnails=False)
    return Image


@contextmanager
def _decoding(max_pixels: int) -> Iterator[ModuleType]:
    """Strict, bounded decoding: truncated files are errors and no image above the limit is decoded.

    Pillow's own bomb check is a global that would refuse the image at open() without naming its
    size; this module checks the size from the header itself (_check_pixels) before any pixel is
    decoded. WeasyPrint switches Pillow's tolerance of truncated files on when it is imported.
    Both globals are set for the duration of one decode and put back after. Yields Pillow's Image.
    """
    pillow = _pillow()
    from PIL import ImageFile, UnidentifiedImageError

    tolerant, limit = ImageFile.LOAD_TRUNCATED_IMAGES, pillow.MAX_IMAGE_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES, pillow.MAX_IMAGE_PIXELS = False, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Corrupt EXIF data": the photo is still usable
            yield pillow
    except UnidentifiedImageError as exc:
        raise PhotoError(f"not an image this tool can read (use {READABLE})") from exc
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        raise PhotoError(f"the image is damaged or cut short ({exc}); export it again as JPEG") from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES, pillow.MAX_IMAGE_PIXELS = tolerant, limit


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(ORIENTATION, 1))
    except (ValueError, TypeError, OSError, SyntaxError):
        return 1  # a broken EXIF block: show the photo as stored


def inspect_photo(path: Path, max_pixels: int = MAX_PIXELS, decode: bool = False) -> tuple[int, int]:
    """Read a photo's header: its upright size. Raise PhotoError when it is not a usable image.

    With `decode`, every pixel is decoded as the build will (a JPEG at an eighth of its size, which
    still reads all of its data), so a file cut short is found when the content is checked.
    """
    if path.stat().st_size == 0:
        raise PhotoError("the file is empty (0 bytes); copy the photo again")
    with _decoding(max_pixels) as pillow, pillow.open(path) as image:
        width, height = image.size
        _check_pixels(width, height, max_pixels)
        orientation = _orientation(image)
        if decode:
            if image.format == "JPEG":
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width < 1 or height < 1:
        raise PhotoError("the image has no pixels")
    if width * height > max_pixels:
        raise PhotoError(f"the image is too large ({width}×{height}, over {max_pixels / 1e6:,.0f} megapixels); "
                         "make it smaller, or raise [photos] max_megapixels in site.toml")


def process_photo(job: PhotoJob, cache_dir: Path) -> dict[ImageSize, Path]:
    """Make every size of one photo, reusing cached files; return the cache path of each size."""
    wanted = job.cache_files(cache_dir)
    missing = [size for size, path in wanted.items() if not path.exists()]
    if missing:
        largest = max(missing, key=lambda s: s.width * s.height)
        cropped = _decode_cropped(job.source, largest, job.max_pixels)
        cache_dir.mkdir(parents=True, exist_ok=True)
        for size, image in _resized(cropped, missing):
            write_atomically(wanted[size], encode_jpeg(image))
    return wanted


def _decode_cropped(path: Path, largest: ImageSize, max_pixels: int) -> Image.Image:
    """Decode once (JPEG draft mode at the smallest scale that covers `largest`), upright, 3:4, sRGB."""
    from PIL import ImageOps

    from .colour import to_srgb

    with _decoding(max_pixels) as pillow, pillow.open(path) as image:
        _check_pixels(*image.size, max_pixels)
        orientation = _orientation(image)
        if image.format == "JPEG":
            image.draft(image.mode, _draft_request(image.size, orientation in (5, 6, 7, 8), largest))
        image.load()
        upright = ImageOps.exif_transpose(image) if orientation != 1 else image
        cropped = upright.crop(crop_box(*upright.size))
        return to_srgb(cropped)


def _draft_request(stored: tuple[int, int], sideways: bool, largest: ImageSize) -> tuple[int, int]:
    """The stored size to ask the JPEG decoder for, so that the 3:4 cut still covers `largest`."""
    width, height = (stored[1], stored[0]) if sideways else stored
    left, top, right, bottom = crop_box(width, height)
    scale = min(1.0, max(largest.width / (right - left), largest.height / (bottom - top)))
    return (math.ceil(stored[0] * scale), math.ceil(stored[1] * scale))


def _resized(image: Image.Image, sizes: Iterable[ImageSize]) -> Iterator[tuple[ImageSize, Image.Image]]:
    """Largest size first, each smaller one from the one before (exact halves by reduce).

    Bilinear, which Pillow widens to the step (no aliasing at any step). A JPEG comes from the decoder
    already scaled to less than twice the largest size (draft mode), so its steps are small (0.5 to
    1; a phone photo's are 0.8, 0.8 and 0.67), where bilinear looks as sharp as bicubic or Lanczos
    and takes half their time.
    """
    bilinear = _pillow().Resampling.BILINEAR
    current = image
    for index, size in enumerate(sorted(sizes, key=lambda s: s.width * s.height, reverse=True)):
        if index and current.size == (size.width * 2, size.height * 2):
            current = current.reduce(2)
        else:
            current = current.resize((size.width, size.height), bilinear)
        yield size, current


def encode_jpeg(image: Image.Image) -> bytes:
    """Encode a JPEG carrying pixels only: no EXIF, GPS, XMP, IPTC, ICC profile or comment."""
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def prune_cache(cache_dir: Path, keep: Iterable[str], stale_after: float = 3600) -> int:
    """Delete cached images nothing refers to any more (and temp files left by a killed build)."""
    if not cache_dir.is_dir():
        return 0
    keep = set(keep)
    removed = 0
    for entry in os.scandir(cache_dir):
        if entry.name in keep or not entry.is_file():
            continue
        if entry.name.startswith(TEMP_PREFIX) and time.time() - entry.stat().st_mtime < stale_after:
            continue  # another build may be writing it right now
        Path(entry.path).unlink(missing_ok=True)
        removed += 1
    return removed
