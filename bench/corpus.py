"""A deterministic benchmark corpus shaped like real rolls, written for this project and for Hugo.

    root/site/        site.toml (8 categories) and content/eNNNNN.md (+ content/photos/)
    root/site-print/  the same content (hard links) with `[print] posters = "all"`
    root/hugo/        the same exemplars as Hugo page bundles (content/exemplar/eNNNNN/index.md
                      and photo.jpg), taxonomies category/year/unit, the layouts of bench/hugo/
    root/photos/      the source photos, linked into the three (made once, reused while they fit)

Ten years' rolls; deeds of 1,200–1,500 characters (words.py); 3–6 honours each; one unit for
every five or six exemplars; a tenth collectives. Photos are textured (so decoding costs what a
real photo costs), and a tenth are stored sideways with an EXIF orientation tag, as phones do.
The same arguments always give the same files. Never commit a corpus.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import words
from PIL import Image

HERE = Path(__file__).resolve().parent
HUGO_THEME = HERE / "hugo"
LAST_YEAR = 2025
CATEGORIES = (("道德模范", "moral-models"), ("爱岗敬业", "devotion-to-duty"), ("科技创新", "innovation"),
              ("服务群众", "serving-the-people"), ("社会公益", "public-service"), ("见义勇为", "bravery"),
              ("自强奋斗", "self-reliance"), ("安全生产", "work-safety"))
LEVELS = ("国家级", "省级", "市级", "县级", "单位级")
LEVEL_WEIGHTS = (1, 3, 6, 8, 12)


@dataclass(frozen=True)
class Corpus:
    """What to make: so many exemplars, photos of a size (0: none), over so many years."""

    count: int
    photo_width: int = 0  # 0: no photos
    photo_height: int = 0
    rotated: float = 0.1  # share of photos stored sideways (EXIF orientation 6)
    years: int = 10  # the rolls of so many years, ending with LAST_YEAR
    per_unit: float = 5.5  # exemplars per unit
    seed: int = 2024

    @property
    def photos(self) -> bool:
        return self.photo_width > 0


@dataclass(frozen=True)
class Entry:
    """One invented exemplar, before it is written for either program."""

    slug: str
    name: str
    collective: bool
    categories: tuple[str, ...]
    unit: str
    position: str
    year: int
    level: str
    honours: tuple[str, ...]
    quote: str
    deeds: str
    photo: bool


@dataclass(frozen=True)
class Folders:
    """Where a made corpus is."""

    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def print_site(self) -> Path:
        return self.root / "site-print"

    @property
    def hugo(self) -> Path:
        return self.root / "hugo"


def make_entries(corpus: Corpus) -> list[Entry]:
    """Every exemplar of the corpus, in file order."""
    rng = random.Random(corpus.seed)
    units = words.make_units(rng, max(1, round(corpus.count / corpus.per_unit)))
    unit_of = [units[i % len(units)] for i in range(corpus.count)]
    rng.shuffle(unit_of)  # every unit gets five or six exemplars, spread over the years
    entries = []
    for i in range(corpus.count):
        collective = rng.random() < 0.1
        he = "他们" if collective else rng.choice(("他", "她"))
        unit = unit_of[i]
        department = next(d for d in words.DEPARTMENTS if unit.find(d) > 0)
        name = department + rng.choice(words.TEAMS) if collective else words.make_name(rng)
        year = LAST_YEAR - i % corpus.years
        first = CATEGORIES[rng.randrange(len(CATEGORIES))][0]
        second = CATEGORIES[rng.randrange(len(CATEGORIES))][0] if rng.random() < 0.08 else first
        entries.append(Entry(
            slug=f"e{i:05d}", name=name, collective=collective,
            categories=tuple(dict.fromkeys((first, second))), unit=unit,
            position="" if collective or rng.random() < 0.2 else rng.choice(words.POSITIONS),
            year=year, level=rng.choices(LEVELS, LEVEL_WEIGHTS)[0],
            honours=tuple(words.make_honours(rng, year)),
            quote=rng.choice(words.QUOTES) if rng.random() < 0.7 else "",
            deeds=words.make_deeds(rng, name, he), photo=corpus.photos))
    return entries


def make_corpus(root: Path, corpus: Corpus, workers: int = 2) -> Folders:
    """Write the corpus into root, or keep it as it is when root already holds this very corpus."""
    folders = Folders(root)
    stamp = root / "corpus.json"
    wanted = json.dumps({**asdict(corpus), "code": _code_digest()}, sort_keys=True)
    if stamp.is_file() and stamp.read_text() == wanted:
        _copy_hugo_theme(folders.hugo)  # templates edited since: always the current ones
        return folders
    root.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    photos = _make_photos(root, corpus, workers) if corpus.photos else None
    for folder in (folders.site, folders.print_site, folders.hugo):
        shutil.rmtree(folder, ignore_errors=True)
    entries = make_entries(corpus)
    _write_site(folders.site, entries, photos, posters="current")
    _write_site(folders.print_site, entries, photos, posters="all")
    _write_hugo(folders.hugo, entries, photos)
    stamp.write_text(wanted)
    return folders


def clean_outputs(folders: Folders) -> None:
    """Remove what builds wrote into the corpus (outputs, caches); keep the corpus itself."""
    for site in (folders.site, folders.print_site):
        for name in ("output", ".cache", "output-pdf", "output-text"):
            shutil.rmtree(site / name, ignore_errors=True)
    for name in ("public", "resources", ".hugo_cache", ".hugo_build.lock"):
        path = folders.hugo / name
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def site_toml(posters: str) -> str:
    categories = "".join(f'\n[[categories]]\nname = "{name}"\nslug = "{slug}"\n' for name, slug in CATEGORIES)
    levels = ", ".join(f'"{level}"' for level in LEVELS)
    return (f'title = "先进典型光荣榜"\norganisation = "云州市公用事业集团"\nlanguage = "zh-CN"\n'
            f'levels = [{levels}]\n{categories}\n[print]\nsize = "A3"\nposters = "{posters}"\n')


def project_markdown(entry: Entry) -> str:
    """The exemplar as this project's content file."""
    lines = [f"name: {entry.name}", f"type: {'集体' if entry.collective else '个人'}",
             f"category: {_yaml_list(entry.categories)}", f"unit: {entry.unit}"]
    if entry.position:
        lines.append(f"position: {entry.position}")
    lines += [f"year: {entry.year}", f"level: {entry.level}", "honors:", *(f"  - {h}" for h in entry.honours)]
    if entry.photo:
        lines.append(f"photo: photos/{entry.slug}.jpg")
    if entry.quote:
        lines.append(f"quote: {entry.quote}")
    return "---\n" + "\n".join(lines) + "\n---\n" + entry.deeds


def hugo_markdown(entry: Entry) -> str:
    """The exemplar as a Hugo page: title, taxonomies, the rest under params."""
    lines = [f"title: {entry.name}", f"categories: {_yaml_list(entry.categories)}",
             f'years: ["{entry.year}"]', f"units: {_yaml_list((entry.unit,))}", "params:",
             f"  kind: {'集体' if entry.collective else '个人'}", f'  year: "{entry.year}"',
             f"  position: \"{entry.position}\"", f"  level: {entry.level}",
             f"  honors: {_yaml_list(entry.honours)}", f"  quote: \"{entry.quote}\""]
    return "---\n" + "\n".join(lines) + "\n---\n" + entry.deeds


def _yaml_list(items: tuple[str, ...]) -> str:
    return json.dumps(list(items), ensure_ascii=False)  # JSON is YAML


def _write_site(site: Path, entries: list[Entry], photos: Path | None, posters: str) -> None:
    content = site / "content"
    content.mkdir(parents=True)
    (site / "site.toml").write_text(site_toml(posters), encoding="utf-8")
    for entry in entries:
        (content / f"{entry.slug}.md").write_text(project_markdown(entry), encoding="utf-8")
    if photos is not None:
        (content / "photos").mkdir()
        for entry in entries:
            _link(photos / f"{entry.slug}.jpg", content / "photos" / f"{entry.slug}.jpg")


def _write_hugo(hugo: Path, entries: list[Entry], photos: Path | None) -> None:
    content = hugo / "content" / "exemplar"
    content.mkdir(parents=True)
    _copy_hugo_theme(hugo)
    for entry in entries:
        bundle = content / entry.slug
        bundle.mkdir()
        (bundle / "index.md").write_text(hugo_markdown(entry), encoding="utf-8")
        if photos is not None:
            _link(photos / f"{entry.slug}.jpg", bundle / "photo.jpg")


def _copy_hugo_theme(hugo: Path) -> None:
    """bench/hugo's config and layouts, with the corpus's categories and current year as params."""
    shutil.rmtree(hugo / "layouts", ignore_errors=True)
    shutil.copytree(HUGO_THEME / "layouts", hugo / "layouts")
    categories = ", ".join(f'"{name}"' for name, _ in CATEGORIES)
    config = (HUGO_THEME / "hugo.toml").read_text(encoding="utf-8")
    (hugo / "hugo.toml").write_text(f"{config}\n[params]\nyear = \"{LAST_YEAR}\"\ncategories = [{categories}]\n",
                                    encoding="utf-8")


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copyfile(source, target)


def _code_digest() -> str:
    """The corpus changes with the code that writes it."""
    return hashlib.sha256(b"".join(p.read_bytes() for p in (HERE / "corpus.py", HERE / "words.py"))).hexdigest()[:16]


def _make_photos(root: Path, corpus: Corpus, workers: int) -> Path:
    """The source photos in root/photos, made again only when their size, count or seed changed."""
    folder, stamp = root / "photos", root / "photos.json"
    wanted = json.dumps([corpus.count, corpus.photo_width, corpus.photo_height, corpus.rotated, corpus.seed])
    if stamp.is_file() and stamp.read_text() == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_write_photo, [(folder, corpus, i) for i in range(corpus.count)], chunksize=4))
    stamp.write_text(wanted)
    return folder


def _write_photo(task: tuple[Path, Corpus, int]) -> None:
    folder, corpus, i = task
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
    if rng.random() < corpus.rotated:  # a portrait shot by a phone: stored sideways, tagged to be turned
        exif = Image.Exif()
        exif[0x0112] = 6
        options["exif"] = exif
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", **options)
    (folder / f"e{i:05d}.jpg").write_bytes(buffer.getvalue())
