"""The installed Debian CJK fonts, by short key, with the .ttc subfont index of the simplified-Chinese face."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont


@dataclass(frozen=True)
class FontFace:
    key: str
    path: str
    index: int
    truetype: bool  # TrueType outlines embed with an extractable text layer; Noto CJK (CFF) may not


FACES = {
    f.key: f
    for f in [
        FontFace("noto-serif", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, False),
        FontFace("noto-serif-bold", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2, False),
        FontFace("noto-sans", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, False),
        FontFace("wqy-microhei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, True),
        FontFace("wqy-zenhei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, True),
        FontFace("ukai", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0, True),
        FontFace("uming", "/usr/share/fonts/truetype/arphic/uming.ttc", 0, True),
    ]
}
SCAN_FONTS = tuple(FACES)
TEXT_LAYER_FONTS = tuple(k for k, f in FACES.items() if f.truetype)
SEAL_FONT = "noto-serif-bold"


def face(key: str) -> FontFace:
    if key not in FACES:
        raise KeyError(f"unknown font {key!r}; known: {', '.join(FACES)}")
    return FACES[key]


@lru_cache(maxsize=256)
def pil_font(key: str, size_px: int) -> ImageFont.FreeTypeFont:
    f = face(key)
    return ImageFont.truetype(f.path, size_px, index=f.index)


def text_width(key: str, size_pt: float, text: str) -> float:
    """Advance width in points; measured at 100 px and scaled, so layout does not depend on the renderer."""
    return pil_font(key, 100).getlength(text) * size_pt / 100.0
