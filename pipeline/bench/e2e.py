"""`python -m pipeline bench e2e`: seconds per packet end to end (intake → draft), OCR really run.

The OCR result cache would make a second run free, so every run reads into an empty results cache (the model
folders are built once, before timing). Models are loaded by a warm-up packet first: the figure is what a
running worker pays per packet. Prints one row per sample packet and the median for packets of five documents.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from pipeline.bench.table import print_table


def run(args) -> int:
    samples = Path(args.samples)
    packets = sorted(p for p in (samples / "packets").iterdir() if p.is_dir())
    repeat = max(1, args.repeat or 1)
    tmp = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    os.environ["JINSHAN_CACHE_DIR"] = str(tmp)
    from models.draft import Period
    from pipeline.intake import open_packet
    from pipeline.ocr import ensure_paddle_models
    from pipeline.ocr.cache import results_dir
    from pipeline.process import ProcessOptions, run_packet

    ensure_paddle_models()
    opts = ProcessOptions(as_of=date(2026, 3, 31), period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    run_packet(open_packet(packets[0]), opts)  # warm-up: loads OCR models and the spaCy pipeline
    rows, five = [], []
    try:
        for packet in packets:
            times, docs, pages = [], 0, 0
            for _ in range(repeat):
                shutil.rmtree(results_dir(), ignore_errors=True)
                t0 = time.perf_counter()
                result = run_packet(open_packet(packet), opts)
                times.append(time.perf_counter() - t0)
                docs = len(result.draft.documents)
                pages = sum(len(f.pages) for f in result.read.files)
            med = statistics.median(times)
            if docs == 5:
                five.extend(times)
            rows.append([packet.name, docs, pages, f"{med:.2f}", f"{med / max(pages, 1):.2f}"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{repeat} run(s) per packet, OCR cache empty for each run, models loaded")
    print_table(["packet", "documents", "pages", "median s", "s/page"], rows)
    if five:
        med5 = statistics.median(five)
        verdict = "OK" if med5 <= 10 else "SLOWER THAN 10 s"
        print(f"\npackets of five documents: median {med5:.2f} s over {len(five)} runs ({verdict})")
        return 0 if med5 <= 10 else 1
    return 0
