"""Calibration inputs for static int8 quantisation, made on this machine from the installed CJK fonts.

Static quantisation fixes each activation's int8 range in advance from example inputs. The examples here
are synthetic and independent of every benchmark page: A4 pages of random sequences of common characters
(GB 2312 level 1, digits, Latin, punctuation) in the installed CJK faces at random sizes, sparse and dense,
fed askew, with the blur, noise, paper tone and JPEG loss of scans; recognition sees the line crops the float
detector cuts from them. Seeded, so a rebuild gives the same model.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np

FONT_FILES = (  # (path, face index of Simplified Chinese); the Debian packages of scripts/setup-system.sh
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)
_EXTRA = "0123456789ABCDEFGHJKLMNPQRTUWXY：，。、（）《》“”；-/"


def _common_chars() -> str:
    out = []
    for b1 in range(0xB0, 0xD8):  # GB 2312 level 1: the 3,755 most common characters
        for b2 in range(0xA1, 0xFF):
            try:
                out.append(bytes([b1, b2]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


def _fonts():
    from PIL import ImageFont

    found = [(p, i) for p, i in FONT_FILES if Path(p).is_file()]
    if not found:
        raise FileNotFoundError("no CJK font installed for calibration; run scripts/setup-system.sh")
    return found, ImageFont


def _text(rng: np.random.Generator, chars: str, n: int) -> str:
    pool = chars + _EXTRA * 8
    return "".join(pool[k] for k in rng.integers(0, len(pool), n))


def _scan(img, rng: np.random.Generator):
    """Blur, paper tone, noise and JPEG of a scan or a photo."""
    from PIL import Image, ImageFilter

    img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0, 1.0))))
    a = np.asarray(img, np.float32) * rng.uniform(0.85, 1.0, size=3).astype(np.float32)
    a += rng.normal(0, rng.uniform(1, 10), size=a.shape[:2])[..., None].astype(np.float32)
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=int(rng.integers(45, 90)))
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _pages(n: int, seed: int) -> Iterator[np.ndarray]:
    """A4 pages at 150 dpi (RGB), sparse (certificates) to dense (running text), scanned."""
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    fonts, image_font = _fonts()
    chars = _common_chars()
    for k in range(n):
        page = Image.new("RGB", (1240, 1754), "white")
        d = ImageDraw.Draw(page)
        size = int(rng.integers(20, 60)) if k % 2 == 0 else int(rng.integers(18, 28))
        y = int(rng.integers(80, 200))
        while y < 1754 - 2 * size:
            path, index = fonts[int(rng.integers(0, len(fonts)))]
            font = image_font.truetype(path, size, index=index)
            x = int(rng.integers(80, 300))
            text = _text(rng, chars, int(max(1, (1240 - x - 80) / size * rng.uniform(0.3, 1.0))))
            d.text((x, y), text, font=font, fill=(0, 0, 0) if rng.random() < 0.9 else (190, 30, 30))
            y += int(size * (rng.uniform(1.5, 2.2) if k % 2 else rng.uniform(2, 5)))
        page = page.rotate(float(rng.uniform(-2, 2)), resample=Image.BICUBIC, fillcolor="white")  # fed askew
        yield _scan(page, rng)


def det_inputs(n: int = 12, seed: int = 15, side: int = 960) -> Iterator[np.ndarray]:
    """1x3xHxW detection inputs: synthetic scanned pages."""
    from .det import det_input, det_size

    for rgb in _pages(n, seed):
        yield det_input(rgb, det_size(*rgb.shape[:2], side))


def rec_inputs_from_pages(n: int = 128, pages: int = 8, seed: int = 16) -> Iterator[np.ndarray]:
    """1x3x48xW recognition inputs cut from synthetic scanned pages by the (float) detector, as the engine cuts
    them: the crops' margins, backgrounds and scales are the ones recognition sees."""
    from .det import DbParams, boxes_from_prob, det_input, det_size, sort_boxes
    from .model_store import det_model
    from .rec import crop_line, input_width, rec_input
    from .sessions import SessionSettings, session

    det = session(det_model(), SessionSettings(intra_op_threads=2, spinning=False))
    crops = []
    for rgb in _pages(pages, seed):
        h, w = rgb.shape[:2]
        prob = det.run(None, {"x": det_input(rgb, det_size(h, w, 960))})[0][0, 0]
        crops += [c for c in (crop_line(rgb, q) for q in sort_boxes(boxes_from_prob(prob, w, h, DbParams())))
                  if c.size]
    rng = np.random.default_rng(seed)
    for k in rng.permutation(len(crops))[:n]:
        yield rec_input(crops[k], input_width(crops[k]), rgb=True)[None]
