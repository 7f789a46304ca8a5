"""Image files: JPEG, PNG, TIFF (every frame is a page), BMP, WebP, HEIC/HEIF — read by OCR.

Every frame is normalised to 8-bit RGB *before* OCR sees it (`to_rgb`): transparency composited on white (a
transparent PNG turned black otherwise, and its lines ran together), 16-bit and 32-bit greyscale scaled into
8 bits (clipped, a 16-bit scan became a white page), palettes expanded, CMYK through its ICC profile where it
has one, 1-bit and other modes converted.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator

import numpy as np
from PIL import Image, ImageOps

from models.reading import PageText, Span
from pipeline.read.pages import PageDone, PageImage, PageItem

# A 150-dpi A4 scan is ~2 Mpx and a phone photo ~12–50 Mpx; anything far above is a decompression bomb.
MAX_PIXELS = 80_000_000
MAX_FRAMES = 200
# Larger frames are read downscaled to about this many pixels (a 48 Mpx phone photo's text is still ~4x what OCR
# needs); every reader of the file (OCR, evidence pictures) goes through `frames`, so boxes stay consistent.
MAX_READ_PIXELS = 36_000_000

_HEIF_READY = False


class ImageError(Exception):
    """The image cannot be read; the message is for the reviewer."""


def heif_support() -> bool:
    """Registers pillow-heif's opener once (iPhone photos are HEIC); False when it is not installed."""
    global _HEIF_READY
    if not _HEIF_READY:
        try:
            import pillow_heif
        except ImportError:
            return False
        pillow_heif.register_heif_opener()
        _HEIF_READY = True
    return True


def _scaled_to_8bit(img: Image.Image) -> Image.Image:
    """A 16/32-bit integer or float greyscale image as 8-bit L: 16-bit by its nominal range (8, 12 or 16 bits
    used), 32-bit integers and floats by the range their values span."""
    arr = np.asarray(img).astype(np.float64)
    if arr.size == 0:
        return Image.new("L", img.size, 255)
    lo, hi = float(arr.min()), float(arr.max())
    if img.mode.startswith("I;16"):
        top = 255.0 if hi <= 255 else 4095.0 if hi <= 4095 else 65535.0
        out = arr * (255.0 / top)
    else:
        out = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.full_like(arr, 255.0)
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "L")


def _on_white(img: Image.Image) -> Image.Image:
    rgba = img.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


def _cmyk_to_rgb(img: Image.Image) -> Image.Image:
    icc = img.info.get("icc_profile")
    if icc:
        try:
            from PIL import ImageCms

            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(img, src, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except Exception:  # a broken profile: the plain conversion below is still readable
            pass
    return img.convert("RGB")


def to_rgb(img: Image.Image) -> Image.Image:
    """The frame as 8-bit RGB on white, whatever its mode (see the module doc)."""
    mode = img.mode
    if mode == "RGB":
        return img
    if mode == "P" or mode == "PA":
        has_alpha = mode == "PA" or "transparency" in img.info
        img = img.convert("RGBA" if has_alpha else "RGB")
        return _on_white(img) if has_alpha else img
    if mode in ("RGBA", "LA", "La", "RGBa"):
        return _on_white(img)
    if mode in ("L", "1"):
        if mode == "L" and "transparency" in img.info:
            return _on_white(img.convert("LA"))
        return img.convert("L").convert("RGB")
    if mode.startswith("I") or mode == "F":
        return _scaled_to_8bit(img).convert("RGB")
    if mode == "CMYK":
        return _cmyk_to_rgb(img)
    return img.convert("RGB")  # YCbCr, LAB, HSV, …


def frames(data: bytes) -> Iterator[Image.Image]:
    """Every page of the image, upright as the camera's EXIF says, in 8-bit RGB on white."""
    if data[4:8] == b"ftyp":
        heif_support()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            warnings.filterwarnings("ignore", message="Palette images with Transparency")
            img = Image.open(io.BytesIO(data))
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ImageError(f"图片尺寸异常（{w}×{h} 像素，超过 {MAX_PIXELS // 1_000_000} 百万像素上限），未读取")
            n = getattr(img, "n_frames", 1)
            if n > MAX_FRAMES:
                raise ImageError(f"图片共 {n} 帧，超过 {MAX_FRAMES} 帧上限")
            if n == 1 and img.format == "JPEG" and w * h > MAX_READ_PIXELS:
                k = (MAX_READ_PIXELS / (w * h)) ** 0.5
                img.draft("RGB", (int(w * k), int(h * k)))  # DCT scaling: decoded at 1/2, 1/4 … of the size
            for i in range(n):
                img.seek(i)
                frame = ImageOps.exif_transpose(img) if i == 0 else img.copy()
                frame.load()
                if frame.width * frame.height > MAX_READ_PIXELS:
                    k = (MAX_READ_PIXELS / (frame.width * frame.height)) ** 0.5
                    frame = frame.resize((max(1, int(frame.width * k)), max(1, int(frame.height * k))),
                                         Image.LANCZOS)
                yield to_rgb(frame)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("图片尺寸异常（疑似解压炸弹），未读取") from exc
    except (OSError, ValueError, SyntaxError, Image.UnidentifiedImageError) as exc:
        raise ImageError(f"图片已损坏或不完整，无法读取（{type(exc).__name__}）") from exc


def parse_image(data: bytes, *, render: bool) -> Iterator[PageItem]:
    """Every frame as a page to OCR (or, without OCR, an empty page with the reason; frames are still decoded,
    so a broken image is an error either way)."""
    for page_no, frame in enumerate(frames(data), start=1):
        if render:
            yield PageImage(page_no, frame, frame.width, frame.height, "图片，使用 OCR", "图片")
        else:
            yield PageDone(PageText(page=page_no, width=frame.width, height=frame.height, source="ocr",
                                    reason="图片需 OCR（未启用 OCR）"))


def read_image(data: bytes, ocr: Callable[[Image.Image, int], tuple[list[Span], int, str]] | None) -> list[PageText]:
    """Every frame read by OCR in this process (see `pipeline.read.read_file` for the bounded way)."""
    from pipeline.read.verify import finish_page

    return [finish_page(item, ocr, None) for item in parse_image(data, render=ocr is not None)]
