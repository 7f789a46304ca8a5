"""`python -m pipeline bench ocr [--engines NAME …] [--repeat N]`: OCR engines and option sets × page kinds.

Engines are engine kinds (`ppocr`, `paddle`, `rapid`, `tesseract`) or named option sets of
`pipeline.ocr.options.PRESETS` (`ppocr-base` = the ppocr engine as PaddleOCR runs it, then each CPU option alone
on top of it); default: all of them. The default engine (`ppocr`) is run first, Tesseract's figures are the
yardstick of the "× tesseract" columns, PaddleOCR's own pipeline (`paddle`) the reference of the "Δ ref" column.

Pages: every sample file declared in `<samples>/truth/*.yaml` (text layer, clean scans, hard scans, rotated phone
photos) and the dense kind: the policy text as a four-page degraded scan (pipeline/bench/dense.py). Each file is
read the way the pipeline reads it (`pipeline.read.read_file` with the engine's options) and each page's text
— its spans in reading order, concatenated — is compared with the page's reference lines. Character accuracy =
1 − edit distance / reference length, both texts NFKC-normalised and stripped of all whitespace; per page kind it
is pooled over the pages (1 − Σ distance / Σ reference length).

Timing: the OCR result cache is bypassed — the benchmark runs in a temporary `JINSHAN_CACHE_DIR` (the model
folders, built at install time, are shared with the real cache) whose results folder is emptied before every
read. Each engine reads one scanned page first (models loaded, sessions warmed). A page's seconds are its file's
read time divided by the file's pages (rendering included); cpu s/page is this process's CPU time and its
children's (Tesseract runs as a child) over the same span; with --repeat N each file is read N times and the
median is kept. First page: a new Python process reads one certificate scan with the engine (start-up, model
loading and the page; median of three). Intake pages: the clean and hard scan pages read by two threads at once,
as the intake reads two packets at once: one page at a time (the engine's lock), pages at once in threads, pages
at once in two worker processes. Every wall-clock figure is printed beside the load average when it was taken.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.bench.table import print_table

PAGE_KINDS = ("text_layer", "clean_scan", "hard_scan", "rotated_photo", "dense")
KIND_LABELS = {
    "text_layer": "text layer",
    "clean_scan": "clean scan",
    "hard_scan": "hard scan (seal/blur/skew/JPEG)",
    "rotated_photo": "rotated photo",
    "dense": "dense (policy text, 4 pages)",
}
SCANNED = ("clean_scan", "hard_scan")  # the 150-dpi A4 certificate/licence pages the per-page figures are about
REFERENCE = "paddle"  # PaddleOCR 3.7's own pipeline: what "accuracy unchanged" is measured against
YARDSTICK = "tesseract"
FIRST_PAGE_FILE = ("p01-quality-gold", "IMG_0412.jpg")  # a one-page certificate scan
TEXT_LAYER_FILE = ("p01-quality-gold", "信用报告_恒达新材料.pdf")

MIN_CLEAN = 0.99
MIN_HARD = 0.98
MIN_DENSE = 0.999
ROTATED_TOLERANCE = 0.005  # "as well as upright": at most half a point below the upright reading
SAME_AS_REFERENCE = 0.001  # "accuracy unchanged": within 0.1 point of the reference on every kind
MAX_SCAN_SECONDS = 1.5
MAX_SCAN_CPU = 0.6
MAX_DENSE_SECONDS = 1.0
MAX_DENSE_VS_TESSERACT = 0.5
MAX_FIRST_PAGE_SECONDS = 2.0
MAX_TEXT_LAYER_COMMAND_SECONDS = 1.0
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
# Results and the tables


@dataclass
class PageResult:
    engine: str
    kind: str
    file: str  # packet/file
    page: int
    ref_chars: int
    distance: int
    seconds: list[float] = field(default_factory=list)  # one per repeat
    cpu_seconds: list[float] = field(default_factory=list)  # CPU time of this process and its children, per repeat

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


def _pick(results: Sequence[PageResult], engine: str, kinds: Sequence[str]) -> list[PageResult]:
    return [r for r in results if r.engine == engine and r.kind in kinds]


def ratio_to(results: Sequence[PageResult], engine: str, other: str, kinds: Sequence[str], cpu: bool = False
             ) -> float | None:
    """Σ engine seconds / Σ other engine's seconds over the pages both read (wall, or CPU)."""
    mine = {(r.file, r.page): r for r in _pick(results, engine, kinds)}
    theirs = {(r.file, r.page): r for r in _pick(results, other, kinds)}
    both = mine.keys() & theirs.keys()
    value = (lambda r: r.median_cpu) if cpu else (lambda r: r.median_seconds)
    den = sum(value(theirs[k]) for k in both)
    if not both or den <= 0:
        return None
    return sum(value(mine[k]) for k in both) / den


def table_rows(results: Sequence[PageResult], engines: Sequence[str]) -> list[list]:
    """One row per engine × page kind: engine, kind, pages, chars, accuracy %, Δ reference (points), median s/page,
    p90 s/page, pages/s, cpu s/page, × tesseract wall, × tesseract cpu."""
    rows = []
    for engine in engines:
        for kind in PAGE_KINDS:
            rs = _pick(results, engine, (kind,))
            if not rs:
                continue
            secs = [r.median_seconds for r in rs]
            acc = kind_accuracy(rs)
            ref = kind_accuracy(_pick(results, REFERENCE, (kind,)))
            total = sum(secs)
            xw = ratio_to(results, engine, YARDSTICK, (kind,)) if engine != YARDSTICK else None
            xc = ratio_to(results, engine, YARDSTICK, (kind,), cpu=True) if engine != YARDSTICK else None
            rows.append([
                engine, KIND_LABELS[kind], len(rs), sum(r.ref_chars for r in rs),
                None if acc is None else f"{100 * acc:.2f}",
                None if acc is None or ref is None or engine == REFERENCE else f"{100 * (acc - ref):+.2f}",
                f"{statistics.median(secs):.3f}", f"{percentile(secs, 90):.3f}",
                f"{len(rs) / total:.1f}" if total > 0 else None,
                f"{statistics.median(r.median_cpu for r in rs):.3f}",
                None if xw is None else f"{xw:.2f}×", None if xc is None else f"{xc:.2f}×",
            ])
    return rows


HEADERS = ["engine", "page kind", "pages", "chars", "accuracy %", "Δ ref pt", "median s/page", "p90 s/page",
           "pages/s", "cpu s/page", "× tess wall", "× tess cpu"]
ALIGN = ["<", "<", ">", ">", ">", ">", ">", ">", ">", ">", ">", ">"]


@dataclass
class Timed:
    """A wall-clock figure measured a few times, with the 1-minute load average when it was taken."""

    seconds: list[float]
    load: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def text(self) -> str:
        return f"{self.median:.2f} s (median of {len(self.seconds)}, load {self.load:.2f})"


@dataclass
class Startup:
    first_page: dict[str, Timed] = field(default_factory=dict)  # engine -> a new process reading one scan
    text_command_scan: Timed | None = None  # `python -m pipeline text` on that scan (default engine)
    text_command_text_layer: Timed | None = None  # `python -m pipeline text` on a text-layer PDF


@dataclass
class Figure:
    label: str
    value: str
    ok: bool | None  # None: not measured (no such pages)


def figures(results: Sequence[PageResult], engine: str, rotated: Sequence[tuple[str, float, float]] = (),
            startup: Startup | None = None) -> list[Figure]:
    """The done-when figures for `engine`. `rotated`: (file, accuracy as read, accuracy of the same photo turned
    upright beforehand) per rotated photo."""
    mine = [r for r in results if r.engine == engine]
    out = []

    def acc_figure(kind: str, minimum: float) -> Figure:
        acc = kind_accuracy(r for r in mine if r.kind == kind)
        label = f"{KIND_LABELS[kind]}: character accuracy ≥ {100 * minimum:g}%"
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
    out.append(acc_figure("dense", MIN_DENSE))
    label = f"accuracy within {100 * SAME_AS_REFERENCE:g} point of the reference ({REFERENCE}) on every page kind"
    refs = [r for r in results if r.engine == REFERENCE]
    if refs and engine != REFERENCE:
        deltas = []
        for kind in PAGE_KINDS:
            a, b = kind_accuracy(r for r in mine if r.kind == kind), kind_accuracy(r for r in refs if r.kind == kind)
            if a is not None and b is not None:
                deltas.append((kind, a - b))
        value = ", ".join(f"{KIND_LABELS[k].split(' (')[0]} {100 * d:+.2f}" for k, d in deltas)
        out.append(Figure(label, value, all(d >= -SAME_AS_REFERENCE for _, d in deltas)))
    else:
        out.append(Figure(label, f"{REFERENCE} not run", None))
    scans = [r for r in mine if r.kind in SCANNED]
    label = f"median ≤ {MAX_SCAN_SECONDS} s per scanned page (clean + hard scans, 150-dpi A4)"
    if scans:
        med = statistics.median(r.median_seconds for r in scans)
        out.append(Figure(label, f"{med:.2f} s over {len(scans)} pages", med <= MAX_SCAN_SECONDS))
    else:
        out.append(Figure(label, "no pages", None))
    label = f"certificate pages (clean + hard scans) ≤ {MAX_SCAN_CPU} CPU-s per page, median"
    if scans:
        med = statistics.median(r.median_cpu for r in scans)
        out.append(Figure(label, f"{med:.2f} CPU-s over {len(scans)} pages", med <= MAX_SCAN_CPU))
    else:
        out.append(Figure(label, "no pages", None))
    dense = [r for r in mine if r.kind == "dense"]
    label = f"dense pages ≤ {MAX_DENSE_SECONDS} s per page wall, median ({os.cpu_count()} cores)"
    if dense:
        med = statistics.median(r.median_seconds for r in dense)
        out.append(Figure(label, f"{med:.2f} s over {len(dense)} pages", med <= MAX_DENSE_SECONDS))
    else:
        out.append(Figure(label, "no pages", None))
    label = f"dense pages: wall time ≤ {MAX_DENSE_VS_TESSERACT}× Tesseract's on the same pages, same run"
    x = ratio_to(results, engine, YARDSTICK, ("dense",))
    out.append(Figure(label, "tesseract not run" if x is None else f"{x:.2f}×",
                      None if x is None else x <= MAX_DENSE_VS_TESSERACT))
    text = [r.median_seconds for r in mine if r.kind == "text_layer"]
    label = f"text-layer pages ≥ {MIN_TEXT_LAYER_PAGES_PER_S:.0f} pages/s"
    if text and sum(text) > 0:
        rate = len(text) / sum(text)
        out.append(Figure(label, f"{rate:.2f} pages/s over {len(text)} pages", rate >= MIN_TEXT_LAYER_PAGES_PER_S))
    else:
        out.append(Figure(label, "no pages", None))
    s = startup or Startup()
    label = f"start-up to first OCR'd page ≤ {MAX_FIRST_PAGE_SECONDS} s (`python -m pipeline text` on a one-page scan)"
    t = s.text_command_scan
    out.append(Figure(label, "not measured" if t is None else t.text(),
                      None if t is None else t.median <= MAX_FIRST_PAGE_SECONDS))
    label = f"a text-layer file's `python -m pipeline text` ≤ {MAX_TEXT_LAYER_COMMAND_SECONDS} s"
    t = s.text_command_text_layer
    out.append(Figure(label, "not measured" if t is None else t.text(),
                      None if t is None else t.median <= MAX_TEXT_LAYER_COMMAND_SECONDS))
    return out


def print_figures(engine: str, figs: Sequence[Figure], file=None) -> bool:
    """Prints one PASS/FAIL line per figure; True when none failed."""
    out = file or sys.stdout
    print(f"\ndone-when figures for the default engine ({engine}):", file=out)
    for f in figs:
        mark = "PASS" if f.ok else ("n/a " if f.ok is None else "FAIL")
        print(f"  {mark}  {f.label}: {f.value}", file=out)
    return not any(f.ok is False for f in figs)


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def machine_line() -> str:
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "n/a"
    cpu = ""
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                   if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"machine: {platform.machine()} {cpu}, {os.cpu_count()} cores, load average {load}, "
            f"Python {platform.python_version()}")


# ---------------------------------------------------------------------------------------------------------------
# Running the readers


def cpu_now() -> float:
    """CPU seconds of this process and of its finished children (Tesseract runs as a child)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def engine_options(name: str):
    from pipeline.ocr.options import preset

    return preset(name)


def known_engines() -> list[str]:
    from pipeline.ocr import known_kinds
    from pipeline.ocr.options import PRESETS

    return list(PRESETS) + [k for k in known_kinds() if k not in PRESETS]


@dataclass
class Item:
    kind: str
    name: str  # packet/file
    file: object  # PacketFile
    pages: list[tuple[int, str]]  # (page number, reference text)


def sample_items(samples: Path, truths, log=sys.stderr) -> list[Item]:
    from pipeline.intake import open_packet

    items = []
    for truth in truths:
        files = {f.name: f for f in open_packet(samples / "packets" / truth.packet).files}
        for ft in truth.files:
            if ft.page_kind == "office":
                continue  # Word and Excel files are read by their structure, not by an OCR engine
            f = files.get(ft.file)
            if f is None:
                print(f"  {truth.packet}/{ft.file}: not in the packet folder", file=log)
                continue
            items.append(Item(ft.page_kind, f"{truth.packet}/{ft.file}", f,
                              [(tp.page, "\n".join(tp.texts)) for tp in ft.pages]))
    return items


def dense_item() -> Item:
    from pipeline.bench.dense import FILE_NAME, dense_pages, dense_pdf
    from pipeline.intake import _file

    return Item("dense", f"policy/{FILE_NAME}", _file(FILE_NAME, dense_pdf()),
                [(p.page, "\n".join(p.lines)) for p in dense_pages()])


def _timed_read(f, options, results_dir: Path):
    from pipeline.read import read_file

    shutil.rmtree(results_dir, ignore_errors=True)  # never a cache hit
    t0, c0 = time.perf_counter(), cpu_now()
    text = read_file(f, ocr_options=options)
    return text, time.perf_counter() - t0, cpu_now() - c0


def _page_text(page) -> str:
    return "".join(s.text for s in page.spans)


def _rotated_check(item: Item, options, results_dir: Path, got_accuracy: float) -> tuple[str, float, float]:
    """Accuracy of the same photo turned upright beforehand (the turn that reads best with orientation detection
    off, i.e. decided by the truth, not by the reader), read through the same engine and options."""
    import io

    from pipeline.intake import PacketFile
    from pipeline.ocr import ocr_page
    from pipeline.read import read_file
    from pipeline.read.image import frames

    f = item.file
    frame = next(frames(f.data))
    ref = item.pages[0][1]
    no_orientation = options.model_copy(update={"orientation": False})
    best, best_turn = -1.0, 0
    for turn in (0, 90, 180, 270):
        img = frame.rotate(-turn, expand=True)  # PIL rotates counter-clockwise
        shutil.rmtree(results_dir, ignore_errors=True)
        res = ocr_page(img, page=1, cache_key=None, options=no_orientation)
        acc = accuracy("".join(s.text for s in res.spans), ref)
        if acc > best:
            best, best_turn = acc, turn
    buf = io.BytesIO()
    frame.rotate(-best_turn, expand=True).save(buf, format="PNG")
    upright = PacketFile(name=f.name + f".upright{best_turn}.png", data=buf.getvalue(),
                         sha256=f"upright-{best_turn}-{f.sha256}", media_type="image/png")
    shutil.rmtree(results_dir, ignore_errors=True)
    text = read_file(upright, ocr_options=options)
    return f.name, got_accuracy, accuracy(_page_text(text.pages[0]), ref)


def bench_engine(name: str, items: Sequence[Item], repeat: int, results_dir: Path, log=sys.stderr):
    """Reads every item with one engine (or option set); (page results, rotated-photo checks)."""
    options = engine_options(name)
    results: list[PageResult] = []
    rotated: list[tuple[str, float, float]] = []
    warm = next((it for it in items if it.kind in SCANNED), None)
    if warm is not None:
        _timed_read(warm.file, options, results_dir)  # loads the models, warms the sessions
    for it in items:
        runs = [_timed_read(it.file, options, results_dir) for _ in range(repeat)]
        text = runs[0][0]
        n = max(1, len(text.pages))
        per_page = [t / n for _, t, _ in runs]
        cpu_page = [c / n for _, _, c in runs]
        got = {p.page: p for p in text.pages}
        for page_no, ref in it.pages:
            page = got.get(page_no)
            dist, chars = page_distance(_page_text(page) if page else "", ref)
            results.append(PageResult(name, it.kind, it.name, page_no, chars, dist, list(per_page), list(cpu_page)))
        if it.kind == "rotated_photo" and it.file.media_type.startswith("image/") and len(it.pages) == 1:
            acc = accuracy(_page_text(text.pages[0]), it.pages[0][1])
            rotated.append(_rotated_check(it, options, results_dir, acc))
    print(f"  {name}: {len(items)} files read", file=log)
    return results, rotated


# ---------------------------------------------------------------------------------------------------------------
# Start-up: new processes


_FIRST_PAGE = """
import json, sys
from pathlib import Path
from pipeline.intake import _file
from pipeline.read import read_file
p = Path(sys.argv[1])
ft = read_file(_file(p.name, p.read_bytes()), ocr_options=json.loads(sys.argv[2]))
print(len(ft.pages[0].spans))
"""


def _run_timed(cmd: list[str], results_dir: Path, runs: int) -> Timed:
    times = []
    load = load_average()
    root = Path(__file__).resolve().parents[2]
    for _ in range(runs):
        shutil.rmtree(results_dir, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=root, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - t0)
    return Timed(times, load)


def first_page(name: str, path: Path, results_dir: Path, runs: int = 3) -> Timed:
    """A new Python process reads one page with this engine: imports, model loading, the page."""
    opts = engine_options(name).model_dump(mode="json")
    return _run_timed([sys.executable, "-c", _FIRST_PAGE, str(path), json.dumps(opts)], results_dir, runs)


def text_command(path: Path, results_dir: Path, runs: int = 3) -> Timed:
    return _run_timed([sys.executable, "-m", "pipeline", "text", str(path)], results_dir, runs)


# ---------------------------------------------------------------------------------------------------------------
# Intake pages: two callers at once, as the intake reads two packets at once


@dataclass
class IntakeRun:
    mode: str
    pages: int
    seconds: float
    cpu: float
    load: float
    note: str = ""


def _page_images(items: Sequence[Item]) -> list:
    from pipeline.read.image import frames
    from pipeline.read.pdf import render_page

    out = []
    for it in items:
        if it.kind not in SCANNED:
            continue
        if it.file.media_type == "application/pdf":
            out += [render_page(it.file.data, n) for n, _ in it.pages]
        else:
            out += list(frames(it.file.data))
    return out


def _worker_cpu(pids: Iterable[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def intake_pages(images: Sequence, options, log=sys.stderr) -> list[IntakeRun]:
    """The pages read by two threads at once: serialised (one page at a time, as an engine with a lock reads),
    at once in threads (the options as they are; one thread per page), in two worker processes."""
    from pipeline.ocr import get_engine, ocr_page, pool

    def two_threads(read) -> float:
        queue = list(enumerate(images, start=1))
        lock = threading.Lock()

        def work():
            while True:
                with lock:
                    if not queue:
                        return
                    page, img = queue.pop(0)
                read(img, page)

        threads = [threading.Thread(target=work) for _ in range(2)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - t0

    runs = []
    serial = options.model_copy(update={"workers": 1})
    get_engine(serial).load()
    one_at_a_time = threading.Lock()

    def read_serial(img, page):
        with one_at_a_time:
            ocr_page(img, page=page, cache_key=None, options=serial)

    load, c0 = load_average(), cpu_now()
    wall = two_threads(read_serial)
    runs.append(IntakeRun("one page at a time (an engine with a lock), the options as they are", len(images), wall,
                          cpu_now() - c0, load))
    load, c0 = load_average(), cpu_now()
    wall = two_threads(lambda img, page: ocr_page(img, page=page, cache_key=None, options=serial))
    runs.append(IntakeRun("two pages at once in threads, the options as they are", len(images), wall,
                          cpu_now() - c0, load))
    single = {"workers": 1, "threads": 1, **({"rec_streams": 1} if "rec_streams" in type(options).model_fields else {})}
    threaded = options.model_copy(update=single)
    get_engine(threaded).load()
    load, c0 = load_average(), cpu_now()
    wall = two_threads(lambda img, page: ocr_page(img, page=page, cache_key=None, options=threaded))
    runs.append(IntakeRun("two pages at once in threads, one thread per page", len(images), wall,
                          cpu_now() - c0, load))
    procs = options.model_copy(update={**single, "workers": 2})
    t0 = time.perf_counter()
    executor = pool.pool_for(procs)
    list(executor.map(pool._read, [images[0], images[-1]], [1, 2]))  # workers started, models loaded
    started = time.perf_counter() - t0
    pids = list(executor._processes)  # noqa: SLF001  (the workers' CPU time, read from /proc)
    load, c0, w0 = load_average(), cpu_now(), _worker_cpu(pids)
    wall = two_threads(lambda img, page: ocr_page(img, page=page, cache_key=None, options=procs))
    runs.append(IntakeRun("two pages at once in two worker processes, one thread per page", len(images), wall,
                          cpu_now() - c0 + _worker_cpu(pids) - w0, load, f"workers started in {started:.1f} s"))
    pool.shutdown()
    print("  intake pages done", file=log)
    return runs


# ---------------------------------------------------------------------------------------------------------------


def _shared_models(tmp: Path, real_root: Path) -> None:
    """The temporary cache uses the real cache's model folders (built at install time; built now if missing)."""
    from pipeline.ocr.model_store import prepare_all

    prepare_all(real_root)
    (tmp / "ocr-models").symlink_to(real_root / "ocr-models", target_is_directory=True)


def run(args) -> int:
    from pipeline.bench import sample_truths

    found = sample_truths(args)
    if found is None:
        return 2
    samples, truths = found
    repeat = max(1, int(getattr(args, "repeat", 1) or 1))
    engines = list(getattr(args, "engines", None) or known_engines())
    unknown = [e for e in engines if e not in known_engines()]
    if unknown:
        print(f"unknown OCR engine(s) {', '.join(unknown)} (known: {', '.join(known_engines())})", file=sys.stderr)
        return 2
    from pipeline.ocr.options import PRESETS

    default = next(iter(PRESETS))  # "ppocr": the default options
    engines.sort(key=lambda e: (e != default, e == YARDSTICK, e))  # the default engine first, Tesseract last
    from pipeline.ocr.model_store import cache_root

    real_root = cache_root()
    tmp = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    saved = os.environ.get("JINSHAN_CACHE_DIR")
    started = machine_line()
    startup = Startup()
    intake: list[IntakeRun] = []
    try:
        _shared_models(tmp, real_root)
        os.environ["JINSHAN_CACHE_DIR"] = str(tmp)
        from pipeline.ocr.cache import results_dir

        items = sample_items(samples, truths) + [dense_item()]
        results: list[PageResult] = []
        rotated: dict[str, list] = {}
        for name in engines:
            r, rot = bench_engine(name, items, repeat, results_dir())
            results.extend(r)
            rotated[name] = rot
        scan = samples / "packets" / FIRST_PAGE_FILE[0] / FIRST_PAGE_FILE[1]
        for name in engines:
            startup.first_page[name] = first_page(name, scan, results_dir())
        if default in engines:
            startup.text_command_scan = text_command(scan, results_dir())
            startup.text_command_text_layer = text_command(
                samples / "packets" / TEXT_LAYER_FILE[0] / TEXT_LAYER_FILE[1], results_dir())
            intake = intake_pages(_page_images(items), engine_options(default))
    finally:
        if saved is None:
            os.environ.pop("JINSHAN_CACHE_DIR", None)
        else:
            os.environ["JINSHAN_CACHE_DIR"] = saved
        shutil.rmtree(tmp, ignore_errors=True)

    print(started)
    print(machine_line().replace("machine:", "at the end:"))
    print(f"{len(truths)} sample packets and the dense policy pages; {repeat} timed read(s) per file after one "
          f"warm-up page per engine, OCR result cache bypassed; accuracy = 1 − edit distance / reference length "
          f"after NFKC normalisation and removing all whitespace; Δ ref = accuracy − {REFERENCE}'s on the same kind; "
          f"s/page = file read time / its pages (rendering included); cpu s/page = CPU time of this process and "
          f"its children per page (all threads; steadier than wall time on a shared machine); × tess = Σ time / "
          f"Σ Tesseract's time on the same pages")
    print_table(HEADERS, table_rows(results, engines), align=ALIGN)
    print("\nstart-up: a new process reads one certificate scan "
          f"({FIRST_PAGE_FILE[0]}/{FIRST_PAGE_FILE[1]}; imports, models, the page)")
    print_table(["engine", "first page s", "runs", "load"],
                [[n, f"{t.median:.2f}", len(t.seconds), f"{t.load:.2f}"] for n, t in startup.first_page.items()],
                align=["<", ">", ">", ">"])
    if intake:
        print(f"\nintake pages ({default}): {intake[0].pages} clean and hard scan pages read by two threads at once")
        print_table(["how", "pages/s", "s/page", "cpu s/page", "load", "note"],
                    [[r.mode, f"{r.pages / r.seconds:.2f}", f"{r.seconds / r.pages:.3f}", f"{r.cpu / r.pages:.3f}",
                      f"{r.load:.2f}", r.note] for r in intake], align=["<", ">", ">", ">", ">", "<"])
    if default not in engines:
        print(f"\n(the done-when figures are for the default engine, {default}, which was not run)")
        return 0
    ok = print_figures(default, figures(results, default, rotated.get(default, []), startup))
    return 0 if ok else 1
