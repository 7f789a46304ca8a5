"""Uploads applicants really send, read the right way: image modes, HEIC, zip names, and the masking of ids."""

from __future__ import annotations

import io
import uuid
import zipfile

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.intake import open_packet
from pipeline.privacy import mask
from pipeline.read.image import frames
from pipeline.sniff import sniff

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _page() -> Image.Image:
    img = Image.new("L", (640, 220), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    d.text((20, 20), "名称 上海金山华标", fill=0, font=font)
    d.text((20, 120), "类型 有限责任公司", fill=0, font=font)
    return img


def _save(img: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _transparent(grey: Image.Image) -> Image.Image:
    rgba = Image.new("RGBA", grey.size, (0, 0, 0, 0))
    rgba.putalpha(grey.point(lambda v: 255 - v))
    return rgba


@pytest.mark.parametrize("kind", ["palette+transparency", "rgba", "la", "16-bit", "32-bit", "cmyk", "1-bit", "palette"])
def test_every_image_mode_becomes_black_on_white(kind):
    grey = _page()
    data = {
        "palette+transparency": lambda: _save(_transparent(grey).quantize(8)),
        "rgba": lambda: _save(_transparent(grey)),
        "la": lambda: _save(_transparent(grey).convert("LA")),
        "16-bit": lambda: _save(Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)),
        "32-bit": lambda: _save(Image.fromarray(np.asarray(grey).astype(np.int32) * 100), "TIFF"),
        "cmyk": lambda: _save(grey.convert("CMYK"), "JPEG", quality=95),
        "1-bit": lambda: _save(grey.convert("1"), "TIFF", compression="group4"),
        "palette": lambda: _save(grey.convert("RGB").quantize(4)),
    }[kind]()
    frame = next(frames(data))
    assert frame.mode == "RGB" and frame.size == grey.size
    got = np.asarray(frame.convert("L")).astype(int)
    ink = np.asarray(grey) < 128
    assert got[~ink].mean() > 230, "the background must come out white"
    assert got[ink].mean() < 90, "the text must stay dark"


def test_a_real_heic_photo_is_read():
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    grey = _page().convert("RGB")
    data = _save(grey, "HEIF", quality=90)
    assert data[4:12] == b"ftypheic"
    assert sniff(data) == ("image/heic", None)
    frame = next(frames(data))
    assert frame.size == grey.size
    assert np.abs(np.asarray(frame).astype(int) - np.asarray(grey).astype(int)).mean() < 6


class _Unflagged(zipfile.ZipInfo):
    """A member name written in `encoding` without the UTF-8 flag (macOS Archive Utility, Linux zip, Windows)."""

    encoding = "utf-8"

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.filename.encode(self.encoding), self.flag_bits & ~0x800


def _zip(names: list[str], encoding: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n in names:
            info = _Unflagged(n)
            info.encoding = encoding
            zf.writestr(info, b"%PDF-1.4\n" + n.encode())
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_zip_names_without_the_utf8_flag(tmp_path, encoding):
    names = ["申报材料/营业执照.pdf", "申报材料/荣誉证书（市级）.pdf", "申报材料/附件/信用报告.pdf", "readme.pdf"]
    z = tmp_path / "p.zip"
    z.write_bytes(_zip(names, encoding))
    got = sorted(f.name for f in open_packet(z).files)
    assert got == sorted(names)
    folders = {n.split("/")[0] for n in got if "/" in n}
    assert folders == {"申报材料"}  # one folder, one name


def test_cp437_mojibake_and_decomposed_names_are_repaired(tmp_path):
    import unicodedata

    z = tmp_path / "p.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("营业执照.pdf".encode("gbk").decode("cp437"), b"%PDF-1.4 a")  # re-zipped after a bad unzip
        zf.writestr("证书.pdf".encode("utf-8").decode("cp437"), b"%PDF-1.4 b")
        zf.writestr(unicodedata.normalize("NFD", "Qualité.pdf"), b"%PDF-1.4 c")
    assert sorted(f.name for f in open_packet(z).files) == sorted(["营业执照.pdf", "证书.pdf", "Qualité.pdf"])


def test_masking_leaves_prefect_run_ids_alone():
    ids = [str(uuid.UUID(int=n)) for n in (0x13912345678_0000_0000_0000_0000_0000, 0x0F6A3C1E_1391_6881_2345_139123456780)]
    ids += [str(uuid.uuid4()) for _ in range(5000)]
    assert [i for i in ids if mask(f"flow run {i} finished") != f"flow run {i} finished"] == []
    assert mask("手机 13912345678") != "手机 13912345678"
