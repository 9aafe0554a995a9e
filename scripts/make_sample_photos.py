"""Draw the sample roll's portraits: invented silhouettes, not photos of anybody.

Run from the repository root: `python scripts/make_sample_photos.py`. The output is deterministic.
One photo (lin-xiaolan.jpg) is stored the way phones store it: sideways, with an EXIF
orientation tag and GPS coordinates, so the sample shows that the build rotates it upright and
publishes it without metadata.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "content" / "photos"
SIZE = (960, 1280)
PEOPLE = {
    "lin-xiaolan": 1, "zhou-jian-guo": 1, "chen-yu-tong": 1, "ma-weidong": 1, "he-siyuan": 1,
    "wu-guilan": 1, "zheng-xiaoman": 1, "he-ming": 1, "zhao-chunmei": 1, "feng-zhiqiang": 1,
    "tang-jiayi": 1, "qian-yongfu": 1, "han-xue": 1,
    "qiang-xiu-yi-ban": 5, "qing-nian-zhi-yuan-dui": 6, "ye-jian-tiao-du-zu": 4,
}
PHONE_STYLE = "lin-xiaolan"


def backdrop(rng: random.Random) -> Image.Image:
    top = tuple(rng.randint(150, 220) for _ in range(3))
    bottom = tuple(max(0, c - rng.randint(60, 110)) for c in top)
    gradient = Image.linear_gradient("L").resize(SIZE)
    return Image.composite(Image.new("RGB", SIZE, bottom), Image.new("RGB", SIZE, top), gradient)


def figure(draw: ImageDraw.ImageDraw, cx: float, base: float, scale: float, rng: random.Random) -> None:
    coat = tuple(rng.randint(20, 90) for _ in range(3))
    skin = (rng.randint(200, 235), rng.randint(160, 190), rng.randint(130, 160))
    hair = tuple(rng.randint(10, 50) for _ in range(3))
    head = 150 * scale
    neck_y = base - 420 * scale
    draw.rounded_rectangle((cx - 300 * scale, neck_y + 60 * scale, cx + 300 * scale, base + 400 * scale),
                           radius=int(180 * scale), fill=coat)
    draw.polygon([(cx - 70 * scale, neck_y + 60 * scale), (cx + 70 * scale, neck_y + 60 * scale),
                  (cx, neck_y + 200 * scale)], fill=(240, 240, 240))
    draw.rectangle((cx - 50 * scale, neck_y - 30 * scale, cx + 50 * scale, neck_y + 70 * scale), fill=skin)
    draw.ellipse((cx - head, neck_y - 2.3 * head, cx + head, neck_y), fill=skin)
    draw.chord((cx - head * 1.05, neck_y - 2.45 * head, cx + head * 1.05, neck_y - 0.9 * head), 180, 360, fill=hair)


def portrait(slug: str, people: int) -> Image.Image:
    rng = random.Random(slug)
    image = backdrop(rng)
    draw = ImageDraw.Draw(image)
    if people == 1:
        figure(draw, SIZE[0] / 2, SIZE[1] * 0.95, 1.0, rng)
    else:
        for row, count in ((0, people - people // 2), (1, people // 2)):
            for i in range(count):
                cx = SIZE[0] * (i + 1) / (count + 1)
                figure(draw, cx, SIZE[1] * (0.72 + 0.25 * row), 0.5, rng)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: "rotate 90° clockwise to view"
    exif[0x010F] = "SamplePhone"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (31.0, 14.0, 22.5), 3: "E", 4: (121.0, 28.0, 11.0)})
    return exif


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for slug, people in PEOPLE.items():
        image = portrait(slug, people)
        path = OUT / f"{slug}.jpg"
        if slug == PHONE_STYLE:
            image.transpose(Image.Transpose.ROTATE_90).save(path, quality=80, exif=phone_exif())
        else:
            image.save(path, quality=80, optimize=True)
        print(f"{path.relative_to(OUT.parent.parent)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
