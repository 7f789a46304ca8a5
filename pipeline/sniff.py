"""What a file is, from its first bytes, never from its name (applicants rename files freely)."""

from __future__ import annotations

READABLE = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/bmp",
    "image/webp",
    "image/heic",  # iPhone photos, through pillow-heif
    "application/ofd",  # GB/T 33190 e-documents (电子营业执照, e-certificates)
}

# Types we recognise but do not read, with the reason shown to the reviewer.
_UNSUPPORTED = {
    "application/zip": "压缩包",
    "application/vnd.openxmlformats-officedocument": "Office 文档（.docx/.xlsx），请转换为 PDF 后上传",
    "application/msword": "旧版 Office 文档（.doc/.xls），请转换为 PDF 后上传",
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
        if b"[Content_Types].xml" in data[:4096] or b"word/" in data[:4096] or b"xl/" in data[:4096]:
            return "application/vnd.openxmlformats-officedocument"
        return "application/zip"
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
    return "", "无法识别的文件类型（既不是 PDF 也不是图片）"
