"""Text recognition around the PP-OCRv6 CTC model: line crops, network input, batching, CTC decoding.

A port of paddlex 3.7's CropByPolys (quad), OCRReisizeNormImg and CTCLabelDecode with the same parameters.
Batching is ours: PaddleOCR pads every line of a batch to the widest line of that batch; `width_batches`
groups lines whose input widths are close (lines are sorted by aspect ratio first), so a batch costs
little padding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

REC_H, REC_MIN_W, REC_MAX_W = 48, 320, 3200  # the model's input height; PaddleOCR's narrowest and widest input


def crop_line(page: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The line straightened out of the page along its minimum-area rectangle (CropByPolys, quad boxes); in the
    page's channel order."""
    rect = cv2.minAreaRect(np.asarray(quad).astype(np.int32))
    pts = sorted(list(cv2.boxPoints(rect)), key=lambda p: p[0])
    a, d = (0, 1) if pts[1][1] > pts[0][1] else (1, 0)
    b, c = (2, 3) if pts[3][1] > pts[2][1] else (3, 2)
    box = np.array([pts[a], pts[b], pts[c], pts[d]])
    w = int(max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[2] - box[3])))
    h = int(max(np.linalg.norm(box[0] - box[3]), np.linalg.norm(box[1] - box[2])))
    if w <= 0 or h <= 0:
        return np.zeros((0, 0, 3), np.uint8)
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(box, dst)
    out = cv2.warpPerspective(page, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    if out.shape[0] * 1.0 / out.shape[1] >= 1.5:
        out = np.rot90(out)
    return out


def input_width(crop: np.ndarray) -> int:
    """Width of the line's network input when it is recognised alone (no batch padding)."""
    h, w = crop.shape[:2]
    return min(REC_MAX_W, int(REC_H * max(REC_MIN_W / REC_H, w / h)))


def rec_input(crop: np.ndarray, width: int, rgb: bool = False) -> np.ndarray:
    """3x48xwidth float32: the line resized to height 48 (aspect kept, at most `width`), zero-padded on the right;
    channels in the model's BGR order (`rgb`: the crop is RGB)."""
    h, w = crop.shape[:2]
    ratio = w / float(h)
    if width >= REC_MAX_W and math.ceil(REC_H * ratio) > REC_MAX_W:
        resized_w = REC_MAX_W
    else:
        resized_w = min(width, int(math.ceil(REC_H * ratio)))
    img = cv2.resize(crop, (resized_w, REC_H)).astype(np.float32)
    out = np.zeros((3, REC_H, width), np.float32)
    img = img.transpose(2, 0, 1)
    if rgb:
        img = img[::-1]
    img = img / 255.0
    img -= 0.5
    img /= 0.5  # the same operations as PaddleOCR's, so inputs match to the bit
    out[:, :, :resized_w] = img
    return out


def width_batches(widths: Sequence[int], max_batch: int, max_padding: float) -> list[list[int]]:
    """Indices (into `widths`, which must be ascending) grouped into consecutive batches of at most `max_batch`
    lines, each line padded by at most `max_padding` (a fraction of the batch width)."""
    batches: list[list[int]] = []
    for i, w in enumerate(widths):
        if batches and len(batches[-1]) < max_batch and widths[batches[-1][0]] >= (1.0 - max_padding) * w:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def characters(rec_session) -> list[str]:
    """The recognition model's character list, from its ONNX metadata (`character`; int8 copies keep it)."""
    raw = rec_session.get_modelmeta().custom_metadata_map.get("character")
    if not raw:
        raise ValueError("the recognition model has no 'character' metadata; cannot decode its output")
    return raw.splitlines()


class CtcDecoder:
    """CTCLabelDecode: best path, repeats collapsed, blanks (index 0) dropped; score = mean of kept probabilities."""

    def __init__(self, characters: Sequence[str]):
        self.chars = ["blank", *characters, " "]  # PaddleOCR appends the space character

    def __call__(self, probs: np.ndarray) -> list[tuple[str, float]]:
        """probs: N x T x C (softmax outputs)."""
        idx = probs.argmax(axis=-1)
        best = np.take_along_axis(probs, idx[..., None], axis=-1)[..., 0]  # the max, without a second pass
        out = []
        for i in range(idx.shape[0]):
            sel = np.ones(idx.shape[1], bool)
            sel[1:] = idx[i, 1:] != idx[i, :-1]
            sel &= idx[i] != 0
            text = "".join(self.chars[k] for k in idx[i][sel])
            conf = best[i][sel]
            out.append((text, float(np.mean(conf)) if conf.size else 0.0))
        return out
