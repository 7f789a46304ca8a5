"""Page preparation before recognition: red-seal suppression, page orientation, deskew.

Orientation is found cheaply, without reading the page four times: one pass of the PP-OCRv6
detection model at reduced size gives the text lines; if most lines run vertically the page is
sideways; the 0/180 text-line classifier from the rapidocr wheel, run on a few line crops, then
settles which way up. Deskew uses the slope of the same detected lines.

Frames: the input image is turned `rotation` degrees clockwise into the *upright* frame (the page as
the reviewer reads it, which is where span boxes are reported); deskewing turns the upright page by
a small angle into the *OCR* frame. `Prepared.to_page` maps OCR-frame points back to the upright frame.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from .model_store import det_model, textline_cls_model
from .options import SealSuppression
from .sessions import SessionSettings, session

PREPROCESS_VERSION = "7"  # bump when a change here can change what is read (part of the cache key)

_PROBE_SIDE = 736  # detection size for the orientation/skew probe: body text of a 150-dpi A4 page stays >= 12 px


@dataclass
class Prepared:
    image: np.ndarray  # RGB uint8, OCR frame
    rotation: int  # clockwise degrees the input was turned to be upright
    skew: float  # degrees the upright page was turned (counter-clockwise) to straighten its lines
    to_page: np.ndarray  # 2x3 affine: OCR frame -> upright frame
    width: int  # upright frame
    height: int


# --- red seals ------------------------------------------------------------------------------------


def _redness(rgb: np.ndarray) -> np.ndarray:
    r = rgb[..., 0].astype(np.int16)
    return r - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)


def seal_regions(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of red blobs shaped like a seal: roughly square and a few cm across.

    Red titles (wide) and thin red rules are left alone."""
    h, w = rgb.shape[:2]
    mask = (_redness(rgb) > 40).astype(np.uint8)
    if mask.sum() < 200:
        return []
    k = max(5, min(h, w) // 50)
    # blobs are found at a quarter of the size (a pixel there is red when 2 of its 16 are): a large elliptic
    # dilation at full size cost more than the rest of the page's preparation
    q = 4
    if min(h, w) >= 8 * q:
        small = (cv2.resize(mask * 255, (-(-w // q), -(-h // q)), interpolation=cv2.INTER_AREA) > 32).astype(np.uint8)
        ks = max(3, k // q)
        small = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (ks, ks)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
        stats = [(x * q, y * q, bw * q, bh * q, a) for x, y, bw, bh, a in stats[1:]]
    else:
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        stats = list(stats[1:])
    side_min, side_max = 0.06 * min(h, w), 0.6 * min(h, w)
    boxes = []
    for x, y, bw, bh, _area in stats:
        if side_min <= min(bw, bh) and max(bw, bh) <= side_max and 0.6 <= bw / bh <= 1.67:
            pad = k
            boxes.append((int(max(0, x - pad)), int(max(0, y - pad)), int(min(w, x + bw + pad)),
                          int(min(h, y + bh + pad))))
    # a seal's star or inner text can form its own blob inside the ring: keep the outer box only
    inside = lambda a, b: a != b and b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]  # noqa: E731
    return [a for a in boxes if not any(inside(a, b) for b in boxes)]


def _whiten_red(rgb: np.ndarray) -> None:
    """In place: reddish pixels take the grey level of their red channel, scaled so seal ink becomes paper.

    Black text printed under the seal has a low red channel too, so it stays dark. Ink is mapped to
    the paper's own brightness, not to white: a white ghost of the seal on grey paper (phone photos)
    still draws edges the text detector trips over."""
    redness = _redness(rgb)
    tint = float(np.median(redness))  # warm paper or light is slightly red everywhere
    red = redness > tint + 15
    if not red.any():
        return
    grey = rgb.mean(axis=-1)
    plain = grey[~red]
    paper = float(np.percentile(plain, 75)) if plain.size else 255.0
    r = rgb[..., 0].astype(np.float32)
    ref = max(float(np.percentile(r[red], 60)), 1.0)
    value = np.clip(r * (paper / ref), 0, paper).astype(np.uint8)
    rgb[red] = value[red][:, None]


def suppress_seal(rgb: np.ndarray, mode: SealSuppression) -> np.ndarray:
    if mode == "off":
        return rgb
    if mode == "all_red":
        out = rgb.copy()
        _whiten_red(out)
        return out
    out = without_red_seals(rgb)
    if is_grey(out):
        for ring in grey_rings(out):
            _whiten_grey_seal(out, ring)
    return out


def without_red_seals(rgb: np.ndarray, regions: list[tuple[int, int, int, int]] | None = None) -> np.ndarray:
    """A copy of the page with the red ink of its seals whitened (`regions`: seal_regions(rgb), when known)."""
    out = rgb.copy()
    for x0, y0, x1, y1 in seal_regions(rgb) if regions is None else regions:
        _whiten_red(out[y0:y1, x0:x1])  # a view: edits land in `out`
    return out


# --- grey seals (a photocopy, a grey scan) ---------------------------------------------------------

MAX_GREY_CHROMA = 6.0  # mean max−min of R, G, B: a grey copy or scan stays under it, cream paper in colour does not


def is_grey(rgb: np.ndarray) -> bool:
    """The page is printed or scanned in grey (its red seals already whitened): seals on it are grey too."""
    small = rgb[::4, ::4].astype(np.int16)
    return float((small.max(axis=-1) - small.min(axis=-1)).mean()) < MAX_GREY_CHROMA


def grey_rings(rgb: np.ndarray) -> list[tuple[float, float, float]]:
    """(cx, cy, r) of the round seals on a page whose seals are not red (a photocopy): rings found by the Hough
    transform at half size, 5–15% of the page's short side in radius, kept when ink runs three quarters round a
    circle fitted to the ring's line (the transform places it only roughly on a thin ring)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    k = 0.5
    small = cv2.medianBlur(cv2.resize(grey, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA), 3)
    side = min(small.shape)
    circles = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=side * 0.1, param1=150, param2=0.8,
                               minRadius=int(side * 0.05), maxRadius=int(side * 0.15))
    out = []
    for cx, cy, r in ([] if circles is None else circles[0]):
        cx, cy, r = cx / k, cy / k, r / k
        pad = int(r * 1.15)
        x0, y0 = int(max(0, cx - pad)), int(max(0, cy - pad))
        crop = grey[y0:int(min(h, cy + pad)), x0:int(min(w, cx + pad))].astype(np.float32)
        paper = float(np.percentile(crop, 90))
        ring = _ring(paper - crop > 0.25 * paper, cx - x0, cy - y0, r)
        if ring is not None:
            out.append((ring[0] + x0, ring[1] + y0, ring[2]))
    return out


def _ring(ink: np.ndarray, cx: float, cy: float, r: float) -> tuple[float, float, float] | None:
    """The circle near (cx, cy, r) along which `ink` runs most of the way round; None when no circle nearby is
    inked three quarters round. The radius returned lies just outside the ring's line."""
    a = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    h, w = ink.shape
    d = np.arange(-8, 9, 2, dtype=np.float64)
    dx, dy = (g.ravel() for g in np.meshgrid(d, d))  # every centre shift at once, one radius at a time
    best = (0.0, cx, cy, r)
    for rr in r * np.arange(0.9, 1.101, 0.02):
        xs = (cx + dx[:, None] + rr * np.cos(a)[None]).astype(int)
        ys = (cy + dy[:, None] + rr * np.sin(a)[None]).astype(int)
        inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        hit = ink[np.clip(ys, 0, h - 1), np.clip(xs, 0, w - 1)] & inside
        share = np.where(inside.mean(axis=1) >= 0.9, hit.sum(axis=1) / np.maximum(inside.sum(axis=1), 1), 0.0)
        k = int(np.argmax(share))
        if share[k] > best[0]:
            best = (float(share[k]), cx + dx[k], cy + dy[k], rr)
    share, cx, cy, r = best
    return (float(cx), float(cy), float(r) * 1.03) if share >= 0.75 else None


def _whiten_grey_seal(rgb: np.ndarray, ring: tuple[float, float, float]) -> None:
    """In place: inside the ring, the lighter of the two inks (the seal's, a copier's grey) becomes paper, the
    darker (the text printed under the seal) stays — when the two are told apart clearly."""
    cx, cy, r = ring
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = int(max(0, cx - r)), int(max(0, cy - r)), int(min(w, cx + r + 1)), int(min(h, cy + r + 1))
    region = rgb[y0:y1, x0:x1]
    grey = region.mean(axis=-1)
    yy, xx = np.mgrid[y0:y1, x0:x1]
    disk = (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r
    paper = float(np.percentile(grey[disk], 90))
    ink = disk & (grey < paper - 40)
    if ink.sum() < 50:
        return
    vals = grey[ink].astype(np.uint8).reshape(-1, 1)
    cut, _ = cv2.threshold(vals, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark, light = vals[vals <= cut], vals[vals > cut]
    if not len(dark) or not len(light) or float(light.mean()) - float(dark.mean()) < 50:
        return  # one ink only: the seal is as dark as the text, nothing is whitened
    # the edges of the text's strokes are lighter than their cores: the pixels next to dark ink are kept
    core = (disk & (grey <= cut)).astype(np.uint8)
    near_text = cv2.dilate(core, np.ones((5, 5), np.uint8)) > 0
    region[disk & (grey > cut) & ~near_text] = np.uint8(round(paper))


# --- text-line probe (orientation and skew) -------------------------------------------------------


class _Probe:
    """The detection and 0/180 classification models, loaded once per process (per session settings)."""

    def __init__(self, settings: SessionSettings):
        self._settings = settings
        self.cls = session(textline_cls_model(), settings)

    @cached_property
    def det(self):
        """Loaded on first use: engines that lend their own detector (`prepare(detect=...)`) never need it."""
        return session(det_model(), self._settings)

    def lines(self, rgb: np.ndarray) -> list[np.ndarray]:
        """Minimum-area rectangles (4x2 corner arrays, input pixel coordinates) of detected text lines."""
        h, w = rgb.shape[:2]
        scale = min(1.0, _PROBE_SIDE / max(h, w))
        nh, nw = max(32, int(round(h * scale / 32)) * 32), max(32, int(round(w * scale / 32)) * 32)
        small = cv2.resize(rgb[..., ::-1], (nw, nh), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
        small = (small - np.array([0.485, 0.456, 0.406], np.float32)) / np.array([0.229, 0.224, 0.225], np.float32)
        prob = self.det.run(None, {self.det.get_inputs()[0].name: small.transpose(2, 0, 1)[None]})[0][0, 0]
        mask = (prob > 0.3).astype(np.uint8)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        sx, sy = w / nw, h / nh
        rects = []
        for c in contours:
            if cv2.contourArea(c) < 12:
                continue
            box = cv2.boxPoints(cv2.minAreaRect(c)) * np.array([sx, sy], np.float32)
            rects.append(box)
        return rects

    def upside_down(self, rgb: np.ndarray, rects: list[np.ndarray]) -> float:
        """Mean probability that the horizontal lines in `rects` are upside down (0.5 = no evidence)."""
        crops = []
        for box in sorted(rects, key=lambda b: -_long_side(b))[:8]:
            x0, y0 = np.floor(box.min(0)).astype(int)
            x1, y1 = np.ceil(box.max(0)).astype(int)
            x0, y0 = max(0, x0), max(0, y0)
            line = rgb[y0:y1, x0:x1]
            lh, lw = line.shape[:2]
            if lh < 8 or lw < 2 * lh:
                continue
            seg = int(lh * 4)  # the classifier sees 48x192: keep glyphs at their shape
            for start in range(0, max(1, lw - seg // 2), seg)[:2]:
                crops.append(_cls_input(line[:, start : start + seg]))
        if not crops:
            return 0.5
        out = self.cls.run(None, {self.cls.get_inputs()[0].name: np.stack(crops)})[0]
        return float(np.mean(out[:, 1]))


def _cls_input(crop: np.ndarray) -> np.ndarray:
    h, w = crop.shape[:2]
    nw = min(192, max(1, int(np.ceil(48 * w / h))))
    img = cv2.resize(crop[..., ::-1], (nw, 48)).astype(np.float32) / 255.0
    out = np.zeros((3, 48, 192), np.float32)
    out[:, :, :nw] = ((img - 0.5) / 0.5).transpose(2, 0, 1)
    return out


def _long_side(box: np.ndarray) -> float:
    return max(np.linalg.norm(box[1] - box[0]), np.linalg.norm(box[2] - box[1]))


def _line_angle(box: np.ndarray) -> tuple[float, float]:
    """(angle of the long side in degrees, reduced to (-45, 45]; its aspect ratio)."""
    e1, e2 = box[1] - box[0], box[2] - box[1]
    long, short = (e1, e2) if np.linalg.norm(e1) >= np.linalg.norm(e2) else (e2, e1)
    ang = float(np.degrees(np.arctan2(long[1], long[0])))
    ang = (ang + 45.0) % 90.0 - 45.0
    return ang, float(np.linalg.norm(long) / max(np.linalg.norm(short), 1e-6))


_probes: dict[SessionSettings, _Probe] = {}
_probe_lock = threading.Lock()


def probe(settings: SessionSettings | int = 2) -> _Probe:
    if isinstance(settings, int):
        settings = SessionSettings(intra_op_threads=settings)
    with _probe_lock:
        if settings not in _probes:
            _probes[settings] = _Probe(settings)
        return _probes[settings]


def _turn(rgb: np.ndarray, clockwise: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(rgb, k=(-clockwise // 90) % 4))


def _turn_rects(rects: list[np.ndarray], clockwise: int, w: int, h: int) -> list[np.ndarray]:
    """Map points of a w x h image into the same image turned `clockwise` degrees."""
    out = []
    for b in rects:
        x, y = b[:, 0], b[:, 1]
        if clockwise == 90:
            p = np.stack([h - y, x], 1)
        elif clockwise == 180:
            p = np.stack([w - x, h - y], 1)
        elif clockwise == 270:
            p = np.stack([y, w - x], 1)
        else:
            p = b
        out.append(p.astype(np.float32))
    return out


def turn_quads(quads: list[np.ndarray], clockwise: int, w: int, h: int) -> list[np.ndarray]:
    """Line quads (corners from the top-left, clockwise) of a w x h image, in that image turned `clockwise`
    degrees, corners again from the (new) top-left."""
    shift = (clockwise // 90) % 4
    return [np.roll(q, shift, axis=0) for q in _turn_rects([np.asarray(q, np.float32) for q in quads], clockwise, w, h)]


def prepare(rgb: np.ndarray, *, orientation: bool, deskew: bool, seal: SealSuppression, max_skew: float = 5.0,
            threads: int | SessionSettings = 2, detect: Callable[[np.ndarray], list[np.ndarray]] | None = None
            ) -> Prepared:
    """`detect`, when given, finds the text lines (4x2 quads, input pixels) instead of the probe's own pass of
    the detection model: an engine whose detector runs on the page anyway lends it, and can reuse its result
    when the page needs neither turning nor straightening (`Prepared.image` is then the array `detect` saw)."""
    rgb = suppress_seal(rgb, seal)
    h, w = rgb.shape[:2]
    rotation, skew = 0, 0.0
    if orientation or deskew:
        p = probe(threads)
        rects = [np.asarray(b, np.float32).reshape(-1, 2) for b in detect(rgb)] if detect else p.lines(rgb)
        rects = [b for b in rects if len(b) == 4]
        lines = [(b, *_line_angle(b)) for b in rects]
        lines = [(b, a, r) for b, a, r in lines if r >= 3.0]  # whole lines, not single glyphs
        if orientation and lines:
            vertical = sum(_long_side(b) for b, _, _ in lines if _is_vertical(b))
            horizontal = sum(_long_side(b) for b, _, _ in lines if not _is_vertical(b))
            rotation = 90 if vertical > horizontal else 0
            turned = _turn(rgb, rotation)
            tr = [b for b in _turn_rects([b for b, _, _ in lines], rotation, w, h) if not _is_vertical(b)]
            if p.upside_down(turned, tr) > 0.5:
                rotation += 180
        if deskew and lines:
            angles = np.array([a for _, a, _ in lines])
            weights = np.array([_long_side(b) for b, _, _ in lines])
            order = np.argsort(angles)
            cum = np.cumsum(weights[order])
            med = float(angles[order][np.searchsorted(cum, cum[-1] / 2)])  # length-weighted median
            skew = med if 0.2 <= abs(med) <= max_skew else 0.0
    upright = _turn(rgb, rotation) if rotation else rgb
    uh, uw = upright.shape[:2]
    if skew:
        m = cv2.getRotationMatrix2D((uw / 2, uh / 2), skew, 1.0)
        cos, sin = abs(m[0, 0]), abs(m[0, 1])
        nw, nh = int(uh * sin + uw * cos + 0.5), int(uh * cos + uw * sin + 0.5)
        m[0, 2] += nw / 2 - uw / 2
        m[1, 2] += nh / 2 - uh / 2
        image = cv2.warpAffine(upright, m, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
        to_page = cv2.invertAffineTransform(m)
    else:
        image, to_page = upright, np.array([[1, 0, 0], [0, 1, 0]], np.float64)
    return Prepared(image, rotation % 360, skew, to_page, uw, uh)


def _is_vertical(box: np.ndarray) -> bool:
    x0, y0 = box.min(0)
    x1, y1 = box.max(0)
    return (y1 - y0) > (x1 - x0)


def quad_to_page(quad: np.ndarray, prepared: Prepared) -> tuple[float, float, float, float]:
    """Axis-aligned box, in the upright frame, of a quadrilateral found in the OCR frame."""
    pts = np.asarray(quad, np.float64).reshape(-1, 2)
    pts = pts @ prepared.to_page[:, :2].T + prepared.to_page[:, 2]
    x0, y0 = pts.min(0)
    x1, y1 = pts.max(0)
    clip = lambda v, hi: float(min(max(v, 0.0), hi))  # noqa: E731
    return clip(x0, prepared.width), clip(y0, prepared.height), clip(x1, prepared.width), clip(y1, prepared.height)
