"""What a scanner or a phone does to a clean page: skew, blur, noise, paper tint, JPEG; perspective and light."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter

SCAN_PARAMS = {
    # kind: (max skew °, min skew °, blur radius, noise σ, JPEG quality range)
    "clean_scan": (0.0, 0.0, 0.0, 2.5, (80, 85)),
    "hard_scan": (2.0, 0.5, 0.8, 9.0, (50, 70)),
}


def scan(img: Image.Image, kind: str, rng: np.random.Generator) -> tuple[Image.Image, int]:
    """Returns the degraded page and the JPEG quality to save it with."""
    max_skew, min_skew, blur, sigma, (q0, q1) = SCAN_PARAMS[kind]
    if max_skew:
        angle = float(rng.uniform(min_skew, max_skew)) * (1 if rng.random() < 0.5 else -1)
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    return _paper_and_noise(img, rng, sigma, tint=kind == "hard_scan"), int(rng.integers(q0, q1 + 1))


def _paper_and_noise(img: Image.Image, rng: np.random.Generator, sigma: float, tint: bool) -> Image.Image:
    a = np.asarray(img, dtype=np.float32)
    if tint:  # recycled-paper grey-yellow, slightly uneven
        a = a * np.array([0.96, 0.95, 0.91], dtype=np.float32)
    a = a + rng.normal(0, sigma, size=a.shape[:2])[..., None].astype(np.float32)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def phone_photo(img: Image.Image, rng: np.random.Generator) -> tuple[Image.Image, int]:
    """The page on a desk, shot slightly off-axis under a lamp, the phone held sideways (turned 90°)."""
    w, h = 1536, 2048  # a 3 MP portrait frame; the paper fills most of it
    bg = np.zeros((h, w, 3), dtype=np.float32) + np.array([92, 78, 64], dtype=np.float32)  # wooden desk
    bg += rng.normal(0, 6, size=(h, w, 1)).astype(np.float32)
    photo = Image.fromarray(np.clip(bg, 0, 255).astype(np.uint8))
    paper = img.resize((1300, 1839), Image.BICUBIC)
    # corners of the paper in the photo (off-axis: a trapezoid)
    j = lambda s: float(rng.uniform(-s, s))  # noqa: E731
    quad = [(118 + j(20), 95 + j(20)), (1430 + j(20), 130 + j(20)), (1465 + j(20), 1960 + j(20)),
            (80 + j(20), 1925 + j(20))]
    coeffs = perspective_coeffs(quad, [(0, 0), (paper.width, 0), (paper.width, paper.height), (0, paper.height)])
    warped = paper.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(0, 0, 0))
    mask = Image.new("L", paper.size, 255).transform((w, h), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    photo.paste(warped, (0, 0), mask)
    # lamp from the upper left: brightness falls off towards the lower right
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.05 - 0.30 * ((xx / w) * 0.6 + (yy / h) * 0.4)
    a = np.asarray(photo, dtype=np.float32) * light[..., None]
    a += rng.normal(0, 4, size=a.shape[:2])[..., None].astype(np.float32)
    photo = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.9))
    return photo.transpose(Image.Transpose.ROTATE_90), 75


def perspective_coeffs(dst, src) -> list[float]:
    """PIL wants the map from output (dst) to input (src) pixel coordinates."""
    rows = []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=np.float64)
    b = np.array([c for p in src for c in p], dtype=np.float64)
    return np.linalg.solve(a, b).tolist()


def jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality, optimize=False, progressive=False)
    return buf.getvalue()
