"""Image files: JPEG, PNG, TIFF (every frame is a page), BMP, WebP — read by OCR."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator

from PIL import Image, ImageOps

from models.reading import PageText, Span
from pipeline.read.tables import fill_cells, image_tables, upright

# A 150-dpi A4 scan is ~2 Mpx and a phone photo ~12–50 Mpx; anything far above is a decompression bomb.
MAX_PIXELS = 80_000_000
MAX_FRAMES = 200


class ImageError(Exception):
    """The image cannot be read; the message is for the reviewer."""


def frames(data: bytes) -> Iterator[Image.Image]:
    """Every page of the image, upright as the camera's EXIF says, in RGB."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ImageError(f"图片尺寸异常（{w}×{h} 像素，超过 {MAX_PIXELS // 1_000_000} 百万像素上限），未读取")
            n = getattr(img, "n_frames", 1)
            if n > MAX_FRAMES:
                raise ImageError(f"图片共 {n} 帧，超过 {MAX_FRAMES} 帧上限")
            for i in range(n):
                img.seek(i)
                frame = ImageOps.exif_transpose(img) if i == 0 else img.copy()
                frame.load()
                yield frame.convert("RGB")
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("图片尺寸异常（疑似解压炸弹），未读取") from exc
    except (OSError, ValueError, SyntaxError, Image.UnidentifiedImageError) as exc:
        raise ImageError(f"图片已损坏或不完整，无法读取（{type(exc).__name__}）") from exc


def read_image(data: bytes, ocr: Callable[[Image.Image, int], tuple[list[Span], int, str]] | None) -> list[PageText]:
    pages = []
    for page_no, frame in enumerate(frames(data), start=1):
        if ocr is None:
            pages.append(PageText(page=page_no, width=frame.width, height=frame.height, source="ocr",
                                  reason="图片需 OCR（未启用 OCR）"))
            continue
        spans, rotation, note = ocr(frame, page_no)
        w, h = (frame.height, frame.width) if rotation in (90, 270) else (frame.width, frame.height)
        tables = fill_cells(image_tables(upright(frame, rotation), page_no), spans)
        pages.append(PageText(page=page_no, width=w, height=h, source="ocr", rotation=rotation, spans=spans,
                              tables=tables, reason="图片，使用 OCR" + (f"；{note}" if note else "")))
    return pages
