"""Photos: pure size maths, inspection at load time, and one-decode processing into the cache.

Every output image is rebuilt from pixels only (sRGB, 8-bit, no EXIF/GPS/XMP/ICC/comments) and
named by the hash of the source bytes plus the processing parameters, so a replaced photo can
never leave a stale thumbnail behind.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

PROCESS_VERSION = "1"
JPEG_QUALITY = 85
RATIO = (3, 4)
UPWARD_BIAS = 0.2  # share of the cut taken from the top: faces sit high in portraits
MAX_PIXELS = 100_000_000
BACKGROUND = (255, 255, 255)


class PhotoError(Exception):
    """A photo cannot be used; the message says why in words staff understand."""


@dataclass(frozen=True)
class ImageSize:
    """One output size of a photo, as a planned, hashable spec."""

    width: int
    height: int

    def output_path(self, digest: str) -> str:
        return f"photos/{digest[:20]}-{self.width}x{self.height}.jpg"

    def cache_name(self, digest: str) -> str:
        return f"{digest}-{self.width}x{self.height}-q{JPEG_QUALITY}-v{PROCESS_VERSION}.jpg"


@dataclass(frozen=True)
class PhotoJob:
    """All sizes wanted from one source photo: decoded once, every size made from that decode."""

    source: Path
    rel: str
    digest: str
    sizes: tuple[ImageSize, ...]


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


def inspect_photo(path: Path) -> tuple[int, int]:
    """Read a photo's header: its upright size. Raise PhotoError when it is not a usable image."""
    try:
        with Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except FileNotFoundError as exc:
        raise PhotoError("file not found") from exc
    except UnidentifiedImageError as exc:
        raise PhotoError("not an image Pillow can read (use JPEG, PNG or WebP)") from exc
    except Image.DecompressionBombError as exc:
        raise PhotoError(f"image is too large (over {MAX_PIXELS:,} pixels)") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise PhotoError(f"cannot read the image: {exc}") from exc
    if width * height > MAX_PIXELS:
        raise PhotoError(f"image is too large ({width}×{height}, over {MAX_PIXELS:,} pixels)")
    if width < 1 or height < 1:
        raise PhotoError("image has no pixels")
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def process_photo(job: PhotoJob, cache_dir: Path) -> dict[ImageSize, Path]:
    """Make every size of one photo, reusing cached files; return the cache path of each size."""
    wanted = {size: cache_dir / size.cache_name(job.digest) for size in job.sizes}
    missing = [size for size, path in wanted.items() if not path.exists()]
    if missing:
        upright = _decode_upright(job.source, max(max(s.width, s.height) for s in missing))
        cache_dir.mkdir(parents=True, exist_ok=True)
        cropped = upright.crop(crop_box(*upright.size))
        for size in missing:
            _store_atomically(wanted[size], encode_jpeg(cropped, size))
    return wanted


def encode_jpeg(image: Image.Image, size: ImageSize) -> bytes:
    """Resize to the size and encode a JPEG carrying pixels only, no metadata."""
    resized = image.resize((size.width, size.height), Image.Resampling.LANCZOS)
    resized.info = {}
    buffer = io.BytesIO()
    resized.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Treat a truncated file as broken: WeasyPrint switches Pillow's tolerance on when imported."""
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def _decode_upright(path: Path, longest: int) -> Image.Image:
    """Decode once (JPEG draft mode at the smallest scale that still covers `longest`)."""
    try:
        with _strict_decoding(), Image.open(path) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(f"image is too large ({image.width}×{image.height})")
            if image.format == "JPEG":
                image.draft(image.mode, (longest, longest))
            image.load()
            upright = ImageOps.exif_transpose(image)
            return to_srgb(upright)
    except PhotoError:
        raise
    except Image.DecompressionBombError as exc:
        raise PhotoError(f"image is too large (over {MAX_PIXELS:,} pixels)") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise PhotoError(f"cannot decode the image ({exc}); export it again as JPEG") from exc


def to_srgb(image: Image.Image) -> Image.Image:
    """Convert any mode (CMYK, 16-bit, alpha, palette, ICC-tagged) to 8-bit sRGB RGB."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda v: v / 257).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "RGB" and "transparency" in image.info):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, BACKGROUND)
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            srgb = ImageCms.createProfile("sRGB")
            image = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            image = image.convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _store_atomically(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def process_photos(jobs: tuple[PhotoJob, ...], cache_dir: Path, workers: int = 1
                   ) -> tuple[dict[str, Path], list[tuple[PhotoJob, str]]]:
    """Process every job (in worker processes when asked); map output paths to cached files.

    Failures come back as (job, message) pairs so the caller can report them all at once.
    """
    done: dict[str, Path] = {}
    failed: list[tuple[PhotoJob, str]] = []

    def collect(job: PhotoJob, result: dict[ImageSize, Path] | PhotoError) -> None:
        if isinstance(result, PhotoError):
            failed.append((job, str(result)))
        else:
            done.update({size.output_path(job.digest): path for size, path in result.items()})

    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for job, result in zip(jobs, pool.map(_process_safely, jobs, [cache_dir] * len(jobs)), strict=True):
                collect(job, result)
    else:
        for job in jobs:
            collect(job, _process_safely(job, cache_dir))
    return done, failed


def _process_safely(job: PhotoJob, cache_dir: Path) -> dict[ImageSize, Path] | PhotoError:
    try:
        return process_photo(job, cache_dir)
    except PhotoError as exc:
        return exc
    except (OSError, ValueError, MemoryError) as exc:
        return PhotoError(f"cannot process the image: {exc}")
