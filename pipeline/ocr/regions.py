"""Where on a page detection needs to look (`PpocrOptions.det_regions`).

A certificate is mostly blank paper: a title, a block of lines, a signature block with its seal, inside a
printed frame. Detection costs in proportion to the pixels it is given, so it is given the blocks with ink, each
with a margin, instead of the whole page: on the samples' scans about half of it (0.3–0.63).

The page, already resized for detection, is cut into 32-px cells (the network's own stride, so a block is a
valid input). A cell holds ink when enough of its pixels are darker than the paper around them (any colour: the
darkest channel counts, so red and gold print is ink). Long straight lines — frames, rules, table borders — are
taken out first: a frame would join every block into one. Cells with ink a cell apart at most form a block; each
block gets a margin of paper; overlapping blocks are merged where that costs no pixels, else detected apart and
their probabilities combined by their maximum. Where the blocks would cover most of the page (a dense page, a
noisy photo), or nothing is found, the whole page is detected as before.

A block's probabilities are close to the page's there, not equal: the detector's squeeze-and-excitation layers
average over their whole input (8 GlobalAveragePool nodes in PP-OCRv6 small), so a block is read a little
differently from the page around it; `bench ocr` shows what that costs.
"""

from __future__ import annotations

import cv2
import numpy as np

CELL = 32  # detection inputs are multiples of 32 px
CONTRAST = 48  # a pixel this much darker (0–255) than the brightest paper within 4 px is ink
MIN_INK = 12  # ink pixels (after lines are taken out) that make a cell one with print
# cells of blank paper kept around print, so the detector sees each line's surroundings: with one, a line's last
# thin mark (）, ；) and dashes were lost on hard scans, and two across with one down still lost more than two
MARGIN = 2
MAX_SHARE = 0.65  # blocks covering more of the page than this: the whole page is cheaper and as good
LINE_SLACK = 9  # px a frame line may wander (skew, waviness) and still count as straight


def _ink(rgb: np.ndarray) -> np.ndarray:
    darkest = rgb.min(axis=2)
    paper = cv2.dilate(darkest, np.ones((9, 9), np.uint8))
    return ((paper.astype(np.int16) - darkest) > CONTRAST).astype(np.uint8)


def _without_lines(ink: np.ndarray) -> np.ndarray:
    """Ink minus straight runs longer than an eighth of the page's short side (a printed character has none)."""
    h, w = ink.shape
    run = max(8, min(h, w) // 8)
    across = cv2.morphologyEx(cv2.dilate(ink, np.ones((LINE_SLACK, 1), np.uint8)), cv2.MORPH_OPEN,
                              np.ones((1, run), np.uint8))
    down = cv2.morphologyEx(cv2.dilate(ink, np.ones((1, LINE_SLACK), np.uint8)), cv2.MORPH_OPEN,
                            np.ones((run, 1), np.uint8))
    lines = cv2.dilate(across | down, np.ones((LINE_SLACK + 2, LINE_SLACK + 2), np.uint8))
    return ink & (1 - lines)


def ink_cells(rgb: np.ndarray) -> np.ndarray:
    """gh x gw array of 0/1: the CELL x CELL cells of the page that hold print."""
    h, w = rgb.shape[:2]
    gh, gw = h // CELL, w // CELL
    ink = _without_lines(_ink(rgb))
    counts = ink[: gh * CELL, : gw * CELL].reshape(gh, CELL, gw, CELL).sum(axis=(1, 3))
    return (counts >= MIN_INK).astype(np.uint8)


def _area(b) -> int:
    return (b[2] - b[0]) * (b[3] - b[1])


def _merged(boxes: list[list[int]]) -> list[list[int]]:
    """Overlapping boxes joined where their union is no larger than the two together (one run then costs no more
    than two); others stay apart and overlap (a title's and a body's margins would otherwise join into a box as
    large as the page)."""
    boxes = [list(b) for b in boxes]
    i = 0
    while i < len(boxes):
        a = boxes[i]
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            union = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] and _area(union) <= _area(a) + _area(b):
                boxes[i] = union
                del boxes[j]
                i = -1  # the union may now overlap a box already passed
                break
        i += 1
    return boxes


def text_regions(rgb: np.ndarray) -> list[tuple[int, int, int, int]] | None:
    """Blocks (x0, y0, x1, y1) of the page to detect in, in its pixels (multiples of CELL, or the page's edge);
    None: detect the whole page. `rgb` is the page at detection size (sides multiples of CELL)."""
    cells = ink_cells(rgb)
    gh, gw = cells.shape
    if not cells.any():
        return None  # nothing seen: faint print, perhaps; the detector decides
    # a block: print with at most one blank cell between its lines; its margin is added after, so that two
    # blocks a few cells apart stay two
    joined = cv2.dilate(cells, np.ones((3, 3), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = _merged([[max(0, int(x) - MARGIN + 1), max(0, int(y) - MARGIN + 1), min(gw, int(x + bw) + MARGIN - 1),
                      min(gh, int(y + bh) + MARGIN - 1)] for x, y, bw, bh, _ in stats[1:]])
    if sum(map(_area, boxes)) > MAX_SHARE * gh * gw:
        return None
    h, w = rgb.shape[:2]
    return [(x0 * CELL, y0 * CELL, w if x1 == gw else x1 * CELL, h if y1 == gh else y1 * CELL)
            for x0, y0, x1, y1 in boxes]
