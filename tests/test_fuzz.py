"""No input crashes the tool: random front matter and photo bytes give success or PATH:LINE lines, never a traceback."""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from exemplar_site.cli import main
from exemplar_site.photos.process import ImageSize, PhotoError, PhotoJob, inspect_photo, process_photo

from .conftest import SITE_TOML, exemplar_md, write_files

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))  # raise it for a longer campaign: FUZZ_EXAMPLES=5000
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
PROBLEM = re.compile(r"^(site\.toml|content/[^:]+)(:\d+)?: (error|warning): \S")
KEYS = ("name", "姓名", "名称", "type", "类型", "category", "类别", "unit", "单位", "position", "职务", "year",
        "年度", "level", "级别", "honors", "荣誉", "photo", "照片", "summary", "简介", "quote", "感言", "status",
        "状态", "review_due", "复核日期", "order", "排序", "slug", "private", "内部", "Name", "yaer", "备注")
PIECES = list("张伟道德模范省级 -_:#&*!|>'\"%@`{}[],.\\/\n\t") + [
    "\x00", "\u202e", "\u200f", "\ufeff", "🌟", "👨‍👩‍👧", "\ud800", "\udfff", "e\u0301", "\u3000", "\x85", "\u2028",
    "---", "<script>", "{{ x }}", "..", "2024年"]
ODD_TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.dates() | ODD_TEXT
           | st.sampled_from(["道德模范", "省级", "2024", "2024年", "个人", "集体", "draft", "撤销", "p.jpg",
                              "../p.jpg", "/etc/passwd", "C:\\p.jpg"])
           | st.integers(1_000, 300_000).map(lambda n: "长" * n))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(ODD_TEXT | st.integers(), inner, max_size=4), max_leaves=16)
FRONT_MATTER = st.dictionaries(st.sampled_from(KEYS) | ODD_TEXT, VALUES, max_size=12)


def run_tool(site: Path, *args: str) -> tuple[int, str]:
    """Run the command line in-process; a Python exception escaping it fails the test with its traceback."""
    result = CliRunner().invoke(main, [*args, "--site", str(site)], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def assert_clean_outcome(code: int, output: str) -> None:
    """Success, or failure explained by problem lines in the agreed format; nothing else."""
    assert code in (0, 1), output
    problems = [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]
    assert all(PROBLEM.match(line) for line in problems), problems
    if code == 1:
        assert any(": error: " in line for line in problems), output


def site_with(files: dict[str, str | bytes]) -> tempfile.TemporaryDirectory:
    folder = tempfile.TemporaryDirectory(prefix="fuzz-")
    write_files(Path(folder.name), {"site.toml": SITE_TOML, **files})
    return folder


def as_file_bytes(front: dict, body: str) -> bytes:
    text = yaml.safe_dump(front, allow_unicode=True, default_flow_style=None, width=60)
    return ("---\n" + text + "---\n" + body + "\n").encode("utf-8", "surrogatepass")


@FUZZ
@given(front=FRONT_MATTER, body=ODD_TEXT, base=st.booleans())
def test_random_front_matter_builds_or_reports(front, body, base):
    if base:  # a valid file with random keys over it: reaches the deeper rules, the pages and the writer
        front = {"name": "张伟", "category": "道德模范", "unit": "一车间", "year": 2024, **front}
    with site_with({"content/x.md": as_file_bytes(front, body), "content/p.jpg": b"not a photo"}) as folder:
        assert_clean_outcome(*run_tool(Path(folder), "build", "--no-pdf", "--jobs", "1"))


@FUZZ
@given(text=st.text(max_size=300) | ODD_TEXT)
def test_random_text_as_a_whole_content_file(text):
    data = text.encode("utf-8", "surrogatepass")
    with site_with({"content/x.md": data, "content/y.md": b"---\n" + data + b"\n---\nok\n"}) as folder:
        assert_clean_outcome(*run_tool(Path(folder), "check"))


@pytest.mark.parametrize("front", [
    "name: " + "[" * 20_000 + "]" * 20_000,
    "name: " + "{a: " * 5_000 + "1" + "}" * 5_000,
    "name:\n" + "".join("  " * i + "- \n" for i in range(3_000)),
    "name: &a [*a]",
    "a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\nname: 张伟",
    "name: !!python/object/apply:os.system ['touch /tmp/fuzz-pwned']",
    "name: 张伟\nname: 李四\n" + "x: " + "y" * 1_000_000,
    "\x00name: 张伟",
    "name: '\u202e伟张'\ncategory: 道德模范\nunit: '\U0001f3ed'\nyear: 2024",
])
def test_hostile_yaml_is_reported_not_crashed_on(make_site, front):
    site = make_site({"content/x.md": "---\n" + front + "\n---\n事迹。\n"})
    assert_clean_outcome(*run_tool(site, "build", "--no-pdf", "--jobs", "1"))
    assert not Path("/tmp/fuzz-pwned").exists()


def real_images() -> list[bytes]:
    """One small real file per format staff send, to be mutated."""
    image = Image.new("RGB", (60, 80), (200, 40, 40))
    image.paste((20, 40, 200), (0, 40, 60, 80))
    made = []
    for fmt, options in (("JPEG", {"exif": Image.Exif()}), ("JPEG", {"progressive": True}), ("PNG", {}),
                         ("WEBP", {}), ("GIF", {}), ("TIFF", {"compression": "tiff_lzw"}), ("BMP", {})):
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        made.append(buffer.getvalue())
    cmyk = io.BytesIO()
    image.convert("CMYK").save(cmyk, "JPEG")
    return made + [cmyk.getvalue()]


REAL = real_images()


@st.composite
def mutated_images(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(REAL)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "byte"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "byte" and data:
            data[at] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0xD8, 0xD9, 0xDA]))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(max_size=64))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 200))] * draw(st.integers(2, 50))
    return bytes(data)


PHOTO_BYTES = st.binary(max_size=2000) | mutated_images()


@FUZZ
@given(data=PHOTO_BYTES)
def test_random_and_mutated_photo_bytes_are_read_or_refused_with_a_photo_error(data):
    with tempfile.TemporaryDirectory(prefix="fuzz-photo-") as folder:
        source = Path(folder) / "photo.dat"
        source.write_bytes(data)
        try:
            inspect_photo(source)
            made = process_photo(PhotoJob(source, "photo.dat", "f" * 64, (ImageSize(240, 320),)), Path(folder) / "c")
        except PhotoError as exc:
            assert str(exc)
        else:
            with Image.open(made[ImageSize(240, 320)]) as image:
                assert image.size == (240, 320)


@settings(FUZZ, max_examples=max(EXAMPLES * 2 // 5, 10))
@given(data=mutated_images())
def test_a_build_with_a_mutated_photo_succeeds_or_names_the_file_and_line(data):
    with site_with({"content/x.md": exemplar_md(photo="p.jpg"), "content/p.jpg": data}) as folder:
        code, output = run_tool(Path(folder), "build", "--no-pdf", "--jobs", "2")
        assert_clean_outcome(code, output)
        if code == 1:  # found when reading the header (the line naming it) or when decoding (the photo itself)
            assert ("content/x.md:6: error: photo 'p.jpg': " in output
                    or "content/p.jpg: error: photo cannot be used: " in output), output

