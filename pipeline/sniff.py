"""What a file is, from its first bytes, never from its name (applicants rename files freely)."""

from __future__ import annotations

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE = "application/vnd.openxmlformats-officedocument"  # another Office Open XML package (.pptx …)
OFFICE_TYPES = (DOCX, XLSX)

READABLE = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/bmp",
    "image/webp",
    "image/heic",  # iPhone photos, through pillow-heif
    "application/ofd",  # GB/T 33190 e-documents (电子营业执照, e-certificates)
    DOCX,  # Word (申报表 and letters), through python-docx
    XLSX,  # Excel (申报表), through openpyxl
}

# Types we recognise but do not read, with the reason shown to the reviewer.
_UNSUPPORTED = {
    "application/zip": "压缩包",
    OFFICE: "Office 文档（.pptx 等，只读取 Word .docx 和 Excel .xlsx），请转换为 PDF 后上传",
    # an OLE compound file: .doc/.xls/.wps, and also a .docx/.xlsx saved with a password (its package is encrypted
    # inside an OLE container)
    "application/msword": "旧版 Office 文档（.doc/.xls/.wps）或设了打开密码的 Office 文档，请另存为不设密码的 "
                          ".docx/.xlsx 或 PDF 后上传",
    "image/gif": "GIF 图片，暂不支持",
    "application/x-rar": "RAR 压缩包，暂不支持，请使用 zip",
    "application/x-7z-compressed": "7z 压缩包，暂不支持，请使用 zip",
}


_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis")


def is_ofd(data: bytes) -> bool:
    """An OFD package: a zip whose root holds OFD.xml (GB/T 33190-2016, 7.1)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(n.lstrip("/").lower() == "ofd.xml" for n in zf.namelist())
    except Exception:  # not a readable zip: whatever the caller makes of a broken zip
        return False


def office_type(data: bytes) -> str | None:
    """Which Office Open XML package a zip is, from its part names (ECMA-376 Part 2: every package has
    [Content_Types].xml; the main part of a WordprocessingML package is word/document.xml by convention, of a
    SpreadsheetML one xl/workbook.xml), or None for a zip that is no Office package. A package whose directory
    cannot be read is named from the names in its first local headers; its reader then refuses it with the
    reason."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = {n.lstrip("/").lower() for n in zf.namelist()}
    except Exception:  # a damaged package: its first bytes still say what it meant to be
        head = data[:4096]
        if b"[Content_Types].xml" not in head and b"word/" not in head and b"xl/" not in head:
            return None
        return DOCX if b"word/" in head else XLSX if b"xl/" in head else OFFICE
    if "[content_types].xml" not in names and not any(n.startswith(("word/", "xl/")) for n in names):
        return None
    if any(n.startswith("word/") and n.endswith("document.xml") for n in names):
        return DOCX
    if any(n.startswith("xl/") and n.endswith("workbook.xml") for n in names):
        return XLSX
    return OFFICE


def sniff_type(data: bytes) -> str:
    """The media type the content says it is, or "" when unknown."""
    head = data[:64]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"BM") and len(data) > 26:
        return "image/bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"PK\x03\x04"):
        if is_ofd(data):
            return "application/ofd"
        return office_type(data) or "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if head.startswith(b"Rar!"):
        return "application/x-rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "application/x-7z-compressed"
    # A PDF with junk before its header (some scanners) — looked for only after every signature at the start, so
    # a zip or TIFF that happens to hold "%PDF-" in its first kilobyte is not taken for a PDF.
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    return ""


def sniff(data: bytes) -> tuple[str, str | None]:
    """(media type, reason it cannot be read or None)."""
    if not data:
        return "", "文件为空（0 字节）"
    media_type = sniff_type(data)
    if media_type in READABLE:
        return media_type, None
    if media_type in _UNSUPPORTED:
        return media_type, f"不支持的文件类型：{_UNSUPPORTED[media_type]}"
    return "", "无法识别的文件类型（不是 PDF、OFD、图片，也不是 Word/Excel 文档）"
