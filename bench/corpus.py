"""A deterministic benchmark corpus: N exemplars of Chinese text, optionally with photos.

The same arguments always give the same files, byte for byte. Photos have texture (so JPEG
decoding costs what a real photo costs); a share of them is stored sideways with an EXIF
orientation tag and a few are CMYK, as from a print shop. Never commit a corpus.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛范彭鲁韦马"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海燕晓春雪梅东林"
SENTENCES = ("他扎根一线二十年，始终把群众的冷暖放在心上。", "面对急难险重任务，她总是冲在最前面。",
             "班组在他的带领下连续五年实现安全生产零事故。", "她主动钻研新技术，完成技术革新十余项。",
             "多年来坚持志愿服务，累计服务时长超过两千小时。", "同事们都说，有困难就找他。",
             "抢修现场，他带领队员连续奋战三十六个小时。", "她把每一位来访群众都当作自己的亲人。",
             "这个集体用十年时间把一座老厂变成了行业标杆。", "他编写的操作手册成为全公司新员工的必读教材。")
CATEGORIES = (("道德模范", "moral-models"), ("爱岗敬业", "devotion-to-duty"), ("科技创新", "innovation"),
              ("服务群众", "serving-the-people"), ("社会公益", "public-service"), ("见义勇为", "bravery"))
LEVELS = ("国家级", "省级", "市级", "县级", "单位级")
HONOURS = ("先进个人", "优秀共产党员", "劳动模范", "五一劳动奖章", "青年岗位能手", "三八红旗手", "技术能手")
LAST_YEAR = 2025


@dataclass(frozen=True)
class Corpus:
    count: int
    photo_width: int = 0  # 0: no photos
    photo_height: int = 0
    rotated: float = 0.1  # share of photos stored sideways (EXIF orientation 6)
    cmyk: int = 3  # how many photos are CMYK JPEGs
    years: int = 10  # the rolls of so many years, ending with LAST_YEAR
    seed: int = 2024

    @property
    def photos(self) -> bool:
        return self.photo_width > 0


def make_corpus(root: Path, corpus: Corpus, workers: int = 2) -> Path:
    """Write the corpus into root (reused as it is when root already holds the same corpus)."""
    stamp = root / "corpus.json"  # the arguments it was made with
    wanted = json.dumps(asdict(corpus), sort_keys=True)
    if stamp.is_file() and stamp.read_text() == wanted:
        return root
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/photos").mkdir(parents=True)
    categories = "\n".join(f'[[categories]]\nname = "{n}"\nslug = "{s}"\n' for n, s in CATEGORIES)
    levels = ", ".join(f'"{level}"' for level in LEVELS)
    (root / "site.toml").write_text(f'title = "先进典型光荣榜"\norganisation = "基准测试集团"\nlevels = [{levels}]\n'
                                    f'{categories}\n[print]\nsize = "A3"\n', encoding="utf-8")
    rng = random.Random(corpus.seed)
    for i in range(corpus.count):
        (root / f"content/e{i:05d}.md").write_text(_exemplar(rng, i, corpus), encoding="utf-8")
    if corpus.photos:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write_photo, [(root, corpus, i) for i in range(corpus.count)], chunksize=8))
    stamp.write_text(wanted)
    return root


def _exemplar(rng: random.Random, i: int, corpus: Corpus) -> str:
    collective = rng.random() < 0.1
    name = (f"第{i % 97 + 1}运维班组" if collective
            else rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))))
    paragraphs = ["".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 7))) for _ in range(rng.randint(2, 5))]
    honours = ", ".join(rng.sample(HONOURS, rng.randint(1, 3)))
    lines = [f"name: {name}", f"type: {'集体' if collective else '个人'}",
             f"category: {CATEGORIES[i % len(CATEGORIES)][0]}", f"unit: 第{i % max(1, corpus.count // 25) + 1}分公司",
             f"year: {LAST_YEAR - i % corpus.years}", f"level: {rng.choice(LEVELS)}",
             f"honors: [{honours}]", f"slug: e{i:05d}", "quote: 干一行，爱一行，专一行。"]
    if corpus.photos:
        lines.append(f"photo: photos/e{i:05d}.jpg")
    return "---\n" + "\n".join(lines) + "\n---\n" + "\n\n".join(paragraphs) + "\n"


def _write_photo(task: tuple[Path, Corpus, int]) -> None:
    root, corpus, i = task
    rng = random.Random(corpus.seed * 100_003 + i)
    width, height = corpus.photo_width, corpus.photo_height
    blobs = Image.frombytes("RGB", (16, 12), rng.randbytes(16 * 12 * 3)).resize((width, height),
                                                                               Image.Resampling.BICUBIC)
    grain = Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3))
    texture = Image.new("RGB", (width, height))
    for x in range(0, width, 400):
        for y in range(0, height, 300):
            texture.paste(grain, (x, y))
    photo = Image.blend(blobs, texture, 0.12)
    options: dict = {"quality": 90}
    if i < corpus.cmyk:
        photo = photo.convert("CMYK")
    elif rng.random() < corpus.rotated:
        photo = photo.transpose(Image.Transpose.ROTATE_90)  # stored sideways, tagged to be turned back
        exif = Image.Exif()
        exif[0x0112] = 6
        options["exif"] = exif
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", **options)
    (root / f"content/photos/e{i:05d}.jpg").write_bytes(buffer.getvalue())
