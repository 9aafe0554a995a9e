"""Colour: any decoded photo to 8-bit sRGB through LittleCMS (ImageCms), never a naive convert.

A photo's own ICC profile is used when it has one. A CMYK photo without one (common from print
shops) is read with a generic coated-offset profile built here: the Lab colours of the 16 ink
overprints of standard offset printing, blended by the Demichel weights with a Yule-Nielsen
correction (n = 2) for dot gain. That gives the colours a print shop means, where Pillow's plain
CMYK→RGB formula makes cyan a glaring (0, 255, 255).
"""

from __future__ import annotations

import functools
import io
import itertools
import struct
from collections.abc import Mapping

from PIL import Image, ImageCms

BACKGROUND = (255, 255, 255)
Lab = tuple[float, float, float]

# Lab (D50) of paper and of solid inks and overprints on coated paper, as characterised for
# standard offset printing. Keys are the inks laid down: "" is bare paper.
COATED_OFFSET: Mapping[str, Lab] = {
    "": (95.0, 0.0, -2.0), "c": (55.0, -37.0, -50.0), "m": (48.0, 74.0, -3.0), "y": (89.0, -5.0, 93.0),
    "k": (16.0, 0.0, 0.0), "cm": (24.0, 22.0, -46.0), "cy": (50.0, -65.0, 27.0), "my": (47.0, 68.0, 48.0),
    "cmy": (23.0, 0.0, -1.0),
}
_D50 = (0.9642, 1.0, 0.8249)
_GRID = 9  # CLUT points per ink: 9^4 = 6,561 colours, interpolated by LittleCMS


def to_srgb(image: Image.Image, cmyk_profile: bytes | None = None) -> Image.Image:
    """Convert any mode (CMYK, 16-bit, alpha, palette, ICC-tagged) to 8-bit sRGB RGB."""
    profile = image.info.get("icc_profile") or None
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda v: v / 257).convert("L")
    elif image.mode == "F":
        image = image.point(lambda v: v * 255).convert("L")
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "RGBa", "La") or (image.mode in ("RGB", "L") and "transparency" in image.info):
        image = _flatten(image)
    if image.mode == "CMYK" and profile is None:
        profile = cmyk_profile or generic_cmyk_profile()
    if profile:
        converted = _convert_with_profile(image, profile)
        if converted is not None:
            return converted
    return image if image.mode == "RGB" else image.convert("RGB")


def _flatten(image: Image.Image) -> Image.Image:
    """Put a transparent image on the page's background colour."""
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", image.size, BACKGROUND)
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _convert_with_profile(image: Image.Image, profile: bytes) -> Image.Image | None:
    """sRGB pixels through LittleCMS; None when the profile is broken or does not fit the mode."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if image.mode == "L" and source.profile.xcolor_space.strip() == "RGB":
            return None
        return ImageCms.profileToProfile(image, source, _srgb(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        if image.mode == "CMYK":
            return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(generic_cmyk_profile())),
                                             _srgb(), outputMode="RGB")
        return None


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@functools.cache
def generic_cmyk_profile() -> bytes:
    return cmyk_profile(COATED_OFFSET, "Generic coated offset (exemplar_site)")


def cmyk_profile(primaries: Mapping[str, Lab], description: str) -> bytes:
    """An ICC v2 CMYK→Lab profile (lut16 AToB0) from the Lab colours of the overprints."""
    clut = bytearray()
    steps = [i / (_GRID - 1) for i in range(_GRID)]
    roots = {combo: tuple(v ** 0.5 for v in _overprint_xyz(primaries, combo))
             for combo in itertools.product((0, 1), repeat=4)}
    for c, m, y, k in itertools.product(steps, repeat=4):
        lightness, a, b = _mix(roots, (c, m, y, k))
        clut += struct.pack(">3H", round(min(100.0, max(0.0, lightness)) * 652.8),
                            *(round((min(127.99, max(-128.0, v)) + 128) * 256) for v in (a, b)))
    identity = struct.pack(">2H", 0, 0xFFFF)
    lut = (b"mft2" + bytes(4) + bytes((4, 3, _GRID, 0))
           + b"".join(struct.pack(">i", round(v * 65536)) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
           + struct.pack(">2H", 2, 2) + identity * 4 + bytes(clut) + identity * 3)
    text = description.encode("ascii")
    tags = [
        (b"desc", b"desc" + bytes(4) + struct.pack(">I", len(text) + 1) + text + b"\0" + bytes(8 + 2 + 1 + 67)),
        (b"cprt", b"text" + bytes(4) + b"No copyright, use freely\0"),
        (b"wtpt", b"XYZ " + bytes(4) + b"".join(struct.pack(">i", round(v * 65536)) for v in _D50)),
        (b"A2B0", lut),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">2I", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"prtrCMYKLab "
              + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + bytes(24) + struct.pack(">I", 0)
              + b"".join(struct.pack(">i", round(v * 65536)) for v in _D50))
    return header + bytes(128 - len(header)) + table + body


def _mix(roots: Mapping[tuple[int, ...], tuple[float, ...]], amounts: tuple[float, ...]) -> Lab:
    """Demichel-weighted Yule-Nielsen mix of the 16 overprints (roots: their XYZ square roots)."""
    total = [0.0, 0.0, 0.0]
    for combo, root in roots.items():
        weight = 1.0
        for on, amount in zip(combo, amounts, strict=True):
            weight *= amount if on else 1 - amount
        if weight:
            for i in range(3):
                total[i] += weight * root[i]
    return _xyz_to_lab(tuple(v * v for v in total))


def _overprint_xyz(primaries: Mapping[str, Lab], combo: tuple[int, ...]) -> tuple[float, float, float]:
    """XYZ of an overprint; black over colours darkens them by black's share of the paper."""
    inks = "".join(ink for ink, on in zip("cmyk", combo, strict=True) if on)
    if "k" not in inks or inks == "k":
        return _lab_to_xyz(primaries[inks])
    colour, paper, black = (_lab_to_xyz(primaries[key]) for key in (inks.replace("k", ""), "", "k"))
    return tuple(c * b / p for c, b, p in zip(colour, black, paper, strict=True))


def _lab_to_xyz(lab: Lab) -> tuple[float, float, float]:
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inverse(f: float) -> float:
        return f ** 3 if f ** 3 > 216 / 24389 else (116 * f - 16) * 27 / 24389

    return tuple(white * inverse(f) for white, f in zip(_D50, (fx, fy, fz), strict=True))


def _xyz_to_lab(xyz: tuple[float, ...]) -> Lab:
    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = (f(v / white) for v, white in zip(xyz, _D50, strict=True))
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
