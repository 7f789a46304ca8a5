"""Certificate-like test pages rendered with the installed CJK fonts, and a character-accuracy measure.

A4 at 150 dpi is 1240 x 1754 px. The issuer line and the date sit under a red seal, as on real
award certificates; `hard` adds the damage of a phone/office scan (blur, noise, skew, JPEG).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.bench.ocr import edit_distance

A4_150DPI = (1240, 1754)
SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
KAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
_SC = 2  # index of the Simplified Chinese face inside the Noto CJK collections

COMPANY = "上海金山精密制造有限公司"
AWARD = "第八届上海市质量金奖"
RANK = "（第一名）"
ISSUER = "上海市质量发展委员会办公室"
DATE = "二〇二五年十二月"


@dataclass(frozen=True)
class TestPage:
    image: Image.Image
    lines: list[str]  # what a perfect reader returns, one entry per printed line
    under_seal: list[str]  # the lines the red seal covers


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=_SC if "noto" in path else 0)


def certificate_page(company: str = COMPANY, award: str = AWARD, rank: str = RANK, seed: int = 0) -> TestPage:
    """A clean award certificate with a red seal over the issuer line and the date."""
    img = Image.new("RGB", A4_150DPI, "white")
    d = ImageDraw.Draw(img)
    rows: list[tuple[str, str, int, tuple[int, int, int], int]] = [
        ("荣誉证书", SERIF_BOLD, 84, (180, 20, 20), 230),
        (f"{company}：", SERIF, 40, (0, 0, 0), 470),
        ("经评审，贵单位荣获", SERIF, 40, (0, 0, 0), 560),
        (f"{award}{rank}", SERIF_BOLD, 44, (0, 0, 0), 650),
        ("特发此证，以资鼓励。", SERIF, 40, (0, 0, 0), 760),
        ("证书编号：SHZLJ-2025-0137", SANS, 30, (0, 0, 0), 880),
        (ISSUER, SERIF, 36, (0, 0, 0), 1240),
        (DATE, SERIF, 36, (0, 0, 0), 1310),
    ]
    lines = []
    for text, font_path, size, color, y in rows:
        font = _font(font_path, size)
        w = d.textlength(text, font=font)
        x = (A4_150DPI[0] - w) / 2 if y < 300 else (150 if y < 1000 else 1240 - 150 - w)
        d.text((x, y), text, font=font, fill=color)
        lines.append(text)
    img = _stamp_seal(img, center=(1240 - 150 - 250, 1290), radius=150, seed=seed)
    return TestPage(img, lines, [ISSUER, DATE])


def _stamp_seal(img: Image.Image, center: tuple[int, int], radius: int, seed: int) -> Image.Image:
    """A round red seal (ring, star, text round the ring) multiplied over the page like ink."""
    seal = Image.new("RGB", img.size, "white")
    d = ImageDraw.Draw(seal)
    red = (215, 35, 40)
    cx, cy = center
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=9)
    star = [
        (cx + 45 * math.cos(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4),
         cy + 45 * math.sin(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4))
        for i in range(10)
    ]
    d.polygon(star, fill=red)
    font = _font(SANS, 30)
    ring = "上海市质量发展委员会"
    for i, ch in enumerate(ring):
        ang = math.radians(-200 + i * (220 / (len(ring) - 1)))
        glyph = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((5, 0), ch, font=font, fill=red + (255,))
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        px, py = cx + (radius - 38) * math.cos(ang) - 20, cy + (radius - 38) * math.sin(ang) - 20
        seal.paste(glyph, (int(px), int(py)), glyph)
    rng = np.random.default_rng(seed)
    ink = np.asarray(seal, dtype=np.float32) / 255.0
    # uneven ink: the seal is lighter in places, as a real stamp
    fade = rng.uniform(0.75, 1.0, size=(img.size[1] // 32 + 1, img.size[0] // 32 + 1))
    fade = np.kron(fade, np.ones((32, 32)))[: img.size[1], : img.size[0], None]
    ink = 1.0 - (1.0 - ink) * fade
    page = np.asarray(img, dtype=np.float32) / 255.0
    return Image.fromarray(np.clip(page * ink * 255.0, 0, 255).astype(np.uint8))


def degrade(img: Image.Image, *, skew: float = 1.5, blur: float = 0.9, noise: float = 10.0, quality: int = 60,
            seed: int = 0) -> Image.Image:
    """A hard scan: slight skew, blur, sensor noise and heavy JPEG compression."""
    out = img.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor="white")
    out = out.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(out, dtype=np.float32)
    arr += np.random.default_rng(seed).normal(0, noise, arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def turned(img: Image.Image, degrees: int) -> Image.Image:
    """The page as a phone photo taken sideways: turned `degrees` counter-clockwise."""
    return img.rotate(degrees, expand=True)


def _norm(s: str) -> str:
    return "".join(s.split()).replace(":", "：").replace("(", "（").replace(")", "）").replace(",", "，")


def line_accuracy(reference: list[str], read: list[str]) -> float:
    """1 - edit distance / length, each reference line against its best-matching read line.

    Matching per line ignores reading order and extra text (the seal's own ring text), which a
    reviewer does not need; a missing line counts as fully wrong.
    """
    hyp = [_norm(t) for t in read]
    errors = total = 0
    for ref in map(_norm, reference):
        total += len(ref)
        errors += min([edit_distance(ref, h) for h in hyp] + [len(ref)])
    return 1.0 - errors / total
