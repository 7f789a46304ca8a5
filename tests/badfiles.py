"""A corpus of bad uploads, each with the outcome the draft must show.

`write_bad_corpus(root)` writes two packets under `root` and returns, per packet path, what every upload must
become in the draft:

- `bad-uploads/`: a folder packet with a good certificate among empty, truncated, corrupt, encrypted,
  oversized and mislabelled files, decompression bombs, unsupported types, a duplicate, a symlink, and zips
  inside the folder (unsafe member paths, a symlink member, a nested zip, a ratio bomb, an encrypted member, a
  corrupt member, GBK names, too many entries);
- `zip-packet.zip`: a packet uploaded as one zip with `../`, absolute paths, a nested zip and a good file.

Outcomes: "ok" (read; status ok), "partial" (read, some pages not), "error" (status error, the reason contains
`keyword`), "skipped" (operating-system junk that is not an upload and must not appear). The names are the
`documents[].file` names the draft shows.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.pdfmaker import _font, text_pdf

ID_IN_NAME = "310228198506122416"  # an ID number in a file name: the logs must mask it
PERSON_ID = "31022819900101002X"  # in a credit report's text (read, logged at DEBUG: must be masked)
PERSON_MOBILE = "13916881234"


@dataclass(frozen=True)
class BadFile:
    name: str  # documents[].file in the draft
    expect: str  # ok | partial | error | skipped
    keyword: str | None  # a word the Chinese reason must contain (error/partial)
    what: str  # what the case is, for the table
    needs_ocr: bool = False  # an image: without OCR it is read as "partial" (no text), not "ok"


# --- makers ------------------------------------------------------------------------------------------------

def cert_pdf(tag: str = "") -> bytes:
    return text_pdf([[
        (72, 72, "质量管理体系认证证书"),
        (72, 110, "证书编号：00125Q31234R0M"),
        (72, 140, f"兹证明上海金山华标精细化工有限公司{tag}"),
        (72, 170, "质量管理体系符合 GB/T 19001-2016 标准"),
        (72, 200, "发证日期：2025年3月18日"),
    ]])


def encrypted_pdf(user: str = "secret", owner: str = "owner") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, encrypt=StandardEncryption(user, ownerPassword=owner))
    c.setFont(_font(), 14)
    c.drawString(72, 700, "营业执照 统一社会信用代码 91310116MA1JK0000X")
    c.showPage()
    c.save()
    return buf.getvalue()


def many_pages_pdf(n: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for i in range(n):
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, f"page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def broken_page_pdf() -> bytes:
    """Two pages; page 2's content stream is garbage (the file opens, page 1 reads, page 2 yields nothing)."""
    import re

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=0)
    for text in ("检验检测机构资质认定证书 证书编号 231012345678", "第二页"):
        c.setFont(_font(), 14)
        c.drawString(72, 700, text)
        c.showPage()
    c.save()
    data = buf.getvalue()
    num = re.findall(rb"/Contents (\d+) 0 R", data)[1]
    start = data.find(b"stream", data.find(num + b" 0 obj")) + 7
    end = data.find(b"endstream", start)
    garbage = bytes(random.Random(8).randrange(128, 256) for _ in range(end - start - 1)) + b"\n"
    return data[:start] + garbage + data[end:]


def png(width: int = 40, height: int = 20) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, "PNG")
    return buf.getvalue()


def text_png(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 40)
    img = Image.new("RGB", (40 * len(text) + 80, 120), "white")
    ImageDraw.Draw(img).text((40, 30), text, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def jpeg(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels, with almost no pixel data (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    data = bytearray(jpeg(16, 16))
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def docx_file() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("申报书")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_like() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


class _GbkInfo(zipfile.ZipInfo):
    """A member name stored in GBK without the UTF-8 flag, as Chinese Windows writes it."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _set_flag(data: bytes, member: bytes, bit: int) -> bytes:
    """Sets a general-purpose flag bit of one member in both its local and central headers."""
    buf = bytearray(data)
    for sig, name_off, flag_off in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        i = 0
        while (i := buf.find(sig, i)) >= 0:
            if buf[i + name_off:i + name_off + len(member)] == member:
                (flags,) = struct.unpack_from("<H", buf, i + flag_off)
                struct.pack_into("<H", buf, i + flag_off, flags | bit)
            i += 4
    return bytes(buf)


def _symlink_member(zf: zipfile.ZipFile, name: str, target: str) -> None:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    zf.writestr(info, target)


def uploads_zip() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("inner.pdf", cert_pdf("（内层）"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_GbkInfo("营业执照.pdf"), text_pdf([[(72, 72, "营业执照"), (72, 100, "统一社会信用代码 91310116MA1JK0000X"),
                                                       (72, 130, "名称 上海金山华标精细化工有限公司")]]))
        zf.writestr("../../逃逸.pdf", cert_pdf("（逃逸）"))
        zf.writestr("/etc/绝对路径.pdf", cert_pdf("（绝对）"))
        zf.writestr("C:/Windows/盘符.pdf", cert_pdf("（盘符）"))
        _symlink_member(zf, "链接.pdf", "/etc/passwd")
        zf.writestr("嵌套.zip", inner.getvalue())
        zf.writestr("炸弹.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 5_000_000)
        zf.writestr("加密成员.pdf", cert_pdf("（加密）"))
        zf.writestr("损坏成员.pdf", cert_pdf("（损坏）"), compress_type=zipfile.ZIP_STORED)
        zf.writestr("__MACOSX/._营业执照.pdf", b"\x00\x05\x16\x07")
    data = _set_flag(buf.getvalue(), "加密成员.pdf".encode(), 0x1)
    # flip bytes inside the stored member so its CRC fails
    i = data.find(b"PK\x03\x04", data.find("损坏成员.pdf".encode()) - 60)
    j = data.find(b"%PDF", i) + 200
    return data[:j] + bytes(b ^ 0x5A for b in data[j:j + 32]) + data[j + 32:]


def too_many_entries_zip(n: int = 501) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(n):
            zf.writestr(f"f{i:03d}.txt", b"x")
    return buf.getvalue()


def zip_packet() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("a.pdf", cert_pdf("（嵌套）"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("证书.pdf", cert_pdf("（压缩包）"))
        zf.writestr("../上级目录.pdf", cert_pdf("（上级）"))
        zf.writestr("材料/../../../tmp/穿越.pdf", cert_pdf("（穿越）"))
        zf.writestr("/root/绝对.pdf", cert_pdf("（根）"))
        zf.writestr("子包.zip", inner.getvalue())
        zf.writestr("空.jpg", b"")
        zf.writestr(".DS_Store", b"\x00\x00\x00\x01Bud1")
    return buf.getvalue()


# --- the corpus --------------------------------------------------------------------------------------------

def write_bad_corpus(root: Path) -> dict[Path, list[BadFile]]:
    root = Path(root)
    folder = root / "bad-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[BadFile] = []

    def put(name: str, data: bytes, expect: str, keyword: str | None, what: str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        cases.append(BadFile(name, expect, keyword, what))

    good = cert_pdf()
    put("01-质量管理体系认证证书.pdf", good, "ok", None, "good certificate (the rest of the packet)")
    put("02-证书-重复上传.pdf", good, "error", "重复上传", "same bytes twice")
    put("03-空文件.pdf", b"", "error", "0 字节", "zero bytes (.pdf)")
    put("04-空图片.jpg", b"", "error", "0 字节", "zero bytes (.jpg)")
    put(f"05-身份证{ID_IN_NAME}.pdf", b"", "error", "0 字节", "zero bytes, ID number in the name")
    other = text_pdf([[(72, 72, "检验检测机构资质认定证书"), (72, 100, "证书编号：231012345678"),
                       (72, 130, "发证日期：2025年5月6日")]])
    put("06-截断.pdf", other[: len(other) // 2], "error", "损坏", "truncated PDF (half)")
    put("07-截断尾部.pdf", other[:-30], "error", "损坏", "truncated PDF (trailer cut)")
    put("08-损坏.pdf", b"%PDF-1.4\n" + bytes(random.Random(1).randrange(256) for _ in range(4000)), "error", "损坏",
        "PDF header then garbage")
    put("09-只有文件头.pdf", b"%PDF-1.7\n", "error", "损坏", "PDF header only")
    put("10-加密.pdf", encrypted_pdf(), "error", "加密", "password-protected PDF")
    put("11-仅权限密码.pdf", encrypted_pdf(user=""), "ok", None, "owner password only (opens without one)")
    put("12-三百页.pdf", many_pages_pdf(300), "error", "300 页", "300 pages (limit 200: not read)")
    put("13-第二页损坏.pdf", broken_page_pdf(), "partial", "第2页", "page 2 content stream garbage")
    put("14-炸弹.png", png_claiming(100_000, 100_000), "error", "图片尺寸异常", "PNG claiming 100,000×100,000")
    put("15-超大.png", png_claiming(9_000, 9_000), "error", "图片尺寸异常", "PNG claiming 9,000×9,000 (81 Mpx)")
    put("16-炸弹.jpg", jpeg_claiming(65_000, 65_000), "error", "图片尺寸异常", "JPEG claiming 65,000×65,000")
    j = jpeg(400, 300)
    put("17-截断.jpg", j[: len(j) // 3], "error", "图片已损坏", "truncated JPEG")
    p = text_png("营业执照")
    put("18-截断.png", p[: len(p) // 2], "error", "图片已损坏", "truncated PNG")
    put("19-扫描件.pdf", text_png("营业执照 统一社会信用代码"), "ok", None, "a PNG named .pdf")
    cases[-1] = BadFile(cases[-1].name, "ok", None, cases[-1].what, needs_ocr=True)
    put("20-证书.jpg", text_pdf([[(72, 72, "荣誉证书"), (72, 100, "上海市质量金奖"),
                                 (72, 130, "上海市人民政府 二〇二五年十月")]]), "ok", None, "a PDF named .jpg")
    put("21-申报书.docx", docx_file(), "error", "Office", ".docx")
    put("22-统计表.xlsx", xlsx_like(), "error", "Office", ".xlsx")
    put("23-旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "error", "旧版 Office", ".doc (OLE)")
    put("24-照片.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100, "error", "图片已损坏", "HEIC header only")
    put("25-动图.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "error", "GIF", ".gif")
    put("26-材料.rar", b"Rar!\x1a\x07\x00" + b"\x00" * 50, "error", "RAR", ".rar")
    put("27-材料.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 50, "error", "7z", ".7z")
    put("28-说明.txt", "申报说明：联系人 张三 电话 13812345678".encode(), "error", "无法识别", "plain text")
    put("29-网页.html", b"<!doctype html><html><body>hello</body></html>", "error", "无法识别", "HTML")
    put("30-随机.bin", bytes(random.Random(2).randrange(256) for _ in range(2048)), "error", "无法识别",
        "random bytes")
    put("31-位图.bmp", b"BM" + b"\x00" * 40, "error", "图片已损坏", "BMP header only")
    put("33-法人信用报告.pdf", text_pdf([[
        (72, 72, "公共信用信息报告（法人版）"), (72, 100, "报告编号：FRXY2026031800077"),
        (72, 130, "法定代表人：王小明"), (72, 160, f"身份证件号码：{PERSON_ID}"),
        (72, 190, f"联系电话：{PERSON_MOBILE}  办公电话：021-57931234"), (72, 220, "出具日期：2026年03月18日"),
        (72, 250, "行政处罚信息 0"), (72, 280, "严重失信主体名单信息 0")]]), "ok", None,
        "credit report with an ID and phone numbers (logs must mask them)")
    put(".隐藏的资质证书.pdf", text_pdf([[(72, 72, "高新技术企业证书"), (72, 100, "证书编号：GR202531001234")]]), "ok",
        None, "hidden file name (still an upload)")
    put("40-坏压缩包.zip", b"PK\x03\x04" + bytes(random.Random(3).randrange(256) for _ in range(300)), "error",
        "压缩包", "zip signature then garbage")
    put("41-条目过多.zip", too_many_entries_zip(), "error", "条目过多", "zip with 501 entries")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    cases.append(BadFile(".DS_Store", "skipped", None, "macOS junk"))
    os.symlink("/etc/passwd", folder / "32-链接.pdf")
    cases.append(BadFile("32-链接.pdf", "error", "符号链接", "symlink to /etc/passwd"))

    (folder / "50-上传.zip").write_bytes(uploads_zip())
    z = "50-上传.zip/"
    cases += [
        BadFile(z + "营业执照.pdf", "ok", None, "zip member with a GBK name"),
        BadFile(z + "../../逃逸.pdf", "error", "路径不安全", "zip member ../../"),
        BadFile(z + "/etc/绝对路径.pdf", "error", "路径不安全", "zip member with an absolute path"),
        BadFile(z + "C:/Windows/盘符.pdf", "error", "路径不安全", "zip member with a drive letter"),
        BadFile(z + "链接.pdf", "error", "符号链接", "zip member that is a symlink"),
        BadFile(z + "嵌套.zip", "error", "又含压缩包", "zip inside a zip"),
        BadFile(z + "炸弹.png", "error", "压缩炸弹", "zip member with ratio > 100"),
        BadFile(z + "加密成员.pdf", "error", "加密", "encrypted zip member"),
        BadFile(z + "损坏成员.pdf", "error", "损坏", "zip member failing its CRC"),
        BadFile(z + "__MACOSX/._营业执照.pdf", "skipped", None, "macOS resource fork in a zip"),
    ]

    zp = root / "zip-packet.zip"
    zp.write_bytes(zip_packet())
    zip_cases = [
        BadFile("证书.pdf", "ok", None, "good file in a zip packet"),
        BadFile("../上级目录.pdf", "error", "路径不安全", "zip packet member ../"),
        BadFile("材料/../../../tmp/穿越.pdf", "error", "路径不安全", "zip packet member a/../../../"),
        BadFile("/root/绝对.pdf", "error", "路径不安全", "zip packet member with an absolute path"),
        BadFile("子包.zip", "error", "又含压缩包", "zip inside the zip packet"),
        BadFile("空.jpg", "error", "0 字节", "empty member"),
        BadFile(".DS_Store", "skipped", None, "macOS junk in the zip packet"),
    ]
    return {folder: cases, zp: zip_cases}


def check_outcomes(documents: list[dict], cases: list[BadFile], use_ocr: bool = True) -> list[str]:
    """What differs between a draft's documents[] and the expected outcomes (empty when all is as expected)."""
    by_file: dict[str, list[dict]] = {}
    for d in documents:
        by_file.setdefault(d["file"], []).append(d)
    problems = []
    expected = {c.name for c in cases}
    for c in cases:
        docs = by_file.get(c.name, [])
        if c.expect == "skipped":
            if docs:
                problems.append(f"{c.name}: expected to be skipped, found in the draft")
            continue
        if not docs:
            problems.append(f"{c.name}: missing from the draft")
            continue
        statuses = {d["status"] for d in docs}
        reasons = " ".join(d.get("error") or "" for d in docs)
        if c.expect == "ok" and c.needs_ocr and not use_ocr and statuses <= {"ok", "partial"}:
            continue
        if c.expect == "ok" and statuses != {"ok"}:
            problems.append(f"{c.name}: expected ok, got {sorted(statuses)} {reasons}")
        elif c.expect == "partial" and ("partial" not in statuses or c.keyword not in reasons):
            problems.append(f"{c.name}: expected partial with “{c.keyword}”, got {sorted(statuses)} {reasons}")
        elif c.expect == "error" and (statuses != {"error"} or c.keyword not in reasons):
            problems.append(f"{c.name}: expected error with “{c.keyword}”, got {sorted(statuses)} {reasons}")
    for name in by_file:
        if name not in expected:
            problems.append(f"{name}: in the draft but not in the corpus")
    return problems
