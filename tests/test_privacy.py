"""Private data (内部) and unpublished keys appear in no output file: pages, scripts, data, images, PDFs."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from .conftest import exemplar_md, require_pdf_engine

SENTINELS = ("PRIV-PHONE-13912345678", "家庭困难哨兵", "PRIV-ASSESS-B", "ID-SENTINEL-110101", "未公开哨兵键值",
             "PHOTO-EXIF-SENTINEL", "PHOTO-XMP-SENTINEL", "PHOTO-COMMENT-SENTINEL", "PHOTO-IPTC-SENTINEL",
             "PHOTO-GPS-SENTINEL")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def photo_full_of_metadata() -> bytes:
    """A phone photo carrying a description, GPS, XMP, a comment and an IPTC caption."""
    exif = Image.Exif()
    exif[0x010E] = "PHOTO-EXIF-SENTINEL"  # ImageDescription
    exif[0x010F] = "Phone"
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 1.0), 27: b"ASCII\0\0\0PHOTO-GPS-SENTINEL"})
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (30, 90, 160)).save(
        buffer, "JPEG", exif=exif, comment=b"PHOTO-COMMENT-SENTINEL",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>PHOTO-XMP-SENTINEL</x:xmpmeta>")
    data = buffer.getvalue()
    caption = b"PHOTO-IPTC-SENTINEL"
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc + b"\0" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + app13 + data[2:]


@pytest.fixture
def secret_site(make_site):
    return make_site({
        "content/zhang-wei.md": exemplar_md(
            "张伟的先进事迹。\n\n他连续十年无事故。", photo="zw.jpg", level="省级", honors="省劳动模范",
            private="\n  phone: PRIV-PHONE-13912345678\n  family: 家庭困难哨兵\n"
                    "  assessments:\n    - {year: 2023, grade: PRIV-ASSESS-B}"),
        "content/zw.jpg": photo_full_of_metadata(),
        "content/li-si.md": exemplar_md("李四的事迹。", name="李四", category="科技创新", year="2023",
                                        身份证号="ID-SENTINEL-110101", remarks="未公开哨兵键值"),
        "content/team.md": "---\n名称: 第一车间\n类型: 集体\n类别: 爱岗敬业\n单位: 测试单位\n年度: 2024年\n"
                           "内部:\n  联系电话: PRIV-PHONE-13912345678\n---\n集体事迹。\n",
    })


def visible_text(data: bytes) -> str:
    """A text file as a reader or a script would take it: JSON/JS '\\uXXXX' escapes decoded too."""
    text = data.decode("utf-8", errors="replace")
    return text + "\n" + _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def pdf_words(path: Path) -> str:
    reader = PdfReader(path)
    meta = " ".join(str(value) for value in (reader.metadata or {}).values())
    return meta + "\n".join(page.extract_text() or "" for page in reader.pages)


def leaks(out: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        readable = [data.decode("latin-1"), visible_text(data)]
        if path.suffix == ".pdf":
            readable.append(pdf_words(path))
        for sentinel in SENTINELS:
            if any(sentinel in text for text in readable):
                found.append((path.relative_to(out).as_posix(), sentinel))
    return found


def test_nothing_private_reaches_any_output_file_including_pdfs(secret_site, build_site):
    require_pdf_engine()
    result = build_site(secret_site, pdf=True, drafts=True)
    out = result.out
    kinds = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert {".html", ".css", ".jpg", ".pdf"} <= kinds
    assert result.product_files >= 3
    assert "第一车间" in pdf_words(out / "poster/team.pdf")  # the check reads real text out of the PDFs
    assert leaks(out) == []


def test_the_leak_check_would_see_a_leak(secret_site, build_site):
    """The scanner itself: a leak planted in an output file, a JS escape and a PDF's text are all found."""
    require_pdf_engine()
    out = build_site(secret_site, pdf=True).out
    (out / "planted.js").write_text('var x = "\\u5bb6\\u5ead\\u56f0\\u96be\\u54e8\\u5175";', encoding="utf-8")
    assert leaks(out) == [("planted.js", "家庭困难哨兵")]


def test_published_photos_keep_no_metadata_at_all(secret_site, build_site):
    source = (secret_site / "content/zw.jpg").read_bytes()
    assert all(s.encode() in source for s in SENTINELS if s.startswith("PHOTO-"))  # the source has them all
    out = build_site(secret_site).out
    photos = sorted((out / "photos").iterdir())
    assert photos
    for photo in photos:
        with Image.open(photo) as image:
            assert not image.getexif() and not image.info.get("xmp") and "comment" not in image.info
            assert not getattr(image, "applist", [])[1:]  # only the JFIF segment is left
    assert leaks(out) == []
