"""OFD (GB/T 33190-2016), the national format of 电子营业执照 and e-certificates, read as a document.

An OFD file is a zip: `OFD.xml` names each document's root (`DocBody/DocRoot`, e.g. `Doc_0/Document.xml`);
the document lists its pages (`Pages/Page@BaseLoc`), the default page size (`CommonData/PageArea/PhysicalBox`,
millimetres), template pages and resource files (fonts, images: `MultiMedia/MediaFile`). A page's
`Content/Layer` holds `TextObject`s (`Boundary`, `Size`, optional `CTM`, and `TextCode`s with `X`, `Y` — the
baseline — and `DeltaX` advances, which may be abbreviated `g N v`), `ImageObject`s (`ResourceID`, `Boundary`)
and path objects.

Text objects become the page's text layer, with boxes in points (1 mm = 72/25.4 pt) from the page's top-left,
like PDF pages; the same plausibility check as for PDF text layers applies. A page without text is rendered —
its images composited onto white at their boundaries — and read by OCR. `render_page_scaled` draws a page for
OCR and for evidence pictures (images, then text in a CJK font), capped in pixels.

Unsafe packages are refused: members past `MAX_MEMBER_BYTES` (or inflating more than `MAX_RATIO` times),
more than `MAX_PAGES` pages; XML goes through expat, which resolves no external entities and stops entity
expansion bombs.
"""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from models.reading import PageText, Span
from pipeline.read.limits import MAX_RENDER_PIXELS
from pipeline.read.pages import PageDone, PageImage, PageItem
from pipeline.read.plausible import judge

MM = 72 / 25.4  # points per millimetre
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_PAGES = 200
RENDER_DPI = 200
_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


class OfdError(Exception):
    """The OFD package cannot be read; the message is for the reviewer."""


class OfdHostile(OfdError):
    """The package is built to exhaust a reader (a bomb): the whole file is refused."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: ET.Element | None, name: str) -> ET.Element | None:
    if el is None:
        return None
    return next((c for c in el if _local(c.tag) == name), None)


def _iter(el: ET.Element, name: str) -> Iterator[ET.Element]:
    for c in el.iter():
        if _local(c.tag) == name:
            yield c


def _floats(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    v = _floats(text)
    return (v[0], v[1], v[2], v[3]) if len(v) == 4 else None


def _deltas(text: str | None) -> list[float]:
    """DeltaX / DeltaY, with the `g N v` abbreviation (N advances of v) expanded."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out += [float(tokens[i + 2])] * min(int(tokens[i + 1]), 10000)
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


class _Package:
    """The zip with its limits: members read once, paths resolved as GB/T 33190 says (relative to the file
    that names them, or absolute from the package root)."""

    def __init__(self, data: bytes):
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise OfdError(f"OFD 文件已损坏，无法打开（{type(exc).__name__}）") from exc
        self.infos = {i.filename.lstrip("/").lower(): i for i in infos if not i.is_dir()}
        total = 0
        for i in infos:
            total += i.file_size
            if i.file_size > MAX_MEMBER_BYTES or i.file_size / max(i.compress_size, 1) > MAX_RATIO \
                    or total > MAX_TOTAL_BYTES:
                raise OfdHostile("OFD 文件内成员解压后过大（疑似压缩炸弹），未读取")
            if i.flag_bits & 0x1:
                raise OfdError("OFD 文件已加密，无法读取")

    def read(self, path: str) -> bytes:
        info = self.infos.get(path.lstrip("/").lower())
        if info is None:
            raise OfdError(f"OFD 文件缺少部件 {path}，无法读取")
        try:
            return self.zf.read(info)
        except Exception as exc:
            raise OfdError(f"OFD 文件部件 {path} 已损坏（{type(exc).__name__}）") from exc

    def xml(self, path: str) -> ET.Element:
        body = self.read(path)
        if b"<!DOCTYPE" in body[:4096] or b"<!ENTITY" in body[:65536]:
            # GB/T 33190 parts have no DTD; entity declarations are how XML bombs are built
            raise OfdHostile(f"OFD 文件部件 {path} 含 DTD 或实体声明（疑似 XML 炸弹），未读取")
        try:
            return ET.fromstring(body)
        except ET.ParseError as exc:
            raise OfdError(f"OFD 文件部件 {path} 不是有效的 XML，无法读取") from exc

    @staticmethod
    def resolve(base_dir: str, loc: str) -> str:
        loc = (loc or "").strip().replace("\\", "/")
        if loc.startswith("/"):
            return posixpath.normpath(loc.lstrip("/"))
        return posixpath.normpath(posixpath.join(base_dir, loc))


@dataclass
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass
class _Image:
    resource: str  # package path of the image file
    box: tuple[float, float, float, float]  # x, y, w, h in mm


@dataclass
class _Page:
    number: int
    width_mm: float
    height_mm: float
    chars: list[_Char] = field(default_factory=list)
    images: list[_Image] = field(default_factory=list)


class _Document:
    def __init__(self, data: bytes):
        self.pkg = _Package(data)
        root = self.pkg.xml("OFD.xml")
        body = _child(root, "DocBody")
        doc_root = _child(body, "DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            raise OfdError("OFD 文件缺少 DocBody/DocRoot，无法读取")
        self.doc_path = self.pkg.resolve("", doc_root.text)
        self.doc_dir = posixpath.dirname(self.doc_path)
        self.doc = self.pkg.xml(self.doc_path)
        common = _child(self.doc, "CommonData")
        self.default_box = _box(_child(_child(common, "PageArea"), "PhysicalBox").text
                                if _child(_child(common, "PageArea"), "PhysicalBox") is not None else None) \
            or (0.0, 0.0, 210.0, 297.0)
        self.media: dict[str, str] = {}
        for res_name in ("PublicRes", "DocumentRes"):
            for res in _children(common, res_name) if common is not None else []:
                self._load_res(self.pkg.resolve(self.doc_dir, res.text or ""))
        self.templates = {t.get("ID"): self.pkg.resolve(self.doc_dir, t.get("BaseLoc", ""))
                          for t in (_children(common, "TemplatePage") if common is not None else [])}
        pages = _child(self.doc, "Pages")
        self.page_locs = [self.pkg.resolve(self.doc_dir, p.get("BaseLoc", "")) for p in
                          (_children(pages, "Page") if pages is not None else [])]

    def _load_res(self, path: str) -> None:
        try:
            res = self.pkg.xml(path)
        except OfdHostile:
            raise
        except OfdError:
            return  # a missing resource file: its images are missing, the text is still there
        base = self.pkg.resolve(posixpath.dirname(path), res.get("BaseLoc", ""))
        for mm in _iter(res, "MultiMedia"):
            f = _child(mm, "MediaFile")
            if f is not None and mm.get("ID"):
                self.media[mm.get("ID")] = self.pkg.resolve(base, f.text or "")

    def page(self, i: int) -> _Page:
        path = self.page_locs[i]
        el = self.pkg.xml(path)
        box = _box(_child(_child(el, "Area"), "PhysicalBox").text) \
            if _child(_child(el, "Area"), "PhysicalBox") is not None else None
        x0, y0, w, h = box or self.default_box
        page = _Page(i + 1, w, h)
        for tpl in _children(el, "Template"):  # template pages (backgrounds, fixed text) first
            loc = self.templates.get(tpl.get("TemplateID"))
            if loc:
                try:
                    self._objects(self.pkg.xml(loc), page, x0, y0)
                except OfdHostile:
                    raise
                except OfdError:
                    pass
        self._objects(el, page, x0, y0)
        return page

    def _objects(self, el: ET.Element, page: _Page, ox: float, oy: float) -> None:
        content = _child(el, "Content")
        if content is None:
            return
        for obj in content.iter():
            kind = _local(obj.tag)
            if kind == "TextObject":
                self._text(obj, page, ox, oy)
            elif kind == "ImageObject":
                box = _box(obj.get("Boundary"))
                res = self.media.get(obj.get("ResourceID", ""))
                if box and res:
                    page.images.append(_Image(res, (box[0] - ox, box[1] - oy, box[2], box[3])))

    @staticmethod
    def _text(obj: ET.Element, page: _Page, ox: float, oy: float) -> None:
        box = _box(obj.get("Boundary"))
        if box is None:
            return
        try:
            size = float(obj.get("Size", "3.5"))
        except ValueError:
            size = 3.5
        ctm = _floats(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale = math.sqrt(abs(a * d - b * c)) or 1.0
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            try:
                x, y = float(code.get("X", "0")), float(code.get("Y", "0"))
            except ValueError:
                continue
            dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
            for k, ch in enumerate(text):
                px, py = a * x + c * y + e, b * x + d * y + f  # the object's CTM, then its Boundary
                gx, gy = box[0] - ox + px, box[1] - oy + py
                s = size * scale
                adv = (dx[k] if k < len(dx) else (dx[-1] if dx else size)) * scale
                if ch.strip():
                    page.chars.append(_Char(ch, gx, gy - 0.86 * s, gx + max(adv, 0.5 * s), gy + 0.14 * s, s))
                x += dx[k] if k < len(dx) else (dx[-1] if dx else size)
                if k < len(dy):
                    y += dy[k]


def _spans(page: _Page) -> list[Span]:
    """The page's characters as lines (pdfplumber's line grouping), in points from the top-left."""
    from pdfplumber.utils.text import chars_to_textmap

    from pipeline.read.pdf import _line_spans

    if not page.chars:
        return []
    chars = [{"text": c.text, "x0": c.x0 * MM, "x1": c.x1 * MM, "top": c.top * MM, "bottom": c.bottom * MM,
              "doctop": c.top * MM, "upright": True, "width": (c.x1 - c.x0) * MM, "height": (c.bottom - c.top) * MM,
              "size": c.size * MM} for c in page.chars]
    chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
    w, h = page.width_mm * MM, page.height_mm * MM
    tm = chars_to_textmap(chars, layout_bbox=(0, 0, w, h), layout_width=w, layout_height=h)
    spans: list[Span] = []
    for line in tm.extract_text_lines(strip=True, return_chars=True):
        spans.extend(_line_spans(line, page.number))
    return spans


def _open(data: bytes) -> _Document:
    try:
        return _Document(data)
    except OfdError:
        raise
    except Exception as exc:  # any other structural fault of the package
        raise OfdError(f"OFD 文件结构异常，无法读取（{type(exc).__name__}）") from exc


def parse_ofd(data: bytes, *, render: bool, max_pages: int | None = None) -> Iterator[PageItem]:
    doc = _open(data)
    n = len(doc.page_locs)
    limit = min(max_pages or MAX_PAGES, MAX_PAGES)
    if n == 0:
        raise OfdError("OFD 文件中没有任何页面")
    if n > limit:
        raise OfdError(f"OFD 共 {n} 页，超过单个文件 {limit} 页的上限，本文件未读取，请拆分后上传")
    for i in range(n):
        try:
            page = doc.page(i)
        except OfdHostile:
            raise
        except OfdError as exc:
            yield PageDone(PageText(page=i + 1, width=doc.default_box[2] * MM, height=doc.default_box[3] * MM,
                                    source="text_layer", reason=f"本页无法读取：{exc}"))
            continue
        w, h = page.width_mm * MM, page.height_mm * MM
        spans = _spans(page)
        visible = sum(len(s.text.strip()) for s in spans)
        plaus = judge([s.text for s in spans]) if spans else None
        if visible >= 8 and plaus is not None and plaus.level != "implausible":
            warning = f"第{i + 1}页 OFD {plaus.reason}，请核对原件" if plaus.level == "suspicious" else ""
            yield PageDone(PageText(page=i + 1, width=w, height=h, source="text_layer", spans=spans,
                                    reason=f"使用 OFD 文字对象（{visible} 个字符）", warning=warning))
            continue
        reason = "OFD 页面无文字对象，使用页面图像 OCR" if plaus is None or visible < 8 else \
            f"OFD {plaus.reason}，未采信文字对象，改用页面图像 OCR"
        if not render:
            yield PageDone(PageText(page=i + 1, width=w, height=h, source="ocr", reason=reason + "（未启用 OCR）",
                                    warning=reason if plaus is not None and visible >= 8 else ""))
            continue
        # OCR sees the page's images only: our own drawing of a doubtful text layer would prove nothing
        image, _ = _draw(doc, page, RENDER_DPI, MAX_RENDER_PIXELS, with_text=False)
        yield PageImage(i + 1, image, w, h, reason, "OFD")


def _draw(doc: _Document, page: _Page, dpi: float, max_pixels: int, with_text: bool = True):
    k = dpi / 25.4  # pixels per mm
    if page.width_mm * page.height_mm * k * k > max_pixels:
        k = math.sqrt(max_pixels / max(1e-6, page.width_mm * page.height_mm))
    size = (max(1, round(page.width_mm * k)), max(1, round(page.height_mm * k)))
    canvas = Image.new("RGB", size, "white")
    from pipeline.read.image import frames

    for im in page.images:
        try:
            data = doc.pkg.read(im.resource)
            picture = next(frames(data))
        except Exception:  # a broken image resource: the rest of the page is still drawn
            continue
        x, y, w, h = im.box
        target = (max(1, round(w * k)), max(1, round(h * k)))
        if target[0] * target[1] > max_pixels:
            continue
        canvas.paste(picture.resize(target, Image.LANCZOS), (round(x * k), round(y * k)))
    if with_text and page.chars:
        draw = ImageDraw.Draw(canvas)
        fonts: dict[int, ImageFont.FreeTypeFont] = {}
        for c in page.chars:
            px = max(4, round(c.size * k))
            font = fonts.get(px) or fonts.setdefault(px, ImageFont.truetype(_FONT_PATH, px))
            draw.text((c.x0 * k, c.top * k), c.text, fill="black", font=font)
    return canvas, k / MM  # pixels per point


def render_page_scaled(data: bytes, page_no: int, dpi: float = RENDER_DPI, max_pixels: int = MAX_RENDER_PIXELS):
    """(image, pixels per point) of one page, as a viewer would draw it (images, then text)."""
    doc = _open(data)
    if not 1 <= page_no <= len(doc.page_locs):
        raise OfdError(f"OFD 无第 {page_no} 页")
    return _draw(doc, doc.page(page_no - 1), dpi, max_pixels)
