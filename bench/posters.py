"""Benchmark: N A3 posters (plus boards and the booklet) from a deterministic corpus.

    .venv/bin/python bench/posters.py [--count 100] [--dir /tmp/exemplar-bench]

Prints the cold build time and the nothing-changed build time with how many PDFs each made.
The corpus is written outside the repository (never commit it).
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image

from exemplar_site.builder import BuildConfig, build

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
SENTENCES = ["他扎根一线二十年，始终把群众的冷暖放在心上。", "面对急难险重任务，她总是冲在最前面。",
             "班组在他的带领下连续五年实现安全生产零事故。", "她主动钻研新技术，完成技术革新十余项。",
             "多年来坚持志愿服务，累计服务时长超过两千小时。", "同事们都说，有困难就找他。"]
CATEGORIES = [("道德模范", "moral-models"), ("爱岗敬业", "devotion-to-duty"), ("科技创新", "innovation"),
              ("服务群众", "serving-the-people")]


def make_corpus(root: Path, count: int) -> None:
    rng = random.Random(2024)
    (root / "content/photos").mkdir(parents=True)
    categories = "\n".join(f'[[categories]]\nname = "{n}"\nslug = "{s}"\n' for n, s in CATEGORIES)
    (root / "site.toml").write_text(f'title = "先进典型光荣榜"\norganisation = "基准测试集团"\n{categories}\n'
                                    '[print]\nsize = "A3"\n', encoding="utf-8")
    for i in range(count):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        photo = Image.new("RGB", (1200, 1600), tuple(rng.randint(60, 220) for _ in range(3)))
        photo.save(root / f"content/photos/p{i}.jpg", quality=85)
        deeds = "\n\n".join("".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 8))) for _ in range(3))
        (root / f"content/p{i}.md").write_text(
            f"---\nname: {name}\ncategory: {CATEGORIES[i % len(CATEGORIES)][0]}\nunit: 第{i % 17 + 1}分公司\n"
            f"year: 2025\nlevel: 市级\nhonors: [先进个人, 优秀党员]\nphoto: photos/p{i}.jpg\nslug: p{i}\n"
            f"quote: 干一行爱一行。\n---\n{deeds}\n", encoding="utf-8")


def timed(site: Path) -> tuple[float, object]:
    started = time.perf_counter()
    result = build(BuildConfig(site=site))
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="exemplar-bench-"))
    shutil.rmtree(root, ignore_errors=True)
    make_corpus(root, args.count)
    cold, first = timed(root)
    warm, second = timed(root)
    print(f"{args.count} exemplars, A3: cold build {cold:.1f} s, of which PDFs {first.pdf_seconds:.1f} s "
          f"({first.pdfs_made} PDFs made, {first.pdfs} in all); nothing changed {warm:.1f} s "
          f"({second.pdfs_made} PDFs made)")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
