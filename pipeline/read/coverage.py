"""Does a scan's text layer cover the print on its page?

A scanned page often comes with a text layer someone's OCR put under the image. Such a layer can be complete in
what it has and still miss lines (a large title, a line under a seal): the plausibility check cannot see what is
not there. On a page drawn as one large image, the rendered page's lines of print are compared with the layer's
boxes; print the layer does not cover means the page is read by OCR instead.
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_IMAGE_SHARE = 0.5  # a page whose images cover less than this is a born-digital page: its layer is its text
MIN_MISSING_GLYPHS = 6.0  # uncovered print this many glyphs long (summed over lines) is a missing line


def is_scan(page) -> bool:
    """The page is drawn mostly as an image (pdfplumber page)."""
    area = float(page.width) * float(page.height)
    covered = sum(max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
                  for im in page.images)
    return area > 0 and covered / area >= MIN_IMAGE_SHARE


def uncovered_print(image, boxes: list[tuple[float, float, float, float]], scale: float) -> float:
    """How many glyphs long (summed over the page's lines of print) the print outside `boxes` is.

    `image`: the rendered page (PIL); `boxes`: the layer's spans in page units; `scale`: image pixels per unit.
    Lines of print are dark ink merged along the line (red seals and light marks left out); a piece counts when it
    is shaped like a line of text (at least two glyphs wide, between 6 px and a tenth of the page tall) and
    mostly outside every box, enlarged a little."""
    rgb = np.asarray(image.convert("RGB"))
    h, w = rgb.shape[:2]
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    red = rgb[..., 0].astype(np.int16) - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink[red > 40] = 0
    covered = np.zeros((h, w), np.uint8)
    for x0, y0, x1, y1 in boxes:
        pad = 0.3 * (y1 - y0) * scale
        cv2.rectangle(covered, (int(x0 * scale - pad), int(y0 * scale - pad)),
                      (int(x1 * scale + pad), int(y1 * scale + pad)), 255, -1)
    k = max(3, round(w * 0.012))
    lines = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    missing = 0.0
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if not (6 <= bh <= h / 10 and bw >= 2 * bh):
            continue
        part = labels[y:y + bh, x:x + bw] == i
        glyphs = ink[y:y + bh, x:x + bw][part] > 0
        if glyphs.mean() < 0.15:  # a faint smear or a box's outline, not print
            continue
        outside = (covered[y:y + bh, x:x + bw][part] == 0).mean()
        if outside > 0.8:
            missing += bw / bh
    return missing
