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
    doc_type: str | None = None  # read right: the document type the draft must give it (when read)
    warning: str | None = None  # a word the document's warnings[] must contain (a text layer not trusted …)


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

def write_bad_corpus(root: Path, slow: bool = False) -> dict[Path, list[BadFile]]:
    """`slow`: also the cases that take the reader to its CPU limit (tens of seconds each; scripts/bad_corpus.py)."""
    root = Path(root)
    folder = root / "bad-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[BadFile] = []

    def put(name: str, data: bytes, expect: str, keyword: str | None, what: str, **more) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        cases.append(BadFile(name, expect, keyword, what, **more))

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
    put("21-申报书.docx", docx_file(), "ok", None, ".docx with one paragraph (read, nothing to type it)",
        doc_type="other")
    put("22-统计表.xlsx", xlsx_like(), "error", "Excel", ".xlsx package whose workbook part is empty")
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
    _real_uploads(put, cases, slow)
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


def _real_uploads(put, cases: list[BadFile], slow: bool) -> None:
    """Issue 13's uploads: each read right (its type, its warnings) or refused with a reason."""
    lic, cert = "business_licence", "award_certificate"
    put("60-营业执照-页面被旋转.pdf", sideways_pdf(LICENCE_LINES), "ok", None,
        "text layer drawn upright, /Rotate 90: displays and extracts sideways", doc_type=lic)
    put("61-营业执照-横版.pdf", landscape_rotated_pdf(LICENCE_LINES, 90), "ok", None,
        "landscape licence: content turned, /Rotate 90 shows it upright", doc_type=lic)
    put("62-营业执照-横版270.pdf", landscape_rotated_pdf(LICENCE_LINES, 270), "ok", None,
        "landscape licence, /Rotate 270", doc_type=lic)
    put("63-荣誉证书-透明背景.png", transparent_png(CERT_LINES), "ok", None,
        "palette PNG, transparent background", needs_ocr=True, doc_type=cert)
    put("64-营业执照-16位灰度.png", png16(LICENCE_LINES), "ok", None, "16-bit greyscale PNG", needs_ocr=True,
        doc_type=lic)
    put("65-荣誉证书-CMYK.jpg", cmyk_jpeg(CERT_LINES), "ok", None, "CMYK JPEG", needs_ocr=True, doc_type=cert)
    put("66-证书照片.heic", heic_photo(CERT_LINES), "ok", None, "HEIC photo (x265, pillow-heif)", needs_ocr=True,
        doc_type=cert)
    put("67-营业执照-文字层错位.pdf", wrong_layer_pdf(LICENCE_LINES, "permuted"), "ok", None,
        "text layer maps to wrong but common Chinese (ToUnicode permuted)", needs_ocr=True, doc_type=lic,
        warning="未采信文字层")
    put("68-营业执照-文字层生僻字.pdf", wrong_layer_pdf(LICENCE_LINES, "rare"), "ok", None,
        "text layer maps to rare characters (犌犅／犜 fonts)", needs_ocr=True, doc_type=lic, warning="未采信文字层")
    put("69-解压炸弹.pdf", inflating_pdf(400), "error", "解压后超过", "0.8 MB PDF inflating to 400 MB")
    put("70-超大页面.pdf", huge_page_pdf(), "ok", None, "20,000 × 20,000 pt text-layer page", doc_type=lic)
    put("71-超大页面扫描件.pdf", huge_scan_pdf(), "ok", None, "20,000 × 20,000 pt scanned page (render capped)",
        needs_ocr=True, doc_type=cert)
    put("72-电子营业执照.ofd", ofd_licence(), "ok", None, "OFD e-licence (GB/T 33190 text objects)", doc_type=lic)
    put("73-电子证书-图片.ofd", ofd_scanned_certificate(), "ok", None, "OFD whose page is an image", needs_ocr=True,
        doc_type=cert)
    put("74-XML炸弹.ofd", ofd_xml_bomb(), "error", "XML 炸弹", "OFD with nested entities (billion laughs)")
    put("75-压缩炸弹.ofd", ofd_zip_bomb(), "error", "压缩炸弹", "OFD with an 80 MB member of zeros")
    put("76-mac压缩包.zip", macos_zip({"申报材料/营业执照.pdf": sideways_pdf(LICENCE_LINES, 270),
                                       "申报材料/荣誉证书.pdf": landscape_rotated_pdf(CERT_LINES)}), "ok", None, "")
    cases.pop()  # the zip itself is not a document: its members are
    z = "76-mac压缩包.zip/"
    cases += [
        BadFile(z + "申报材料/营业执照.pdf", "ok", None, "macOS zip: UTF-8 name without the flag", doc_type=lic),
        BadFile(z + "申报材料/荣誉证书.pdf", "ok", None, "macOS zip: same folder, one name", doc_type=cert),
        BadFile(z + "__MACOSX/申报材料/._营业执照.pdf", "skipped", None, "macOS resource fork"),
    ]
    _office_uploads(put)
    if slow:
        put("77-CPU耗尽.pdf", cpu_hog_pdf(), "error", "疑似异常文件",
            "40 MB of text operators: the reader reaches its CPU limit")


def _office_uploads(put) -> None:
    """申报表 in Word and Excel, and Office packages built to hurt a reader."""
    from tests import officemaker as om

    form = "application_form"
    put("78-申报表.docx", om.form_docx(), "ok", None, "申报表 in Word (tables, merged cells)", doc_type=form)
    put("79-申报表.xlsx", om.form_xlsx(), "ok", None, "申报表 in Excel (merged ranges, numbers)", doc_type=form)
    put("80-申报表-压缩炸弹.docx", om.bomb("docx"), "error", "压缩炸弹", "docx whose document.xml inflates to 200 MB")
    put("81-申报表-压缩炸弹.xlsx", om.bomb("xlsx"), "error", "压缩炸弹", "xlsx whose sheet inflates to 200 MB")
    put("82-申报表-XML炸弹.docx", om.entity_bomb(), "error", "XML 炸弹", "docx body with nested entities")
    put("83-申报表-截断.docx", om.form_docx()[:3000], "error", "损坏", "docx cut after 3 KB")
    put("84-申报表-结构损坏.xlsx", om.broken_part("xlsx"), "error", "结构异常", "xlsx whose workbook.xml is broken")
    put("85-演示文稿.pptx", om.pptx_like(), "error", "pptx", "PowerPoint package (not read)")
    put("86-申报表-有密码.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + b"EncryptedPackage",
        "error", "打开密码", "password-protected docx (an OLE container)")


def cpu_hog_pdf(mb: int = 40) -> bytes:
    """A page of `mb` MB of text-showing operators (under the inflation limit): parsing it takes minutes."""
    chunk = b"BT /F1 6 Tf 10 10 Td (ab) Tj ET\n" * 32_000  # ~1 MB
    z = zlib.compressobj(9)
    body = b"".join(z.compress(chunk) for _ in range(mb)) + z.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(body)).encode() + b" /Filter /FlateDecode >>\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf_from_objects(objs)


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
        warnings = " ".join(w for d in docs for w in d.get("warnings") or [])
        if c.warning and c.warning not in warnings:
            problems.append(f"{c.name}: expected a warning with “{c.warning}”, got “{warnings}”")
        if c.expect == "ok" and c.needs_ocr and not use_ocr and statuses <= {"ok", "partial"}:
            continue
        if c.doc_type and statuses == {"ok"} and c.doc_type not in {d.get("type") for d in docs}:
            problems.append(f"{c.name}: read as {sorted({d.get('type') for d in docs})}, expected {c.doc_type}")
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


# --- uploads applicants really send (issue 13): read right, or refused with a reason -----------------------

LICENCE_LINES = [
    "营业执照", "（副本）", "统一社会信用代码 91310116MA1JK0000X", "名称 上海金山华标精细化工有限公司",
    "类型 有限责任公司（自然人投资或控股）", "法定代表人 杨国栋", "注册资本 人民币6000.0000万元整",
    "成立日期 2008年03月27日", "住所 上海市金山区漕泾镇亭卫公路6558号", "登记机关 上海市金山区市场监督管理局",
]
CERT_LINES = [
    "荣誉证书", "上海金山华标精细化工有限公司：", "荣获2025年度上海市质量金奖。", "特发此证，以资鼓励。",
    "上海市人民政府", "二〇二五年十月",
]


def _set_rotate(data: bytes, degrees: int) -> bytes:
    """reportlab writes `/Rotate 0 /Trans <<\\n\\n>> \\n`; the same bytes with another /Rotate (xref stays right)."""
    old = b"/Rotate 0 /Trans <<\n\n>> \n"
    new = f"/Rotate {degrees} /Trans << >>".encode()
    assert old in data and len(new) <= len(old)
    return data.replace(old, new + b" " * (len(old) - len(new)), 1)


def sideways_pdf(lines: list[str], degrees: int = 90) -> bytes:
    """A text-layer page drawn upright with /Rotate set: it displays (and its text layer extracts) sideways —
    a page a user 'turned' in a viewer and saved."""
    return _set_rotate(text_pdf([[(72, 72 + 32 * i, t) for i, t in enumerate(lines)]], size=16), degrees)


def landscape_rotated_pdf(lines: list[str], degrees: int = 90) -> bytes:
    """A landscape certificate as scanners and e-licence printers store it: a portrait MediaBox, the content
    drawn turned, /Rotate so that it displays upright."""
    from reportlab.pdfgen import canvas

    w, h = 595.28, 841.89
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(h, w) if degrees in (90, 270) else (w, h), invariant=1)
    dw, dh = (h, w) if degrees in (90, 270) else (w, h)
    c.transform(*{90: (0, 1, -1, 0, w, 0), 180: (-1, 0, 0, -1, w, h), 270: (0, -1, 1, 0, 0, h)}[degrees])
    c.setFont(_font(), 16)
    for i, t in enumerate(lines):
        c.drawString(72, dh - 72 - 32 * i, t)
    c.setPageRotation(degrees)
    c.showPage()
    c.save()
    return buf.getvalue()


def _lines_image(lines: list[str], size: int = 34) -> "Image":
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", size)
    width = max(int(font.getlength(t)) for t in lines) + 160
    img = Image.new("L", (width, int(size * 1.9) * len(lines) + 120), 255)
    d = ImageDraw.Draw(img)
    for i, t in enumerate(lines):
        d.text((80, 60 + int(size * 1.9) * i), t, fill=0, font=font)
    return img


def transparent_png(lines: list[str]) -> bytes:
    """Black text on a transparent background in a palette PNG (what a 'remove background' tool saves)."""
    from PIL import Image

    grey = _lines_image(lines)
    rgba = Image.new("RGBA", grey.size, (0, 0, 0, 0))
    rgba.putalpha(grey.point(lambda v: 255 - v))
    buf = io.BytesIO()
    rgba.quantize(16).save(buf, "PNG")
    return buf.getvalue()


def png16(lines: list[str]) -> bytes:
    """A 16-bit greyscale PNG (scanners' 'archive' mode)."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(_lines_image(lines)).astype(np.uint16) * 257
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def cmyk_jpeg(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    _lines_image(lines).convert("CMYK").save(buf, "JPEG", quality=92)
    return buf.getvalue()


def heic_photo(lines: list[str]) -> bytes:
    """A real HEIC (x265) written with pillow-heif, as an iPhone saves a photo of a certificate."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    _lines_image(lines).convert("RGB").save(buf, "HEIF", quality=90)
    return buf.getvalue()


def wrong_layer_pdf(lines: list[str], how: str = "permuted") -> bytes:
    """A page whose glyphs show `lines` while its text layer says something else: the font's ToUnicode map
    rewritten — "permuted" (the page's own characters in the wrong places: valid, common Chinese) or "rare"
    (characters from CJK Extension A, as the 犌犅／犜 fonts do). Same byte lengths, so the xref stays right."""
    import re

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.28, 841.89), invariant=1, pageCompression=0)
    c.setFont(_font(), 16)
    for i, t in enumerate(lines):
        c.drawString(72, 841.89 - 72 - 32 * i, t)
    c.showPage()
    c.save()
    data = buf.getvalue()
    targets = re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", data)
    cjk = [t for _, t in targets if 0x4E00 <= int(t, 16) <= 0x9FFF]
    if how == "permuted":
        rng = random.Random(13)
        shuffled = cjk[:]
        while any(a == b for a, b in zip(cjk, shuffled)):
            rng.shuffle(shuffled)
        mapping = dict(zip(cjk, shuffled))
    else:
        mapping = {t: f"{0x3400 + (int(t, 16) % 0x19B0):04X}".encode() for t in cjk}

    def swap(m: "re.Match[bytes]") -> bytes:
        code, target = m.group(1), m.group(2)
        return b"<" + code + b"> <" + mapping.get(target, target) + b">"

    return re.sub(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", swap, data)


def inflating_pdf(inflated_mb: int = 400) -> bytes:
    """A small PDF whose one content stream inflates to `inflated_mb` MB (the 0.6 MB → 400 MB case)."""
    chunk = b"0 0 m 1 1 l S\n" * 75_000  # ~1 MB of drawing operators
    z = zlib.compressobj(9)
    body = b"".join(z.compress(chunk) for _ in range(inflated_mb)) + z.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length " + str(len(body)).encode() + b" /Filter /FlateDecode >>\nstream\n" + body + b"\nendstream",
    ]
    return _pdf_from_objects(objs)


def _pdf_from_objects(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def huge_page_pdf(side_pt: int = 20_000) -> bytes:
    """A text-layer licence on a 20,000 × 20,000 pt page (drawn at 20x scale)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(side_pt, side_pt), invariant=1)
    c.setFont(_font(), 320)
    for i, t in enumerate(LICENCE_LINES):
        c.drawString(1440, side_pt - 1440 - 640 * i, t)
    c.showPage()
    c.save()
    return buf.getvalue()


def huge_scan_pdf(side_pt: int = 20_000) -> bytes:
    """An image-only 20,000 × 20,000 pt page: rendering it for OCR at 200 dpi would need ~12 GB."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = _lines_image(CERT_LINES, size=48).convert("RGB")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(side_pt, side_pt), invariant=1)
    c.drawImage(ImageReader(img), 0, side_pt - side_pt * img.height / img.width, side_pt,
                side_pt * img.height / img.width)
    c.showPage()
    c.save()
    return buf.getvalue()


def ofd_licence() -> bytes:
    from tests.ofdmaker import build_ofd

    return build_ofd([[(20, 20 + 11 * i, 5.5 if i == 0 else 4.2, t) for i, t in enumerate(LICENCE_LINES)]],
                     size_mm=(297, 210), title="电子营业执照")


def ofd_scanned_certificate() -> bytes:
    """An OFD whose page is one image (an e-certificate issued as a picture): read by OCR."""
    from tests.ofdmaker import build_ofd

    buf = io.BytesIO()
    img = _lines_image(CERT_LINES, size=40).convert("RGB")
    img.save(buf, "PNG")
    w = 180
    return build_ofd([[]], images=[[(buf.getvalue(), (15, 20, w, w * img.height / img.width))]])


def ofd_xml_bomb() -> bytes:
    """An OFD whose page XML declares nested entities (billion laughs)."""
    from tests.ofdmaker import build_ofd

    data = build_ofd([[(20, 20, 5, "营业执照")]])
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    ents = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{"&a%d;" % (i - 1) * 10}">' for i in range(1, 10))
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.endswith("Page_0/Content.xml"):
                body = body.replace(b"?>", f"?><!DOCTYPE lolz [{ents}]>".encode(), 1).replace(
                    "营业执照".encode(), b"&a9;")
            zf.writestr(info.filename, body)
    return out.getvalue()


def ofd_zip_bomb() -> bytes:
    from tests.ofdmaker import build_ofd

    data = build_ofd([[(20, 20, 5, "营业执照")]])
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, src.read(info))
        zf.writestr("Doc_0/Res/image_99.png", b"\x00" * 80_000_000)
    return out.getvalue()


class _Unflagged(zipfile.ZipInfo):
    """A member name in UTF-8 without the UTF-8 flag, as macOS Archive Utility and Linux `zip` write it."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.filename.encode("utf-8"), self.flag_bits & ~0x800


def macos_zip(files: dict[str, bytes]) -> bytes:
    """A zip as macOS makes it: UTF-8 names without the flag, a folder entry, __MACOSX resource forks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        folders = sorted({n.rsplit("/", 1)[0] + "/" for n in files if "/" in n})
        for d in folders:
            zf.writestr(_Unflagged(d), b"")
        for name, data in files.items():
            zf.writestr(_Unflagged(name), data)
            head, _, tail = name.rpartition("/")
            zf.writestr(_Unflagged(f"__MACOSX/{head + '/' if head else ''}._{tail}"), b"\x00\x05\x16\x07\x00\x02")
    return buf.getvalue()
