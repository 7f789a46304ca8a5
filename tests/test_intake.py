import io
import zipfile

from pipeline.intake import open_packet
from pipeline.sniff import sniff
from tests.pdfmaker import text_pdf


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buf, "PNG")
    return buf.getvalue()


def test_types_come_from_content_not_names(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(_png())  # a PNG named .pdf
    (tmp_path / "IMG_0412.jpg").write_bytes(text_pdf([[(72, 72, "营业执照")]]))  # a PDF named .jpg
    packet = open_packet(tmp_path)
    kinds = {f.name: f.media_type for f in packet.files}
    assert kinds == {"scan.pdf": "image/png", "IMG_0412.jpg": "application/pdf"}


def test_empty_and_unknown_files_get_reasons():
    assert sniff(b"") == ("", "文件为空（0 字节）")
    media, err = sniff(b"hello, this is plain text")
    assert media == "" and "无法识别" in err
    media, err = sniff(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20)
    assert media == "image/heic" and err is None  # read through pillow-heif (a broken one fails in reading)


def test_originals_are_identified_and_unchanged(tmp_path):
    data = text_pdf([[(72, 72, "信用报告")]])
    p = tmp_path / "a.pdf"
    p.write_bytes(data)
    before = p.stat().st_mtime_ns
    packet = open_packet(tmp_path)
    import hashlib

    assert packet.files[0].sha256 == hashlib.sha256(data).hexdigest()
    assert p.read_bytes() == data and p.stat().st_mtime_ns == before
    assert packet.packet_id == tmp_path.name


def test_zip_packet_with_unsafe_members(tmp_path):
    z = tmp_path / "p07.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("licence.png", _png())
        zf.writestr("../../etc/evil.png", _png())
        zf.writestr("/abs/path.png", _png())
        zf.writestr("sub/营业执照.pdf", text_pdf([[(72, 72, "营业执照")]]))
    packet = open_packet(z)
    assert packet.packet_id == "p07"
    by_name = {f.name: f for f in packet.files}
    assert by_name["licence.png"].error is None
    assert by_name["sub/营业执照.pdf"].media_type == "application/pdf"
    unsafe = [f for f in packet.files if f.error and "路径不安全" in f.error]
    assert len(unsafe) == 2
    assert all(not (tmp_path.parent / "etc").exists() for _ in [0])


def test_zip_bomb_member_is_refused(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20_000_000)
    packet = open_packet(z)
    assert "压缩炸弹" in packet.files[0].error
