"""Photos: crop maths, orientation, colour, and no metadata in what is published."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from exemplar_site.photos.colour import COATED_OFFSET, cmyk_profile
from exemplar_site.photos.process import (
    ImageSize,
    PhotoError,
    PhotoJob,
    crop_box,
    inspect_photo,
    process_photo,
    prune_cache,
)

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


def process(tmp_path: Path, data: bytes, name: str = "in.jpg", sizes: tuple[ImageSize, ...] = (SIZE,),
            max_pixels: int = 100_000_000) -> Image.Image:
    source = tmp_path / name
    source.write_bytes(data)
    job = PhotoJob(source, name, "d" * 64, sizes, max_pixels)
    out = process_photo(job, tmp_path / "cache")[sizes[0]]
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


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def halves(mode: str = "RGB", size: tuple[int, int] = (300, 400)) -> Image.Image:
    """Top half red, bottom half blue (so a sideways or wrong crop shows)."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0], size[1] // 2))
    return image.convert(mode)


def assert_red_over_blue(image: Image.Image) -> None:
    assert image.mode == "RGB" and image.size == (240, 320)
    top, bottom = image.getpixel((120, 40)), image.getpixel((120, 280))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


@pytest.mark.parametrize(("fmt", "options"), [
    ("JPEG", {}),
    ("JPEG", {"progressive": True}),
    ("PNG", {}),
    ("WEBP", {"quality": 90}),
    ("TIFF", {}),
    ("HEIF", {"quality": 90}),
])
def test_every_format_staff_have_is_read_from_its_content_not_its_name(tmp_path, fmt, options):
    # every file is called .dat: the format must come from the bytes
    assert_red_over_blue(process(tmp_path, encoded(halves(), fmt, **options), "photo.dat"))


def test_heic_from_a_phone_is_upright_and_carries_nothing_along(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 1.0)})
    image = process(tmp_path, encoded(halves(), "HEIF", exif=exif, quality=90), "IMG_0001.HEIC")
    assert_red_over_blue(image)
    assert not image.getexif() and not image.info.get("exif")


def test_gif_first_frame_is_used(tmp_path):
    first, second = halves().convert("P"), Image.new("P", (300, 400), 0)
    data = encoded(first, "GIF", save_all=True, append_images=[second], duration=100)
    assert_red_over_blue(process(tmp_path, data, "anim.gif"))


def test_cmyk_jpeg_without_a_profile_gets_print_colours_not_a_naive_conversion(tmp_path):
    image = process(tmp_path, encoded(Image.new("CMYK", (300, 400), (255, 0, 0, 0)), "JPEG", quality=95))
    r, g, b = image.getpixel((120, 160))
    assert Image.new("CMYK", (1, 1), (255, 0, 0, 0)).convert("RGB").getpixel((0, 0)) == (0, 255, 255)
    assert r < 30 and 130 < g < 175 and 195 < b < 235  # printed cyan, about (0, 151, 218)


def test_cmyk_jpeg_with_an_icc_profile_uses_that_profile(tmp_path):
    # a press whose "cyan" ink is orange: only honouring the embedded profile gives orange
    press = dict(COATED_OFFSET, c=(65.0, 45.0, 70.0))
    profile = cmyk_profile(press, "Test press")
    data = encoded(Image.new("CMYK", (300, 400), (255, 0, 0, 0)), "JPEG", quality=95, icc_profile=profile)
    image = process(tmp_path, data)
    expected = ImageCms.profileToProfile(Image.new("CMYK", (1, 1), (255, 0, 0, 0)),
                                         ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                         ImageCms.createProfile("sRGB"), outputMode="RGB").getpixel((0, 0))
    r, g, b = image.getpixel((120, 160))
    assert r > 200 and b < 100, (r, g, b)
    assert all(abs(x - y) <= 6 for x, y in zip((r, g, b), expected, strict=True))
    assert "icc_profile" not in image.info


def test_an_icc_profile_is_converted_not_copied_and_a_broken_one_is_ignored(tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = process(tmp_path, encoded(Image.new("RGB", (300, 400), (200, 100, 50)), "JPEG", icc_profile=profile))
    assert "icc_profile" not in image.info
    assert all(abs(x - y) <= 4 for x, y in zip(image.getpixel((10, 10)), (200, 100, 50), strict=True))
    broken = encoded(Image.new("RGB", (300, 400), (200, 100, 50)), "JPEG", icc_profile=b"not a profile at all")
    assert process(tmp_path, broken, "b.jpg").mode == "RGB"


def test_png_alpha_is_flattened_on_white(tmp_path):
    image = process(tmp_path, encoded(Image.new("RGBA", (300, 400), (0, 0, 0, 0)), "PNG"), "a.png")
    assert image.getpixel((10, 10)) == (255, 255, 255)


def test_16_bit_greyscale_png_is_scaled_not_clipped(tmp_path):
    image = process(tmp_path, encoded(Image.new("I;16", (300, 400), 32768), "PNG"), "g.png")
    assert 120 <= image.getpixel((10, 10))[0] <= 135


def png_16_bit_rgb(size: tuple[int, int], rgb: tuple[int, int, int]) -> bytes:
    """A 48-bit colour PNG (Pillow cannot write one), as scanners and print shops make them."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + struct.pack(">3H", *rgb) * size[0]
    header = struct.pack(">2I5B", size[0], size[1], 16, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size[1]))
            + chunk(b"IEND", b""))


def test_16_bit_colour_png_is_scaled_not_clipped(tmp_path):
    image = process(tmp_path, png_16_bit_rgb((300, 400), (0x8000, 0x4000, 0xFFFF)), "c.png")
    r, g, b = image.getpixel((10, 10))
    assert 120 <= r <= 135 and 58 <= g <= 70 and b >= 250


def jpeg_markers(data: bytes) -> list[int]:
    """The marker of every segment before the image data."""
    markers, at = [], 2
    while at < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: image data follows
            break
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return markers


def test_nothing_private_leaves_with_the_pixels(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 1.0), 3: "E", 4: (121.0, 28.0, 1.0)})
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(halves(), "JPEG", exif=exif, icc_profile=profile, comment=b"home: 3 Garden Road",
                   xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret</x:xmpmeta>")
    source = tmp_path / "p.jpg"
    source.write_bytes(data)
    sizes = (ImageSize(480, 640), SIZE)
    for path in process_photo(PhotoJob(source, "p.jpg", "e" * 64, sizes), tmp_path / "cache").values():
        out = path.read_bytes()
        assert set(jpeg_markers(out)) <= {0xE0, 0xDB, 0xC0, 0xC4, 0xDD, 0xDA}  # JFIF, tables, frame, scan
        for secret in (b"Exif", b"GPS", b"xmpmeta", b"ICC_PROFILE", b"Garden", b"Photoshop"):
            assert secret not in out


def test_large_photos_are_decoded_once_at_a_reduced_scale_and_keep_their_detail(tmp_path):
    sizes = (ImageSize(900, 1200), ImageSize(720, 960), ImageSize(480, 640), SIZE)
    made = process_photo(PhotoJob(_write(tmp_path / "big.jpg", encoded(halves(size=(4000, 3000)), "JPEG")),
                                  "big.jpg", "f" * 64, sizes), tmp_path / "cache")
    for size, path in made.items():
        with Image.open(path) as image:
            assert image.size == (size.width, size.height)
            assert image.getpixel((size.width // 2, size.height // 4))[0] > 200  # red top half
            assert image.getpixel((size.width // 2, size.height * 7 // 8))[2] > 200  # blue bottom half


def test_cache_is_keyed_by_content_and_pruned_to_what_is_used(tmp_path):
    source = _write(tmp_path / "a.jpg", jpeg_bytes())
    first = process_photo(PhotoJob(source, "a.jpg", "a" * 64, (SIZE,)), tmp_path / "c")[SIZE]
    second = process_photo(PhotoJob(source, "a.jpg", "b" * 64, (SIZE,)), tmp_path / "c")[SIZE]
    assert first != second and first.exists() and second.exists()
    assert prune_cache(tmp_path / "c", {second.name}) == 1
    assert not first.exists() and second.exists()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"GIF89a-not-really", "damaged|not an image"),
    (b"plain text", "not an image"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "damaged|not an image"),
])
def test_unreadable_photos_raise_photo_error(tmp_path, data, message):
    with pytest.raises(PhotoError, match=message):
        inspect_photo(_write(tmp_path / "x.jpg", data))


def huge_png_header(width: int, height: int) -> bytes:
    """A PNG that claims to be enormous: a decompression bomb's header, with no pixels behind it."""
    data = png_16_bit_rgb((1, 1), (0, 0, 0))
    header = struct.pack(">2I5B", width, height, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", 13) + b"IHDR" + header + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return data[:8] + ihdr + data[8 + 25:]


def test_a_20000_by_20000_image_is_refused_from_its_header(tmp_path):
    path = _write(tmp_path / "bomb.png", huge_png_header(20_000, 20_000))
    with pytest.raises(PhotoError, match="too large .*20000×20000.*max_megapixels"):
        inspect_photo(path)
    with pytest.raises(PhotoError, match="too large"):
        process_photo(PhotoJob(path, "bomb.png", "0" * 64, (SIZE,)), tmp_path / "cache")


def test_the_pixel_limit_is_a_setting(tmp_path):
    path = _write(tmp_path / "p.jpg", jpeg_bytes((3000, 2000)))
    assert inspect_photo(path, max_pixels=6_000_000) == (3000, 2000)
    with pytest.raises(PhotoError, match="over 5 megapixels"):
        inspect_photo(path, max_pixels=5_000_000)


def test_truncated_jpeg_is_a_photo_error_when_processed(tmp_path):
    data = encoded(halves(size=(600, 800)), "JPEG")
    source = _write(tmp_path / "t.jpg", data[: len(data) // 2])
    with pytest.raises(PhotoError, match="damaged or cut short"):
        process_photo(PhotoJob(source, "t.jpg", "c" * 64, (SIZE,)), tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*"))  # nothing half-made is left in the cache


def test_a_broken_exif_block_does_not_stop_the_photo(tmp_path):
    data = encoded(halves(), "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff")
    assert_red_over_blue(process(tmp_path, data))
