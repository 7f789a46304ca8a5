"""Text detection around the PP-OCRv6 DB model: resize, normalise, boxes from the probability map, sorting.

A port of what PaddleOCR 3.7 / paddlex 3.7 do around the same model (DetResizeForTest with limit type
"max", NormalizeImage, DBPostProcess with box type "quad", SortQuadBoxes), with the same parameters, so
the `ppocr` engine finds the lines the `paddle` engine finds without importing paddlex.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

# PaddleOCR's normalisation, applied to the BGR image channel by channel (so B takes ImageNet's R statistics:
# that is how the model was trained).
_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
_STD = np.array([0.229, 0.224, 0.225], np.float32)
_ALPHA = (np.float32(1.0 / 255.0) / _STD).astype(np.float32)
_BETA = (-_MEAN / _STD).astype(np.float32)


@dataclass(frozen=True)
class DbParams:
    thresh: float = 0.3  # pixel probability counted as text
    box_thresh: float = 0.6  # mean probability inside a box for it to be kept
    unclip_ratio: float = 1.5  # PaddleOCR 3.7's pipeline value (the model's yml says 1.5 too)
    max_candidates: int = 1000
    min_size: int = 3


def det_size(h: int, w: int, limit_side_len: int, limit_type: str = "max", max_side_limit: int = 4000) -> tuple[int, int]:
    """(height, width) the page is resized to for detection: multiples of 32 (DetResizeForTest, type 0)."""
    if limit_type == "max":
        ratio = float(limit_side_len) / max(h, w) if max(h, w) > limit_side_len else 1.0
    elif limit_type == "min":
        ratio = float(limit_side_len) / min(h, w) if min(h, w) < limit_side_len else 1.0
    else:
        raise ValueError(f"limit_type {limit_type!r}")
    rh, rw = int(h * ratio), int(w * ratio)
    if max(rh, rw) > max_side_limit:
        ratio = float(max_side_limit) / max(rh, rw)
        rh, rw = int(rh * ratio), int(rw * ratio)
    return max(int(round(rh / 32) * 32), 32), max(int(round(rw / 32) * 32), 32)


def det_input(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """1x3xHxW float32 network input, channels in the model's BGR order, from an RGB page (resizing treats
    channels alike, so the page is never copied into BGR first)."""
    h, w = size
    img = rgb if rgb.shape[:2] == (h, w) else cv2.resize(rgb, (w, h))
    x = img[..., ::-1].astype(np.float32)
    x *= _ALPHA
    x += _BETA
    return np.ascontiguousarray(x.transpose(2, 0, 1))[None]


def _mini_box(contour: np.ndarray) -> tuple[np.ndarray, float]:
    """The minimum-area rectangle's corners ordered top-left, top-right, bottom-right, bottom-left; its short side."""
    rect = cv2.minAreaRect(contour)
    pts = sorted(list(cv2.boxPoints(rect)), key=lambda p: p[0])
    a, d = (0, 1) if pts[1][1] > pts[0][1] else (1, 0)
    b, c = (2, 3) if pts[3][1] > pts[2][1] else (3, 2)
    return np.array([pts[a], pts[b], pts[c], pts[d]]), min(rect[1])


def _box_score(prob: np.ndarray, box: np.ndarray) -> float:
    """Mean probability inside the box (DBPostProcess score_mode "fast")."""
    h, w = prob.shape
    xmin = max(0, min(math.floor(box[:, 0].min()), w - 1))
    xmax = max(0, min(math.ceil(box[:, 0].max()), w - 1))
    ymin = max(0, min(math.floor(box[:, 1].min()), h - 1))
    ymax = max(0, min(math.ceil(box[:, 1].max()), h - 1))
    mask = np.zeros((ymax - ymin + 1, xmax - xmin + 1), np.uint8)
    shifted = box.copy()
    shifted[:, 0] -= xmin
    shifted[:, 1] -= ymin
    cv2.fillPoly(mask, shifted.reshape(1, -1, 2).astype(np.int32), 1)
    return cv2.mean(prob[ymin : ymax + 1, xmin : xmax + 1], mask)[0]


def _unclip(box: np.ndarray, ratio: float) -> np.ndarray:
    import pyclipper

    area = cv2.contourArea(box)
    length = cv2.arcLength(box, True)
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(box, pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    out = offset.Execute(area * ratio / length)
    try:
        return np.array(out)
    except ValueError:  # several polygons of different lengths: paddlex keeps the first
        return np.array(out[0])


def boxes_from_prob(prob: np.ndarray, dest_w: int, dest_h: int, p: DbParams = DbParams()) -> list[np.ndarray]:
    """Text line quads (4x2 int16, page pixels) from the HxW probability map (DBPostProcess, quad boxes)."""
    height, width = prob.shape
    bitmap = ((prob > p.thresh) * 255).astype(np.uint8)
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    sx, sy = dest_w / width, dest_h / height
    boxes = []
    for contour in contours[: p.max_candidates]:
        points, sside = _mini_box(contour)
        if sside < p.min_size:
            continue
        if _box_score(prob, points.reshape(-1, 2)) < p.box_thresh:
            continue
        box, sside = _mini_box(_unclip(points, p.unclip_ratio).reshape(-1, 1, 2))
        if sside < p.min_size + 2:
            continue
        box = np.array(box)
        box[:, 0] = np.clip(np.round(box[:, 0] * sx), 0, dest_w)
        box[:, 1] = np.clip(np.round(box[:, 1] * sy), 0, dest_h)
        boxes.append(box.astype(np.int16))
    return boxes


def sort_boxes(boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Top to bottom, then left to right within 10 px rows (SortQuadBoxes)."""
    out = sorted(boxes, key=lambda b: (b[0][1], b[0][0]))
    for i in range(len(out) - 1):
        for j in range(i, -1, -1):
            if abs(int(out[j + 1][0][1]) - int(out[j][0][1])) < 10 and out[j + 1][0][0] < out[j][0][0]:
                out[j], out[j + 1] = out[j + 1], out[j]
            else:
                break
    return out
