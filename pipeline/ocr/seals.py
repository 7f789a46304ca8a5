"""The text of round red seals: the ring unrolled into a straight line and read by the page's engine.

A licence prints its 登记机关 only inside the authority's seal, and a copy carries the company's own seal: the page
reading whitens seals (preprocess.suppress_seal) so that they do not garble the text under them, and this reads
them on their own. The seal's circle is fitted to its red ink; the band between the ring and the star is unrolled
(polar coordinates, the outer edge up, clockwise) starting in the widest gap of the ring's text, so the line reads
from its first character; the unrolled line is recognised as one line (no detection). What a seal says is only
a reading: pipeline.extract matches it against the registry of issuing bodies before it is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from .preprocess import _redness, seal_regions

SEAL_VERSION = "3"  # bump when a change here can change what is read (part of the cache key)

# The ring's text lies between these fractions of the radius (inside the ring, outside the star). Each band is
# read: a character the curve distorts in one reading is often right in another, and the registry match
# (pipeline.bodies.seal_body) weighs all readings.
BANDS = ((0.5, 0.95), (0.55, 0.92), (0.6, 0.95))
LINE_H = 64  # the unrolled band's height in pixels (the recogniser scales it to 48)
MIN_RADIUS = 40  # px: smaller red marks have no legible ring text at 150 dpi


@dataclass(frozen=True)
class SealRead:
    readings: tuple[str, ...]  # one per band, in BANDS order
    confidence: float  # the least sure reading's
    box: tuple[float, float, float, float]  # the seal's box in the image's pixels


def _red_ink(crop: np.ndarray) -> np.ndarray:
    red = _redness(crop).astype(np.float32)
    red -= float(np.median(red))  # warm paper or light is slightly red everywhere
    return np.clip(red, 0, None)


def seal_circle(red: np.ndarray) -> tuple[float, float, float] | None:
    """(cx, cy, r) of the seal's ring: the largest round piece of ink (a ring is one piece, its box square), the
    ink inside it taken in; None when no piece is round."""
    for cut in (max(25.0, float(np.percentile(red, 90)) * 0.6), 15.0):  # faint ink in photos: a lower cut
        ink = (red > cut).astype(np.uint8)
        contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        rings = []
        for c in contours:
            x, y, w, h = cv2.boundingRect(c)
            (cx, cy), r = cv2.minEnclosingCircle(c)
            if r >= MIN_RADIUS and 0.8 <= w / h <= 1.25 and min(w, h) >= 1.6 * r:
                rings.append((r, cx, cy))
        if rings:
            r, cx, cy = max(rings)
            return float(cx), float(cy), float(r)
    return None


def _start_angle(polar: np.ndarray) -> float:
    """Degrees (clockwise from +x) at the middle of the widest stretch of the band without ink: where the ring's
    text begins and ends."""
    profile = polar.mean(axis=1)
    n = profile.size
    k = max(3, n // 36)  # 10°: wider than the space between two characters
    smooth = np.convolve(np.concatenate([profile[-k:], profile, profile[:k]]), np.ones(k) / k, "same")[k:-k]
    # smoothed over 10°, the band is never as empty between characters as in the gap, where at most a small
    # serial number stands
    empty = smooth < 0.4 * max(float(np.percentile(smooth, 75)), 1e-6)
    if empty.all() or not empty.any():
        return 90.0  # text all round, or no gap found: start at the bottom
    # the longest circular run of empty angles
    doubled = np.concatenate([empty, empty])
    best_len, best_mid, run = 0, 0, 0
    for i, e in enumerate(doubled):
        run = run + 1 if e else 0
        if run > best_len and run <= n:
            best_len, best_mid = run, i - run // 2
    return (best_mid % n) * 360.0 / n


def unrolled(rgb_crop: np.ndarray, circle: tuple[float, float, float]) -> list[np.ndarray]:
    """The ring's text as straight lines (one per band of BANDS), dark ink on white, RGB."""
    cx, cy, r = circle
    red = _red_ink(rgb_crop)
    n_ang = max(360, int(2 * np.pi * r))
    # rows: angle 0..360° clockwise from +x; columns: radius 0..r at two samples per pixel
    polar = cv2.warpPolar(red, (int(2 * r), n_ang), (cx, cy), r, cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR)
    middle = polar[:, int(BANDS[1][0] * 2 * r):int(BANDS[1][1] * 2 * r)]
    start = int(_start_angle(middle) * n_ang / 360.0)
    polar = np.concatenate([polar[start:], polar[:start]])
    return [_line(polar[:, int(lo * 2 * r):int(hi * 2 * r)]) for lo, hi in BANDS]


def _line(band: np.ndarray) -> np.ndarray:
    line = cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)  # the outer edge up, angles left to right
    top = max(float(np.percentile(line, 99)), 1.0)
    grey = 255 - np.clip(line / top * 255, 0, 255).astype(np.uint8)
    scale = LINE_H / grey.shape[0]
    grey = cv2.resize(grey, (max(1, round(grey.shape[1] * scale)), LINE_H), interpolation=cv2.INTER_CUBIC)
    grey = cv2.copyMakeBorder(grey, 8, 8, 8, 8, cv2.BORDER_CONSTANT, value=255)
    return np.ascontiguousarray(np.stack([grey] * 3, axis=-1))


def read_seals(engine, rgb: np.ndarray) -> list[SealRead]:
    """The text of every round red seal on the page (input image frame), read by `engine` (an OcrEngine)."""
    out = []
    for x0, y0, x1, y1 in seal_regions(rgb):
        crop = rgb[y0:y1, x0:x1]
        circle = seal_circle(_red_ink(crop))
        if circle is None:
            continue
        lines = unrolled(crop, circle)
        order = [1, 0, 2]  # the middle band first: a ring without text (an emblem) is left after one reading
        readings: list[str] = [""] * len(lines)
        confidence = 1.0
        for i in order:
            text, conf = _read_line(engine, lines[i])
            readings[i] = text
            confidence = min(confidence, conf)
            if i == order[0] and len(re.findall(r"[\u4e00-\u9fff]", text)) < 4:
                break
        if any(readings):
            out.append(SealRead(tuple(readings), float(confidence), (float(x0), float(y0), float(x1), float(y1))))
    return out


def _read_line(engine, line: np.ndarray) -> tuple[str, float]:
    h, w = line.shape[:2]
    try:  # the unrolled band is one line: recognised without detection where the engine allows it
        raw = engine._recognize_detected(line, [np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)])
    except NotImplementedError:
        raw = engine._recognize(line)
    return "".join(x.text for x in raw).strip(), min((x.confidence for x in raw), default=0.0)
