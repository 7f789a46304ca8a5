"""OFD files built to the GB/T 33190-2016 structure, for the reading tests (an e-licence is issued as OFD).

    build_ofd([[(20, 30, 5.0, "营业执照"), ...]])        # one page, text objects at (x, y) mm, size mm

Package: OFD.xml (DocBody: DocInfo, DocRoot) → Doc_0/Document.xml (CommonData: MaxUnitID, PageArea/PhysicalBox,
PublicRes, DocumentRes; Pages/Page@BaseLoc) → Doc_0/PublicRes.xml (Fonts) and Doc_0/DocumentRes.xml
(MultiMedias, files under Doc_0/Res/) → Doc_0/Pages/Page_N/Content.xml (Content/Layer with TextObject →
TextCode X/Y/DeltaX, and ImageObject → ResourceID). Namespace http://www.ofdspec.org/2016, lengths in mm.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from PIL import ImageFont

NS = "http://www.ofdspec.org/2016"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _advances(text: str, size_mm: float) -> list[float]:
    font = ImageFont.truetype(FONT, 100)
    return [round(font.getlength(ch) / 100 * size_mm, 3) for ch in text]


def _delta_x(adv: list[float]) -> str:
    """DeltaX with the `g N v` abbreviation for runs of equal advances (as OFD writers emit it)."""
    out, i = [], 0
    while i < len(adv) - 1:
        j = i
        while j + 1 < len(adv) - 1 and adv[j + 1] == adv[i]:
            j += 1
        n = j - i + 1
        out.append(f"g {n} {adv[i]}" if n >= 3 else " ".join(str(adv[i]) for _ in range(n)))
        i = j + 1
    return " ".join(out)


def build_ofd(pages: list[list[tuple[float, float, float, str]]], *, size_mm: tuple[float, float] = (210, 297),
              images: list[list[tuple[bytes, tuple[float, float, float, float]]]] | None = None,
              title: str = "电子证照") -> bytes:
    """Each page: text lines (x, y of the top-left of the line in mm, font size in mm, text); `images`: per page,
    (PNG/JPEG bytes, (x, y, w, h) mm)."""
    images = images or [[] for _ in pages]
    files: dict[str, str | bytes] = {}
    next_id = [1]

    def new_id() -> int:
        next_id[0] += 1
        return next_id[0]

    font_id = new_id()
    media = []
    page_entries = []
    for n, (lines, pics) in enumerate(zip(pages, images)):
        objs = []
        layer_id = new_id()
        for data, box in pics:
            mid = new_id()
            ext = "png" if data.startswith(b"\x89PNG") else "jpg"
            name = f"image_{mid}.{ext}"
            files[f"Doc_0/Res/{name}"] = data
            media.append(f'<ofd:MultiMedia ID="{mid}" Type="Image"><ofd:MediaFile>{name}</ofd:MediaFile>'
                         f'</ofd:MultiMedia>')
            x, y, w, h = box
            objs.append(f'<ofd:ImageObject ID="{new_id()}" Boundary="{x} {y} {w} {h}" CTM="{w} 0 0 {h} 0 0" '
                        f'ResourceID="{mid}"/>')
        for x, y, size, text in lines:
            adv = _advances(text, size)
            width = round(sum(adv), 3)
            objs.append(
                f'<ofd:TextObject ID="{new_id()}" Boundary="{x} {y} {width + 1} {round(size * 1.4, 3)}" '
                f'Font="{font_id}" Size="{size}"><ofd:FillColor Value="0 0 0"/>'
                f'<ofd:TextCode X="0" Y="{round(size * 0.9, 3)}" DeltaX="{_delta_x(adv)}">{escape(text)}'
                f'</ofd:TextCode></ofd:TextObject>')
        pid = new_id()
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="{layer_id}" Type="Body">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')
        page_entries.append(f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    w, h = size_mm
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="{font_id}" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    files["Doc_0/DocumentRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>'
        f'{"".join(media)}</ofd:MultiMedias></ofd:Res>')
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{next_id[0]}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {w} {h}</ofd:PhysicalBox>'
        f'</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml'
        f'</ofd:DocumentRes></ofd:CommonData><ofd:Pages>{"".join(page_entries)}</ofd:Pages></ofd:Document>')
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        f'<ofd:DocBody><ofd:DocInfo><ofd:DocID>6a9c2b1f0d4e4c57a1e3b2c4d5e6f708</ofd:DocID>'
        f'<ofd:Title>{escape(title)}</ofd:Title><ofd:CreationDate>2025-03-18</ofd:CreationDate>'
        f'<ofd:Creator>jinshan-review tests</ofd:Creator></ofd:DocInfo>'
        f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", files.pop("OFD.xml"))  # first, as writers put it
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()
