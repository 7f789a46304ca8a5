"""Tesseract 5 through its command-line binary (TSV output); words are grouped back into lines."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess

import cv2
import numpy as np

from .base import OcrEngine, RawLine, register
from .options import TesseractOcrOptions


def _joins_with_space(left: str, right: str) -> bool:
    # tesseract separates every CJK glyph with a space; keep spaces only between Latin words
    return left[-1:].isascii() and right[:1].isascii() and left[-1:].isalnum() and right[:1].isalnum()


@register
class TesseractEngine(OcrEngine):
    kind = "tesseract"
    options_type = TesseractOcrOptions

    def _binary(self) -> str:
        path = shutil.which(self.options.binary)  # type: ignore[attr-defined]
        if not path:
            raise FileNotFoundError(f"tesseract binary {self.options.binary!r} not found; apt-get install tesseract-ocr")  # type: ignore[attr-defined]
        return path

    def _engine_version(self) -> str:
        out = subprocess.run([self._binary(), "--version"], capture_output=True, text=True, check=True)
        first = (out.stdout or out.stderr).splitlines()[0].strip()
        return f"{first}|{self.options.lang}|psm{self.options.psm}"  # type: ignore[attr-defined]

    def _load(self) -> None:
        o: TesseractOcrOptions = self.options  # type: ignore[assignment]
        langs = subprocess.run([self._binary(), "--list-langs"], capture_output=True, text=True).stdout.split()
        missing = [lang for lang in o.lang.split("+") if lang not in langs]
        if missing:
            raise FileNotFoundError(f"tesseract has no traineddata for {missing}; apt-get install tesseract-ocr-chi-sim")

    def _recognize(self, rgb: np.ndarray) -> list[RawLine]:
        o: TesseractOcrOptions = self.options  # type: ignore[assignment]
        ok, png = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
        if not ok:
            raise RuntimeError("could not encode the page for tesseract")
        env = dict(os.environ, OMP_THREAD_LIMIT=str(o.threads))
        proc = subprocess.run(
            [self._binary(), "stdin", "stdout", "-l", o.lang, "--psm", str(o.psm), "tsv"],
            input=png.tobytes(), capture_output=True, timeout=o.timeout_seconds, env=env, check=True,
        )
        return _tsv_lines(proc.stdout.decode("utf-8", "replace"))


def _tsv_lines(tsv: str) -> list[RawLine]:
    lines: dict[tuple[str, str, str, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip() or float(row["conf"]) < 0:
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append(row)
    out = []
    for words in lines.values():
        text = words[0]["text"].strip()
        for w in words[1:]:
            t = w["text"].strip()
            text += (" " if _joins_with_space(text, t) else "") + t
        x0 = min(int(w["left"]) for w in words)
        y0 = min(int(w["top"]) for w in words)
        x1 = max(int(w["left"]) + int(w["width"]) for w in words)
        y1 = max(int(w["top"]) + int(w["height"]) for w in words)
        conf = sum(float(w["conf"]) for w in words) / len(words) / 100.0
        quad = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64)
        out.append(RawLine(quad, text, conf))
    return out
