"""A red round official seal: ring, five-pointed star, the issuer's name along the upper arc.

Drawn as a separate RGBA layer so it can be stamped over the issuer's name and date (multiplied like ink),
or placed as an image on a text-layer PDF without touching the text layer.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from samples.render.fonts import SEAL_FONT, pil_font

SEAL_RED = (214, 36, 42)


def seal_layer(text: str, radius_px: int, rng: np.random.Generator) -> Image.Image:
    """RGBA image of side 2·radius with uneven ink (stamps never print evenly)."""
    side = 2 * radius_px + 4
    c = side / 2
    mask = Image.new("L", (side, side), 0)
    d = ImageDraw.Draw(mask)
    ring = max(3, radius_px // 18)
    d.ellipse([c - radius_px, c - radius_px, c + radius_px, c + radius_px], outline=255, width=ring)
    # star
    rs, ri = radius_px * 0.30, radius_px * 0.12
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = rs if k % 2 == 0 else ri
        pts.append((c + rr * math.cos(a), c + rr * math.sin(a)))
    d.polygon(pts, fill=255)
    # name along the upper arc, characters upright towards the centre
    n = len(text)
    span = math.radians(min(270, 22 * n + 40))
    # characters no wider than their share of the arc, or neighbours run into each other
    char_px = int(min(radius_px * 0.30, 0.92 * radius_px * 0.78 * span / max(n, 1)))
    font = pil_font(SEAL_FONT, max(char_px, 8))
    r_text = radius_px - ring - char_px * 0.75
    for k, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / n
        glyph = Image.new("L", (char_px * 2, char_px * 2), 0)
        ImageDraw.Draw(glyph).text((char_px, char_px), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a + math.pi / 2), resample=Image.BICUBIC)
        x, y = c + r_text * math.cos(a), c + r_text * math.sin(a)
        mask.paste(ImageChops.lighter(mask.crop((int(x - char_px), int(y - char_px), int(x + char_px),
                                                  int(y + char_px))), glyph),
                   (int(x - char_px), int(y - char_px)))
    # uneven ink: multiply the mask by smooth noise between 0.55 and 1
    noise = rng.uniform(0.55, 1.0, size=(side // 8 + 1, side // 8 + 1)).astype(np.float32)
    noise_img = Image.fromarray((noise * 255).astype(np.uint8)).resize((side, side), Image.BICUBIC)
    mask = ImageChops.multiply(mask, noise_img).filter(ImageFilter.GaussianBlur(0.7))
    mask = mask.rotate(float(rng.uniform(-12, 12)), resample=Image.BICUBIC)
    layer = Image.new("RGBA", (side, side), SEAL_RED + (0,))
    layer.putalpha(mask)
    return layer


def stamp(img: Image.Image, layer: Image.Image, cx: float, cy: float) -> Image.Image:
    """Multiply the seal's red into the page, so black text under it stays dark (as with real ink)."""
    x, y = int(cx - layer.width / 2), int(cy - layer.height / 2)
    red = Image.new("RGB", img.size, (255, 255, 255))
    red.paste(layer, (x, y), layer)
    return ImageChops.multiply(img, red)
