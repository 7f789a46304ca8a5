"""The text of round seals: the ring unrolled into a straight line and read by the page's engine.

A licence prints its 登记机关 only inside the authority's seal, and a copy carries the company's own seal: the page
reading whitens seals (preprocess.suppress_seal) so that they do not garble the text under them, and this reads
them on their own. A red seal's ring is fitted to its red ink (an ellipse, on a photo taken at an angle, is made
round again); a grey one (a photocopy) is found by its ring's shape (preprocess.grey_rings). The band between the
ring and the star is unrolled (polar coordinates, the outer edge up, clockwise) from the widest gap of the ring's
text, at three depths, and each strip is recognised as one line (no detection). What a seal says is only a
reading: pipeline.bodies.seal_body matches it, round the ring, against the registry of issuing bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from .preprocess import _redness, seal_regions

SEAL_VERSION = "9"  # bump when a change here can change what is read (part of the cache key)

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
    """The seal's ink: how dark each pixel is, weighted by how red it is. A JPEG stores colour at half the
    resolution, so redness alone smears a small seal's strokes into blobs; the brightness keeps them sharp and
    the redness keeps black print out."""
    red = _redness(crop).astype(np.float32)
    red -= float(np.median(red))  # warm paper or light is slightly red everywhere
    red = np.clip(red, 0, None)
    luma = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY).astype(np.float32)
    dark = np.clip(float(np.percentile(luma, 90)) - luma, 0, None)
    return dark * np.clip(red / (0.5 * max(float(np.percentile(red, 99)), 1.0)), 0, 1)


def _ring_contour(red: np.ndarray):
    """The seal's ring: the largest round piece of ink (a ring is one piece, its box about square)."""
    for cut in (max(25.0, float(np.percentile(red, 90)) * 0.6), 15.0):  # faint ink in photos: a lower cut
        ink = (red > cut).astype(np.uint8)
        contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        rings = []
        for c in contours:
            x, y, w, h = cv2.boundingRect(c)
            _, r = cv2.minEnclosingCircle(c)
            if r >= MIN_RADIUS and 0.8 <= w / h <= 1.25 and min(w, h) >= 1.6 * r:
                rings.append((r, len(rings), c))
        if rings:
            return max(rings)[2]
    return None


def rounded(red: np.ndarray) -> tuple[np.ndarray, tuple[float, float, float]] | None:
    """The seal's ink with its ring made round again (a photo taken at an angle draws it as an ellipse: the
    ellipse fitted to the ring is stretched back into a circle along its short axis), and that circle."""
    ring = _ring_contour(red)
    if ring is None:
        return None
    if len(ring) >= 5:
        (ex, ey), (ew, eh), angle = cv2.fitEllipse(ring)
        if 0.6 < min(ew, eh) / max(ew, eh) < 0.96:
            d = max(ew, eh)
            rot = cv2.getRotationMatrix2D((ex, ey), angle, 1.0)  # the ellipse's axes onto x and y
            a = np.vstack([rot, [0, 0, 1]])
            stretch = np.array([[d / ew, 0, ex * (1 - d / ew)], [0, d / eh, ey * (1 - d / eh)], [0, 0, 1]])
            back = np.vstack([cv2.getRotationMatrix2D((ex, ey), -angle, 1.0), [0, 0, 1]])
            m = (back @ stretch @ a)[:2]
            side = int(max(red.shape) * max(d / ew, d / eh)) + 4
            shift = np.array([[1, 0, side / 2 - ex], [0, 1, side / 2 - ey]])
            m = (np.vstack([shift, [0, 0, 1]]) @ np.vstack([m, [0, 0, 1]]))[:2]
            red = cv2.warpAffine(red, m, (side, side), flags=cv2.INTER_LINEAR)
            return red, (side / 2, side / 2, d / 2 * 1.02)
    (cx, cy), r = cv2.minEnclosingCircle(ring)
    return red, (float(cx), float(cy), float(r))


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


def unrolled(ink: np.ndarray, circle: tuple[float, float, float]) -> list[np.ndarray]:
    """The ring's text as straight lines (one per band of BANDS), dark ink on white, RGB; `ink`: float32 map of
    the seal's ink (its redness, or its darkness on a photocopy)."""
    cx, cy, r = circle
    n_ang = max(360, int(2 * np.pi * r))
    # rows: angle 0..360° clockwise from +x; columns: radius 0..r at two samples per pixel
    polar = cv2.warpPolar(ink, (int(2 * r), n_ang), (cx, cy), r, cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR)
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


def read_seals(engine, rgb: np.ndarray, grey: bool = True) -> list[SealRead]:
    """The text of every round seal on the page (input image frame), read by `engine` (an OcrEngine): red seals,
    and (`grey`) seals a photocopy turned grey."""
    regions = seal_regions(rgb)
    found = []
    for x0, y0, x1, y1 in regions:
        got = rounded(_red_ink(rgb[y0:y1, x0:x1]))
        if got is not None:
            found.append(((x0, y0, x1, y1), *got))
    if grey:
        found += _grey_seals(rgb, regions, [box for box, _, _ in found])
    out = []
    for (x0, y0, x1, y1), ink, circle in found:
        lines = unrolled(ink, circle)
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


def _grey_seals(rgb: np.ndarray, regions, red_boxes) -> list:
    """Round seals in grey (a photocopy of a sealed page), found by their ring on the page with its red seals
    (`regions`) whitened (preprocess.grey_rings): (box, darkness map of the box, circle in the box)."""
    from .preprocess import grey_rings, without_red_seals

    page = without_red_seals(rgb, regions)
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    out = []
    for cx, cy, r in grey_rings(page):
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in red_boxes):
            continue
        pad = int(r * 1.12)
        x0, y0, x1, y1 = int(max(0, cx - pad)), int(max(0, cy - pad)), int(min(w, cx + pad)), int(min(h, cy + pad))
        crop = grey[y0:y1, x0:x1].astype(np.float32)
        dark = np.clip(float(np.percentile(crop, 90)) - crop, 0, None)
        out.append(((x0, y0, x1, y1), dark, (cx - x0, cy - y0, r)))
    return out


def _read_line(engine, line: np.ndarray) -> tuple[str, float]:
    h, w = line.shape[:2]
    try:  # the unrolled band is one line: recognised without detection where the engine allows it
        raw = engine._recognize_detected(line, [np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)])
    except NotImplementedError:
        raw = engine._recognize(line)
    return "".join(x.text for x in raw).strip(), min((x.confidence for x in raw), default=0.0)
