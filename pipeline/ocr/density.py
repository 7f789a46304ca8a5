"""Detection resolution chosen by the page's print (`PpocrOptions.det_resolution = "content"`).

The detector needs the smallest text on the page at about 13 px tall (the dense sample pages, 11.5 pt at
150 dpi, meet that at the fixed 960 px): a certificate printed in 16 pt and up meets it with half the pixels.
The print's height is measured cheaply on a half-size binarised page: glyphs are merged into line blobs by a
horizontal dilation and a low percentile of the blobs' heights, weighted by their widths, is taken (so a few
small lines count, a speck does not).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

GLYPH_PX = 13.0  # smallest glyph height wanted at detection scale
PERCENTILE = 5.0


def print_height(rgb: np.ndarray) -> float | None:
    """Height in page pixels of the page's smaller print (a low percentile over text-line blobs); None when the
    page shows no line-like ink."""
    h, w = rgb.shape[:2]
    scale = min(1.0, 900.0 / max(h, w))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if scale < 1.0:
        grey = cv2.resize(grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    k = max(3, round(grey.shape[1] * 0.012))
    lines = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    bw, bh = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    # line-like blobs (two glyphs and more) at least 6 px tall here, i.e. about 6 pt at 150 dpi: specks of
    # noise and stray marks are not print
    keep = (bh >= 6 * min(1.0, 2 * scale)) & (bh <= grey.shape[0] / 8) & (bw >= 2 * bh)
    if not keep.any():
        return None
    heights, weights = bh[keep], bw[keep]  # a blob counts by its width: how much text is printed that small
    order = np.argsort(heights)
    cum = np.cumsum(weights[order])
    return float(heights[order][np.searchsorted(cum, cum[-1] * PERCENTILE / 100)]) / scale


def detection_side(rgb: np.ndarray, options) -> int:
    """Longest side for detection: enough for the page's smaller print, within the options' bounds."""
    hi, lo = options.det_limit_side_len, min(options.det_min_side_len, options.det_limit_side_len)
    height = print_height(rgb)
    if height is None:
        return hi
    side = math.ceil(GLYPH_PX * max(rgb.shape[:2]) / height / 32) * 32
    return int(min(hi, max(lo, side)))
