"""A laid-out page drawn as a 150 dpi A4 image (1240×1754 px), the way a scanner would see the paper."""

from __future__ import annotations

from PIL import Image, ImageDraw

from samples.render.fonts import pil_font
from samples.render.layout import PAGE_H, PAGE_W, PageLayout

DPI = 150
SCALE = DPI / 72.0
SIZE_PX = (round(PAGE_W * SCALE), round(PAGE_H * SCALE))  # (1240, 1754)


def draw_page(layout: PageLayout) -> Image.Image:
    img = Image.new("RGB", SIZE_PX, (255, 255, 255))
    d = ImageDraw.Draw(img)
    for r in layout.rules:
        d.line([(r.x0 * SCALE, r.y0 * SCALE), (r.x1 * SCALE, r.y1 * SCALE)], fill=r.color,
               width=max(1, round(r.width * SCALE)))
    for t in layout.texts:
        d.text((t.x * SCALE, t.y * SCALE), t.text, font=pil_font(t.font, round(t.size * SCALE)), fill=t.color)
    return img
