"""Intake of a packet: the applicant's uploaded files, from a folder or a .zip, each identified by its SHA-256.

Originals are never modified: files are read as bytes and every later stage works from those bytes.
A file that cannot be taken in (too large, unsafe zip member, unreadable) is still listed, with the reason,
so the draft accounts for every upload.
"""

from __future__ import annotations

import hashlib
import stat
import struct
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pipeline.sniff import sniff

# Limits that keep one hostile upload from exhausting the machine (see the robustness issue).
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ZIP_TOTAL_BYTES = 500 * 1024 * 1024
MAX_ZIP_RATIO = 100  # uncompressed / compressed, per member


@dataclass
class PacketFile:
    """One uploaded file, as bytes, with what it is."""

    name: str  # path inside the packet, '/'-separated
    data: bytes = field(repr=False)
    sha256: str
    media_type: str  # sniffed from content: application/pdf, image/jpeg, … or "" when unknown
    error: str | None = None  # why the file cannot be read at all (Chinese, for the reviewer)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Packet:
    packet_id: str
    source: Path
    files: list[PacketFile]


class IntakeError(Exception):
    """The packet as a whole cannot be opened (not a folder, not a zip)."""


def _file(name: str, data: bytes, error: str | None = None) -> PacketFile:
    digest = hashlib.sha256(data).hexdigest()
    media_type, sniff_error = sniff(data)
    return PacketFile(name=name, data=data, sha256=digest, media_type=media_type, error=error or sniff_error)


def packet_id_for(path: Path) -> str:
    name = path.name
    return name[:-4] if name.lower().endswith(".zip") and path.is_file() else name


def open_packet(path: Path) -> Packet:
    """Reads every file of a packet folder or .zip, in a stable order."""
    path = Path(path)
    if path.is_dir():
        files = list(_read_folder(path))
    elif path.is_file() and zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            data = fh.read()
        try:
            files = list(_read_zip(data, prefix=""))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise IntakeError(f"{path}: 压缩包已损坏，无法打开（{type(exc).__name__}）") from exc
    elif path.is_file():
        raise IntakeError(f"{path}: 申报材料包须为文件夹或 .zip 压缩包")
    else:
        raise IntakeError(f"{path}: 找不到申报材料包")
    return Packet(packet_id=packet_id_for(path), source=path, files=files)


# Files the operating system leaves beside uploads; they are not the applicant's and are skipped. Any other
# file, hidden or not, is listed (a file named ".营业执照.pdf" is still an upload).
_JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".localized", "Icon\r"}


def _is_junk(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    if not parts:
        return True
    if any(p.startswith(".") or p == "__MACOSX" for p in parts[:-1]):
        return True  # hidden folders (.git, .Trash) and macOS resource forks
    return parts[-1] in _JUNK_NAMES or parts[-1].startswith("._") or parts[-1].startswith("~$")


def _read_folder(root: Path):
    for p in sorted(root.rglob("*")):
        rel = unicodedata.normalize("NFC", p.relative_to(root).as_posix())
        if _is_junk(rel):
            continue
        try:
            st = p.lstat()
        except OSError as exc:
            yield PacketFile(rel, b"", "", "", f"无法读取文件（{type(exc).__name__}）")
            continue
        if stat.S_ISLNK(st.st_mode):
            yield PacketFile(rel, b"", hashlib.sha256(b"").hexdigest(), "", "符号链接不作为申报材料读取")
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        if st.st_size > MAX_FILE_BYTES:
            yield PacketFile(rel, b"", "", "", f"文件过大（{st.st_size // 1048576} MB，上限 {MAX_FILE_BYTES // 1048576} MB）")
            continue
        try:
            data = p.read_bytes()
        except OSError as exc:
            yield PacketFile(rel, b"", "", "", f"无法读取文件（{type(exc).__name__}）")
            continue
        if _is_plain_zip(data):
            try:
                yield from _read_zip(data, prefix=rel + "/")
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
                yield PacketFile(rel, data, hashlib.sha256(data).hexdigest(), "application/zip",
                                 f"压缩包已损坏，无法解压（{type(exc).__name__}）")
        else:
            yield _file(rel, data)


def _is_plain_zip(data: bytes) -> bool:
    """A zip that is an archive of uploads, not an Office document (which is also a zip)."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(_bytes_io(data)) as zf:
            names = zf.namelist()
    except Exception:  # not a zip after all (or one too broken to list): sniffed like any other file
        return False
    lowered = {n.lstrip("/").lower() for n in names}
    return "[content_types].xml" not in lowered and "mimetype" not in lowered and "ofd.xml" not in lowered


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


def _read_zip(data: bytes, prefix: str):
    with zipfile.ZipFile(_bytes_io(data)) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_ENTRIES:
            yield PacketFile(prefix.rstrip("/") or "(zip)", b"", "", "", f"压缩包条目过多（{len(infos)} 个，上限 {MAX_ZIP_ENTRIES}）")
            return
        total = 0
        names = decode_names(infos)
        for info in sorted(infos, key=lambda i: names[id(i)]):
            name = names[id(info)]
            safe = _safe_member_name(name)
            shown = prefix + (safe or name)
            if safe is None:
                yield PacketFile(shown, b"", "", "", "压缩包内路径不安全（绝对路径或 ../），未解压")
                continue
            if _is_junk(safe):
                continue
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                yield PacketFile(shown, b"", "", "", "符号链接不作为申报材料读取")
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            total += info.file_size
            if info.file_size > MAX_FILE_BYTES or ratio > MAX_ZIP_RATIO or total > MAX_ZIP_TOTAL_BYTES:
                yield PacketFile(shown, b"", "", "", "压缩包内文件解压后过大（疑似压缩炸弹），未解压")
                continue
            if info.flag_bits & 0x1:
                yield PacketFile(shown, b"", "", "", "压缩包内文件已加密（需要密码），未解压；请上传未加密的文件")
                continue
            try:
                member = zf.read(info)
            except Exception as exc:  # corrupt member: the rest of the zip goes on
                yield PacketFile(shown, b"", "", "", f"压缩包内文件损坏，无法解压：{type(exc).__name__}")
                continue
            if _is_plain_zip(member):
                yield PacketFile(shown, member, hashlib.sha256(member).hexdigest(), "application/zip",
                                 "压缩包内又含压缩包，未展开；请直接上传其中的文件")
                continue
            yield _file(shown, member)


def _unicode_path_field(info: zipfile.ZipInfo) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075): the UTF-8 name some tools add beside a legacy one."""
    extra, i = info.extra, 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4:i + 4 + size]
        if kind == 0x7075 and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


# Characters that CP437 decoding of GBK/UTF-8 bytes produces (box drawing, Greek, accented Latin) and that no
# Chinese applicant's file name holds: a name made mostly of them is mojibake to repair.
_CP437_HIGH = set(bytes(range(0x80, 0x100)).decode("cp437"))


def _looks_cp437_mojibake(name: str) -> bool:
    high = sum(ch in _CP437_HIGH for ch in name)
    return high >= 2 and not any("\u4e00" <= ch <= "\u9fff" for ch in name)


def _legacy_encoding(raws: list[bytes]) -> str | None:
    """One encoding for all of an archive's unflagged names, so one folder never gets two names: UTF-8 when every
    name is valid UTF-8 (macOS, Linux `zip`), else GB18030 (Chinese Windows, a superset of GBK), else None."""
    non_ascii = [r for r in raws if not r.isascii()]
    if not non_ascii:
        return None
    for enc in ("utf-8", "gb18030"):
        try:
            for r in non_ascii:
                r.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    return None


def _repair(name: str) -> str:
    """A name that is CP437 mojibake of GBK or UTF-8 (a zip re-packed from badly unpacked files) repaired."""
    if _looks_cp437_mojibake(name):
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            return name
        for enc in ("utf-8", "gb18030"):
            try:
                fixed = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if any("\u4e00" <= ch <= "\u9fff" for ch in fixed):
                return fixed
    return name


def decode_names(infos: list[zipfile.ZipInfo]) -> dict[int, str]:
    """The member names as the applicant saw them, by id(info): the UTF-8 flag honoured, the Unicode Path
    field used, unflagged names decoded with one encoding for the archive, CP437 mojibake repaired, and
    every name in Unicode NFC (macOS writes decomposed forms)."""
    legacy = [i for i in infos if not i.flag_bits & 0x800 and _unicode_path_field(i) is None]
    raws = {}
    for i in legacy:
        try:
            raws[id(i)] = i.filename.encode("cp437")  # zipfile decoded the unflagged bytes as CP437
        except UnicodeEncodeError:
            pass
    enc = _legacy_encoding(list(raws.values()))
    out = {}
    for i in infos:
        name = i.filename if i.flag_bits & 0x800 else (_unicode_path_field(i) or i.filename)
        if id(i) in raws and not raws[id(i)].isascii():
            for e in ([enc] if enc else []) + ["utf-8", "gb18030"]:
                try:
                    name = raws[id(i)].decode(e)
                    break
                except UnicodeDecodeError:
                    continue
        out[id(i)] = unicodedata.normalize("NFC", _repair(name))
    return out


def _safe_member_name(name: str) -> str | None:
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = PurePosixPath(name).parts
    if any(p == ".." for p in parts):
        return None
    return "/".join(p for p in parts if p not in ("", "."))
