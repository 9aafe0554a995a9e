"""Photos: crop maths, orientation, colour, and no metadata in what is published."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from exemplar_site.photos import ImageSize, PhotoError, PhotoJob, crop_box, inspect_photo, process_photo

from .conftest import jpeg_bytes

SIZE = ImageSize(240, 320)


def test_crop_box_cuts_wide_photos_equally_on_both_sides():
    assert crop_box(4000, 3000) == (875, 0, 3125, 3000)


def test_crop_box_keeps_the_top_of_tall_photos():
    left, top, right, bottom = crop_box(300, 1000)
    assert (left, right, bottom - top) == (0, 300, 400)
    assert top == 120  # 20 % of the 600 px cut comes off the top, 80 % off the bottom


def test_crop_box_of_an_exact_ratio_is_the_whole_image():
    assert crop_box(300, 400) == (0, 0, 300, 400)


def process(tmp_path: Path, data: bytes, name: str = "in.jpg") -> Image.Image:
    source = tmp_path / name
    source.write_bytes(data)
    job = PhotoJob(source, name, "d" * 64, (SIZE,))
    out = process_photo(job, tmp_path / "cache")[SIZE]
    return Image.open(out)


def test_output_is_3_by_4_srgb_and_carries_no_metadata(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 1.0)})
    image = process(tmp_path, jpeg_bytes((1200, 900), exif=exif))
    assert image.size == (240, 320) and image.mode == "RGB"
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    assert "comment" not in image.info


def test_exif_orientation_is_applied(tmp_path):
    # stored sideways: the left half is red; orientation 6 means "rotate 90° clockwise to view",
    # so once upright, the red half must be the top half.
    stored = Image.new("RGB", (800, 600), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 400, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", exif=exif)
    assert inspect_photo(_write(tmp_path / "r.jpg", buffer.getvalue())) == (600, 800)
    image = process(tmp_path, buffer.getvalue())
    top, bottom = image.getpixel((120, 20)), image.getpixel((120, 300))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    buffer = io.BytesIO()
    Image.new("CMYK", (300, 400), (0, 255, 255, 0)).save(buffer, "JPEG")
    image = process(tmp_path, buffer.getvalue())
    r, g, b = image.getpixel((100, 100))
    assert image.mode == "RGB" and r > 200 and g < 80 and b < 80


def test_icc_profile_is_converted_not_copied(tmp_path):
    buffer = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    Image.new("RGB", (300, 400), (200, 100, 50)).save(buffer, "JPEG", icc_profile=profile)
    image = process(tmp_path, buffer.getvalue())
    assert "icc_profile" not in image.info


def test_png_alpha_is_flattened_on_white(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 400), (0, 0, 0, 0)).save(buffer, "PNG")
    image = process(tmp_path, buffer.getvalue(), "a.png")
    assert image.getpixel((10, 10)) == (255, 255, 255)


def test_16_bit_greyscale_png_is_scaled_not_clipped(tmp_path):
    buffer = io.BytesIO()
    Image.new("I;16", (300, 400), 32768).save(buffer, "PNG")
    image = process(tmp_path, buffer.getvalue(), "g.png")
    assert 120 <= image.getpixel((10, 10))[0] <= 135


def test_cache_is_keyed_by_content(tmp_path):
    source = tmp_path / "a.jpg"
    source.write_bytes(jpeg_bytes())
    first = process_photo(PhotoJob(source, "a.jpg", "a" * 64, (SIZE,)), tmp_path / "c")[SIZE]
    second = process_photo(PhotoJob(source, "a.jpg", "b" * 64, (SIZE,)), tmp_path / "c")[SIZE]
    assert first != second and first.exists() and second.exists()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not an image"),
    (b"GIF89a-not-really", "not an image"),
    (b"plain text", "not an image"),
])
def test_unreadable_photos_raise_photo_error(tmp_path, data, message):
    with pytest.raises(PhotoError, match=message):
        inspect_photo(_write(tmp_path / "x.jpg", data))


def test_truncated_jpeg_is_a_photo_error_when_processed(tmp_path):
    data = jpeg_bytes((600, 800))
    source = _write(tmp_path / "t.jpg", data[: len(data) // 2])
    with pytest.raises(PhotoError, match="cannot decode"):
        process_photo(PhotoJob(source, "t.jpg", "c" * 64, (SIZE,)), tmp_path / "cache")
