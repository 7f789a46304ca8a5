"""`python -m pipeline bench ocr [--engines paddle rapid tesseract] [--repeat N]`: OCR engines × page kinds.

Every sample file declared in `<samples>/truth/*.yaml` is read the way the pipeline reads it
(`pipeline.read.read_file` with the engine's options: pdfplumber for pages with a usable text layer, the page
rendered and OCRed otherwise) and each page's text — its spans in reading order, concatenated — is compared with
the page's declared lines. Character accuracy = 1 − edit distance / reference length, both texts NFKC-normalised
and stripped of all whitespace; per page kind it is summed over the pages (1 − Σ distance / Σ reference length).

Timing: the OCR result cache is bypassed — the benchmark runs in a temporary `JINSHAN_CACHE_DIR` (model folders
built there before timing) whose results folder is emptied before every read. Each engine reads one scanned page
first (models loaded, sessions warmed). A page's seconds are its file's read time divided by the file's pages
(rendering included); with --repeat N each file is read N times and the median is kept.

Done-when figures, checked for the default engine (exit 1 when one fails): clean scans ≥ 99%, hard scans
≥ 98%, rotated photos read as well as the same photos turned upright beforehand (within 0.5 points), median
≤ 1.5 s per scanned page (clean + hard scans: 150-dpi A4), text-layer pages ≥ 20 pages/s.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.bench.table import print_table

PAGE_KINDS = ("text_layer", "clean_scan", "hard_scan", "rotated_photo")
KIND_LABELS = {
    "text_layer": "text layer",
    "clean_scan": "clean scan",
    "hard_scan": "hard scan (seal/blur/skew/JPEG)",
    "rotated_photo": "rotated photo",
}
SCANNED = ("clean_scan", "hard_scan")  # the 150-dpi A4 pages the seconds-per-page figure is about

MIN_CLEAN = 0.99
MIN_HARD = 0.98
ROTATED_TOLERANCE = 0.005  # "as well as upright": at most half a point below the upright reading
MAX_SCAN_SECONDS = 1.5
MIN_TEXT_LAYER_PAGES_PER_S = 20.0

# ---------------------------------------------------------------------------------------------------------------
# Accuracy


def normalise(text: str) -> str:
    """NFKC, then every whitespace character removed (line breaks and spacing are layout, not reading)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions all cost 1)."""
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def page_distance(got: str, reference: str) -> tuple[int, int]:
    """(edit distance, reference length) after normalisation."""
    g, r = normalise(got), normalise(reference)
    return edit_distance(g, r), len(r)


def accuracy(got: str, reference: str) -> float:
    """1 − edit distance / reference length (normalised texts), floored at 0; 1.0 for an empty reference read
    as empty."""
    dist, n = page_distance(got, reference)
    if n == 0:
        return 1.0 if dist == 0 else 0.0
    return max(0.0, 1.0 - dist / n)


# ---------------------------------------------------------------------------------------------------------------
# Results and the table


@dataclass
class PageResult:
    engine: str
    kind: str
    file: str  # packet/file
    page: int
    ref_chars: int
    distance: int
    seconds: list[float] = field(default_factory=list)  # one per repeat
    cpu_seconds: list[float] = field(default_factory=list)  # this process's CPU time, one per repeat

    @property
    def accuracy(self) -> float:
        return max(0.0, 1.0 - self.distance / self.ref_chars) if self.ref_chars else float(self.distance == 0)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds) if self.seconds else 0.0

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds else 0.0


def kind_accuracy(results: Iterable[PageResult]) -> float | None:
    results = list(results)
    chars = sum(r.ref_chars for r in results)
    if not results or not chars:
        return None
    return max(0.0, 1.0 - sum(r.distance for r in results) / chars)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]."""
    v = sorted(values)
    if not v:
        return 0.0
    pos = (len(v) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def table_rows(results: Sequence[PageResult], engines: Sequence[str]) -> list[list]:
    """One row per engine × page kind: engine, kind, pages, chars, accuracy %, median s/page, p90 s/page, pages/s."""
    rows = []
    for engine in engines:
        for kind in PAGE_KINDS:
            rs = [r for r in results if r.engine == engine and r.kind == kind]
            if not rs:
                continue
            secs = [r.median_seconds for r in rs]
            acc = kind_accuracy(rs)
            total = sum(secs)
            rows.append([
                engine, KIND_LABELS[kind], len(rs), sum(r.ref_chars for r in rs),
                None if acc is None else f"{100 * acc:.2f}",
                f"{statistics.median(secs):.3f}", f"{percentile(secs, 90):.3f}",
                f"{len(rs) / total:.1f}" if total > 0 else None,
                f"{statistics.median(r.median_cpu for r in rs):.3f}",
            ])
    return rows


HEADERS = ["engine", "page kind", "pages", "chars", "accuracy %", "median s/page", "p90 s/page", "pages/s",
           "cpu s/page"]
ALIGN = ["<", "<", ">", ">", ">", ">", ">", ">", ">"]


@dataclass
class Figure:
    label: str
    value: str
    ok: bool | None  # None: not measured (no such pages)


def figures(results: Sequence[PageResult], engine: str, rotated: Sequence[tuple[str, float, float]] = ()) -> list[Figure]:
    """The done-when figures for `engine`. `rotated`: (file, accuracy as read, accuracy of the same photo turned
    upright beforehand) per rotated photo."""
    mine = [r for r in results if r.engine == engine]
    out = []

    def acc_figure(kind: str, minimum: float) -> Figure:
        acc = kind_accuracy(r for r in mine if r.kind == kind)
        label = f"{KIND_LABELS[kind]}: character accuracy ≥ {100 * minimum:.0f}%"
        if acc is None:
            return Figure(label, "no pages", None)
        return Figure(label, f"{100 * acc:.2f}%", acc >= minimum)

    out.append(acc_figure("clean_scan", MIN_CLEAN))
    out.append(acc_figure("hard_scan", MIN_HARD))
    label = "rotated photos read as well as upright (≤ 0.5 pt below the photo turned upright first)"
    if rotated:
        ok = all(got >= upright - ROTATED_TOLERANCE for _, got, upright in rotated)
        value = "; ".join(f"{name}: {100 * got:.2f}% vs {100 * upright:.2f}% upright" for name, got, upright in rotated)
        out.append(Figure(label, value, ok))
    else:
        out.append(Figure(label, "no rotated photos", None))
    scans = [r.median_seconds for r in mine if r.kind in SCANNED]
    label = f"median ≤ {MAX_SCAN_SECONDS} s per scanned page (clean + hard scans, 150-dpi A4)"
    if scans:
        med = statistics.median(scans)
        out.append(Figure(label, f"{med:.2f} s over {len(scans)} pages", med <= MAX_SCAN_SECONDS))
    else:
        out.append(Figure(label, "no pages", None))
    text = [r.median_seconds for r in mine if r.kind == "text_layer"]
    label = f"text-layer pages ≥ {MIN_TEXT_LAYER_PAGES_PER_S:.0f} pages/s"
    if text and sum(text) > 0:
        rate = len(text) / sum(text)
        out.append(Figure(label, f"{rate:.1f} pages/s over {len(text)} pages", rate >= MIN_TEXT_LAYER_PAGES_PER_S))
    else:
        out.append(Figure(label, "no pages", None))
    return out


def print_figures(engine: str, figs: Sequence[Figure], file=None) -> bool:
    """Prints one PASS/FAIL line per figure; True when none failed."""
    out = file or sys.stdout
    print(f"\ndone-when figures for the default engine ({engine}):", file=out)
    for f in figs:
        mark = "PASS" if f.ok else ("n/a " if f.ok is None else "FAIL")
        print(f"  {mark}  {f.label}: {f.value}", file=out)
    return not any(f.ok is False for f in figs)


def machine_line() -> str:
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "n/a"
    return (f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {load}, "
            f"Python {platform.python_version()}")


# ---------------------------------------------------------------------------------------------------------------
# Running the readers


def _options(kind: str):
    from pydantic import TypeAdapter

    from pipeline.ocr.options import OcrOptions

    return TypeAdapter(OcrOptions).validate_python({"kind": kind})


def _timed_read(f, options, results_dir: Path):
    from pipeline.read import read_file

    shutil.rmtree(results_dir, ignore_errors=True)  # never a cache hit
    t0, c0 = time.perf_counter(), time.process_time()
    text = read_file(f, ocr_options=options)
    return text, time.perf_counter() - t0, time.process_time() - c0


def _page_text(page) -> str:
    return "".join(s.text for s in page.spans)


def _rotated_check(f, truth_page, options, results_dir: Path, got_accuracy: float) -> tuple[str, float, float]:
    """Accuracy of the same photo turned upright beforehand (the turn that reads best with orientation detection
    off, i.e. decided by the truth, not by the reader), read through the same engine and options."""
    import io

    from PIL import Image

    from pipeline.intake import PacketFile
    from pipeline.read import read_file
    from pipeline.read.image import frames

    frame = next(frames(f.data))
    ref = "\n".join(truth_page.texts)
    no_orientation = options.model_copy(update={"orientation": False})
    best, best_turn = -1.0, 0
    for turn in (0, 90, 180, 270):
        img = frame.rotate(-turn, expand=True)  # PIL rotates counter-clockwise
        shutil.rmtree(results_dir, ignore_errors=True)
        from pipeline.ocr import ocr_page

        res = ocr_page(img, page=1, cache_key=None, options=no_orientation)
        acc = accuracy("".join(s.text for s in res.spans), ref)
        if acc > best:
            best, best_turn = acc, turn
    buf = io.BytesIO()
    frame.rotate(-best_turn, expand=True).save(buf, format="PNG")
    data = buf.getvalue()
    upright = PacketFile(name=f.name + f".upright{best_turn}.png", data=data, sha256=f"upright-{best_turn}-{f.sha256}",
                         media_type="image/png")
    shutil.rmtree(results_dir, ignore_errors=True)
    text = read_file(upright, ocr_options=options)
    return f.name, got_accuracy, accuracy(_page_text(text.pages[0]), ref)


def bench_engine(kind: str, truths, samples: Path, repeat: int, results_dir: Path, log=sys.stderr):
    """Reads every declared file with one engine; (page results, rotated-photo checks)."""
    from pipeline.intake import open_packet

    options = _options(kind)
    warmed = False
    results: list[PageResult] = []
    rotated: list[tuple[str, float, float]] = []
    for truth in truths:
        packet = open_packet(samples / "packets" / truth.packet)
        files = {f.name: f for f in packet.files}
        for ft in truth.files:
            if ft.page_kind == "office":
                continue  # Word and Excel files are read by their structure, not by an OCR engine
            f = files.get(ft.file)
            if f is None:
                print(f"  {truth.packet}/{ft.file}: not in the packet folder", file=log)
                continue
            if not warmed and ft.page_kind != "text_layer":
                _timed_read(f, options, results_dir)  # loads the models, warms the sessions
                warmed = True
            runs = [_timed_read(f, options, results_dir) for _ in range(repeat)]
            text = runs[0][0]
            per_page = [t / max(1, len(text.pages)) for _, t, _ in runs]
            cpu_page = [c / max(1, len(text.pages)) for _, _, c in runs]
            got = {p.page: p for p in text.pages}
            for tp in ft.pages:
                page = got.get(tp.page)
                dist, n = page_distance(_page_text(page) if page else "", "\n".join(tp.texts))
                results.append(PageResult(kind, ft.page_kind, f"{truth.packet}/{ft.file}", tp.page, n, dist,
                                          list(per_page), list(cpu_page)))
            if ft.page_kind == "rotated_photo" and f.media_type.startswith("image/") and len(ft.pages) == 1:
                acc = accuracy(_page_text(text.pages[0]), "\n".join(ft.pages[0].texts))
                rotated.append(_rotated_check(f, ft.pages[0], options, results_dir, acc))
        print(f"  {kind}: {truth.packet} done", file=log)
    return results, rotated


def run(args) -> int:
    from pipeline.bench import sample_truths

    found = sample_truths(args)
    if found is None:
        return 2
    samples, truths = found
    repeat = max(1, int(getattr(args, "repeat", 1) or 1))
    tmp = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    saved = os.environ.get("JINSHAN_CACHE_DIR")
    os.environ["JINSHAN_CACHE_DIR"] = str(tmp)
    try:
        from pipeline.ocr import default_options, ensure_paddle_models, known_kinds
        from pipeline.ocr.cache import results_dir

        engines = list(getattr(args, "engines", None) or known_kinds())
        unknown = [e for e in engines if e not in known_kinds()]
        if unknown:
            print(f"unknown OCR engine(s) {', '.join(unknown)} (known: {', '.join(known_kinds())})", file=sys.stderr)
            return 2
        default = default_options().kind
        engines.sort(key=lambda e: (e != default, e))  # the default engine first
        ensure_paddle_models()  # model folders built in the temporary cache before any timing
        results: list[PageResult] = []
        rotated: dict[str, list] = {}
        for kind in engines:
            r, rot = bench_engine(kind, truths, samples, repeat, results_dir())
            results.extend(r)
            rotated[kind] = rot
    finally:
        if saved is None:
            os.environ.pop("JINSHAN_CACHE_DIR", None)
        else:
            os.environ["JINSHAN_CACHE_DIR"] = saved
        shutil.rmtree(tmp, ignore_errors=True)

    print(machine_line())
    print(f"{len(truths)} sample packets; {repeat} timed read(s) per file after one warm-up page per engine, "
          f"OCR result cache bypassed; accuracy = 1 − edit distance / reference length after NFKC normalisation "
          f"and removing all whitespace; s/page = file read time / its pages (rendering included); cpu s/page = this process's CPU time per page "
          f"(all threads; less sensitive to other load than the wall-clock figures)")
    print_table(HEADERS, table_rows(results, engines), align=ALIGN)
    for kind in engines:
        if kind != default:
            continue
        if not print_figures(kind, figures(results, kind, rotated.get(kind, []))):
            return 1
        return 0
    print(f"\n(the done-when figures are for the default engine, {default}, which was not run)")
    return 0
