"""OCR: offline, one interface, the facts a reviewer needs read exactly (also under a seal, turned, skewed).

The network is blocked for every test here: connection attempts raise and are recorded, and each
test asserts none was tried.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.ocr_fixtures import AWARD, COMPANY, DATE, ISSUER, RANK, certificate_page, degrade, line_accuracy, turned
from pipeline.ocr import (
    OcrOptionsBase,
    PaddleOcrOptions,
    PpocrOptions,
    UnknownEngineError,
    default_options,
    get_engine,
    load_ahead,
    ocr_page,
    parse_options,
)
from pipeline.ocr import base as ocr_base
from pipeline.ocr.base import OcrEngine, RawLine
from pipeline.ocr.model_store import ensure_paddle_models
from pipeline.ocr.preprocess import prepare, seal_regions, suppress_seal

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def blocked_network(monkeypatch):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args else kwargs)
        raise OSError("network blocked by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    assert attempts == [], f"OCR tried to reach the network: {attempts}"


@pytest.fixture(scope="module")
def cert():
    return certificate_page()


def nfkc(s: str) -> str:
    # OCR models print full-width brackets and colons as ASCII ones; a reviewer reads them as the same
    return "".join(unicodedata.normalize("NFKC", s).split())


def texts(spans) -> list[str]:
    return [nfkc(s.text) for s in spans]


def assert_reviewer_facts(spans, *, under_seal: bool = True):
    got = texts(spans)
    assert nfkc(COMPANY + "：") in got or nfkc(COMPANY) in got, got
    assert nfkc(AWARD + RANK) in got, got
    if under_seal:
        assert nfkc(ISSUER) in got, got
        assert nfkc(DATE) in got, got


def span_with(spans, text: str):
    return next(s for s in spans if nfkc(text) in nfkc(s.text))


# --- registry and options (no models) -------------------------------------------------------------


def test_unknown_engine_kind_lists_known_kinds():
    with pytest.raises(UnknownEngineError) as e:
        get_engine({"kind": "abbyy"})
    assert all(k in str(e.value) for k in ("ppocr", "paddle", "rapid", "tesseract"))
    with pytest.raises(UnknownEngineError):
        parse_options("easyocr")


def test_options_are_data_and_speed_settings_do_not_change_the_fingerprint():
    assert default_options().kind == "ppocr"
    assert parse_options({"kind": "tesseract", "psm": 6}).psm == 6
    assert PaddleOcrOptions(threads=1).fingerprint() == PaddleOcrOptions(threads=2).fingerprint()
    assert PaddleOcrOptions(seal_suppression="off").fingerprint() != PaddleOcrOptions().fingerprint()
    speed = {"threads": 1, "inter_op_threads": 2, "spinning": True, "cpu_mem_arena": False, "mem_pattern": False,
             "rec_streams": 1, "workers": 2}
    assert PpocrOptions(**speed).fingerprint() == PpocrOptions().fingerprint()
    # what can change the text read keys the cache apart: quantised models, batching, detection size …
    changed = [{"rec_model": "fp32"}, {"det_model": "int8-static"}, {"rec_model": "int8-static"}, {"rec_batch_size": 8},
               {"det_resolution": "fixed"}, {"reuse_probe_detection": False}, {"det_limit_side_len": 1280},
               {"graph_optimization": "basic"}]
    prints = {PpocrOptions(**c).fingerprint() for c in changed} | {PpocrOptions().fingerprint()}
    assert len(prints) == len(changed) + 1
    with pytest.raises(ValueError):
        parse_options({"kind": "paddle", "no_such_option": 1})


def test_an_option_added_later_keeps_the_pages_cached_before_it():
    # The default fingerprint of the options before det_weights and det_regions existed (PREPROCESS_VERSION 7):
    # a new option either reads as before at a NEUTRAL value, or this figure changes knowingly and every cached
    # page is read again by the next nightly run.
    assert PpocrOptions().fingerprint() == "ea094c38ffaaa540"
    for name, neutral in PpocrOptions.NEUTRAL.items():
        assert getattr(PpocrOptions(), name) == neutral  # the default reads as before the option existed
    # away from its neutral value an option keys the cache apart like any other
    assert PpocrOptions(det_regions=True).fingerprint() != PpocrOptions().fingerprint()
    assert PpocrOptions(det_weights="PP-OCRv4-mobile").fingerprint() != PpocrOptions().fingerprint()
    assert parse_options("ppocr-light").fingerprint() != parse_options("ppocr-regions").fingerprint()


def test_the_operator_chooses_a_preset_by_name_and_a_wrong_name_is_refused(monkeypatch):
    from pipeline.ocr.options import default_options

    monkeypatch.setenv("JINSHAN_OCR", "ppocr-openvino-bf16")
    got = default_options()
    assert (got.runtime, got.precision) == ("openvino", "bf16")
    assert got.fingerprint() != PpocrOptions().fingerprint()  # results read otherwise are cached apart
    monkeypatch.setenv("JINSHAN_OCR", "ppocr-opnevino")
    with pytest.raises(ValueError, match="not an OCR preset"):
        default_options()
    monkeypatch.delenv("JINSHAN_OCR")
    assert default_options() == PpocrOptions()


def test_one_engine_instance_per_options():
    assert get_engine("ppocr") is get_engine(PpocrOptions()) is get_engine(None)
    assert get_engine("ppocr") is not get_engine(PpocrOptions(threads=1))


# --- start-up: nothing OCR-related loads before a page needs OCR ----------------------------------

_HEAVY = ("paddle", "paddlex", "paddleocr", "onnxruntime", "rapidocr", "cv2", "pyclipper")
_WATCH = """
import json, sys
from pipeline.cli import main
rc = main(["text", sys.argv[1]])
top = lambda m: m.split(".")[0]
print("LOADED " + json.dumps({"rc": rc, "heavy": sorted({top(m) for m in sys.modules if top(m) in %r}),
                              "ocr": sorted(m for m in sys.modules if m.startswith("pipeline.ocr"))}))
""" % (_HEAVY,)


def _modules_after_text_command(path: Path, cache: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _WATCH, str(path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, env={**os.environ, "JINSHAN_CACHE_DIR": str(cache)}, check=True)
    return json.loads(next(ln for ln in out.stdout.splitlines() if ln.startswith("LOADED "))[7:])


def test_reading_a_text_layer_pdf_imports_nothing_of_ocr(tmp_path):
    """`python -m pipeline text` on a text-layer PDF: no OCR engine, no onnxruntime, no paddle, no OpenCV."""
    got = _modules_after_text_command(ROOT / "samples/packets/p01-quality-gold/信用报告_恒达新材料.pdf", tmp_path)
    assert got == {"rc": 0, "heavy": [], "ocr": []}


@pytest.mark.slow
def test_a_scan_read_by_the_default_engine_never_imports_paddle(tmp_path):
    got = _modules_after_text_command(ROOT / "samples/packets/p01-quality-gold/IMG_0412.jpg", tmp_path)
    assert got["rc"] == 0
    assert "onnxruntime" in got["heavy"] and "pipeline.ocr.ppocr" in got["ocr"]
    assert not {"paddle", "paddlex", "paddleocr", "rapidocr"} & set(got["heavy"])
    assert not {"pipeline.ocr.paddle", "pipeline.ocr.rapid", "pipeline.ocr.tesseract"} & set(got["ocr"])


def test_choosing_options_imports_no_engine():
    code = ("import sys; from pipeline.ocr import parse_options, default_options, known_kinds; "
            "parse_options('tesseract'); parse_options('ppocr-rec-int8-static'); default_options(); known_kinds(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in %r or m in "
            "('pipeline.ocr.ppocr', 'pipeline.ocr.paddle', 'pipeline.ocr.rapid', 'pipeline.ocr.tesseract')))" % (_HEAVY,))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


# --- model folders --------------------------------------------------------------------------------


def test_model_folders_are_built_from_the_wheel_idempotently_even_when_racing(tmp_path):
    results, errors = [], []

    def build():
        try:
            results.append(ensure_paddle_models(tmp_path))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    dirs = results[0]
    assert all(r == dirs for r in results)
    for d, name in ((dirs.det_dir, dirs.det_name), (dirs.rec_dir, dirs.rec_name)):
        assert (d / "inference.onnx").stat().st_size > 1_000_000
        import yaml

        yml = yaml.safe_load((d / "inference.yml").read_text(encoding="utf-8"))
        assert yml["Global"]["model_name"] == name
    chars = yaml.safe_load((dirs.rec_dir / "inference.yml").read_text(encoding="utf-8"))["PostProcess"]["character_dict"]
    assert len(chars) > 15000 and all(c in chars for c in "金山质量奖〇")
    leftovers = [p.name for p in (tmp_path / "ocr-models").iterdir() if p.name.startswith(".")]
    assert leftovers == []  # temporary build folders are cleaned up
    before = (dirs.rec_dir / "inference.yml").stat().st_mtime_ns
    assert ensure_paddle_models(tmp_path) == dirs
    assert (dirs.rec_dir / "inference.yml").stat().st_mtime_ns == before  # not rebuilt


def test_int8_models_are_built_from_the_wheel_once_and_key_the_cache_apart(tmp_path, monkeypatch):
    from pipeline.ocr.model_store import ppocr_models, wheel_model
    from pipeline.ocr.rec import characters
    from pipeline.ocr.sessions import SessionSettings, session

    fp32 = ppocr_models(root=tmp_path)
    assert fp32.rec == wheel_model("PP-OCRv6_rec_small.onnx")  # the wheel's file, as it is
    q = ppocr_models(det="int8-dynamic", rec="int8-dynamic", root=tmp_path)
    assert q.det.parent == q.rec.parent and q.det.parent.parent == tmp_path / "ocr-models"
    assert q.rec.stat().st_size < fp32.rec.stat().st_size
    built = q.rec.stat().st_mtime_ns
    assert ppocr_models(det="int8-dynamic", rec="int8-dynamic", root=tmp_path) == q
    assert q.rec.stat().st_mtime_ns == built  # not rebuilt
    assert not [p for p in q.rec.parent.iterdir() if p.name.startswith(".")]  # no temporary files left
    chars = characters(session(q.rec, SessionSettings(intra_op_threads=1)))
    assert chars == characters(session(fp32.rec, SessionSettings(intra_op_threads=1)))  # the list survived
    assert q.version != fp32.version
    # the engine's version (part of every cache key) names the models it runs
    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path))
    a, b = get_engine(PpocrOptions()), get_engine(PpocrOptions(rec_model="int8-dynamic", det_model="int8-dynamic"))
    assert a.version != b.version and "int8-dynamic" in b.version


def test_detection_weights_are_read_from_their_wheel_and_key_the_cache_apart(tmp_path, monkeypatch):
    from pipeline.ocr.model_store import DET_WEIGHTS, det_model, ppocr_models

    v6, v4 = ppocr_models(root=tmp_path), ppocr_models(root=tmp_path, det_weights="PP-OCRv4-mobile")
    assert v4.det == det_model("PP-OCRv4-mobile") and v4.det.parent.parent.name == "rapidocr_onnxruntime"
    assert v4.rec == v6.rec and v4.version != v6.version and "PP-OCRv4-mobile" in v4.version
    with pytest.raises(ValueError, match="only for PP-OCRv6-small"):  # no int8 copy of the v4 detector
        PpocrOptions(det_weights="PP-OCRv4-mobile", det_model="int8-dynamic")
    with pytest.raises(ValueError, match="PP-OCRv6-small"):
        det_model("PP-OCRv5-huge")
    assert set(DET_WEIGHTS) == set(PpocrOptions.model_fields["det_weights"].annotation.__args__)
    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path))
    assert get_engine(PpocrOptions(det_weights="PP-OCRv4-mobile")).version != get_engine(PpocrOptions()).version


def test_doctor_says_when_the_models_are_not_built_and_builds_nothing_without_prepare(tmp_path, monkeypatch):
    from pipeline import doctor

    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path))
    ok, message = doctor._check_models(False)
    assert not ok and "doctor --prepare" in message and "int8-static" in message
    assert not (tmp_path / "ocr-models").exists()


@pytest.mark.slow
def test_static_int8_models_are_calibrated_here_and_keep_the_character_list(tmp_path):
    from pipeline.ocr.model_store import ppocr_models
    from pipeline.ocr.rec import characters
    from pipeline.ocr.sessions import SessionSettings, session

    q = ppocr_models(det="int8-static", rec="int8-static", root=tmp_path)
    assert len(characters(session(q.rec, SessionSettings(intra_op_threads=1)))) > 15000
    again = ppocr_models(det="int8-static", rec="int8-static", root=tmp_path / "again")
    assert again.version == q.version  # seeded calibration: a rebuild here gives the same model


# --- preprocessing ---------------------------------------------------------------------------------


def test_seal_suppression_whitens_the_seal_and_keeps_text_and_red_titles(cert):
    rgb = np.asarray(cert.image)
    boxes = seal_regions(rgb)
    assert len(boxes) == 1  # the seal; not the red title 荣誉证书
    x0, y0, x1, y1 = boxes[0]
    assert x0 < 900 < x1 and y0 < 1290 < y1
    out = suppress_seal(rgb, "seal")
    red = lambda a: ((a[..., 0].astype(int) - np.maximum(a[..., 1], a[..., 2])) > 60).sum()  # noqa: E731
    assert red(out[y0:y1, x0:x1]) < 0.02 * red(rgb[y0:y1, x0:x1])
    text_under_seal = rgb[y0:y1, x0:x1].max(axis=-1) < 90  # black print (the seal's red is not this dark)
    assert text_under_seal.sum() > 1000
    assert (out[y0:y1, x0:x1].max(axis=-1)[text_under_seal] < 90).mean() > 0.95  # and it stays black
    assert red(out[200:350]) == red(rgb[200:350])  # the red title is untouched
    assert red(suppress_seal(rgb, "all_red")[200:350]) < 0.02 * red(rgb[200:350])


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_page_orientation_is_found_without_reading_the_page(cert, degrees):
    page = np.asarray(turned(degrade(cert.image, seed=degrees), degrees))
    prep = prepare(page, orientation=True, deskew=True, seal="seal")
    assert prep.rotation == degrees  # turned counter-clockwise, read by turning it back clockwise
    assert (prep.width, prep.height) == cert.image.size
    assert abs(prep.skew + 1.5) < 0.6  # degrade() tilts the page 1.5° counter-clockwise


# --- the ppocr engine's steps (no models) ------------------------------------------------------------


def test_width_batches_keep_padding_small_and_batches_bounded():
    from pipeline.ocr.rec import width_batches

    widths = [320, 320, 330, 400, 900, 950, 1000, 1010, 3200]
    batches = width_batches(widths, max_batch=3, max_padding=0.15)
    assert [k for b in batches for k in b] == list(range(len(widths)))  # every line once, in order
    assert all(len(b) <= 3 for b in batches)
    assert all(widths[b[0]] >= 0.85 * widths[b[-1]] for b in batches)  # ≤ 15% padding for any line
    assert batches == [[0, 1, 2], [3], [4, 5, 6], [7], [8]]
    assert width_batches(widths, max_batch=1, max_padding=1.0) == [[k] for k in range(len(widths))]


def test_ctc_decoding_collapses_repeats_and_drops_blanks():
    from pipeline.ocr.rec import CtcDecoder

    dec = CtcDecoder(["金", "山"])  # classes: blank, 金, 山, space
    steps = [1, 1, 0, 1, 2, 2, 3, 0]  # 金 金 _ 金 山 山 ␠ _
    probs = np.full((1, len(steps), 4), 0.01, np.float32)
    for t, k in enumerate(steps):
        probs[0, t, k] = 0.9 if t != 4 else 0.6
    (text, score), = dec(probs)
    assert text == "金金山 "
    assert score == pytest.approx(np.mean([0.9, 0.9, 0.6, 0.9]))  # kept steps only: 1, 3, 4, 6
    assert dec(np.full((1, 3, 4), 0.25, np.float32))[0] == ("", 0.0)


def test_detection_size_is_a_multiple_of_32_within_the_limits():
    from pipeline.ocr.det import det_size

    assert det_size(1754, 1240, 960) == (960, 672)  # A4 at 150 dpi, longest side 960
    assert det_size(500, 300, 960) == (512, 288)  # never enlarged, rounded to 32
    assert det_size(20000, 100, 960, max_side_limit=4000)[0] <= 4000


def test_detection_resolution_follows_the_size_of_the_print():
    from PIL import ImageDraw, ImageFont

    from pipeline.ocr.density import detection_side, print_height
    from tests.ocr_fixtures import SERIF, _font

    def page(size: int, lines: int) -> np.ndarray:
        img = Image.new("RGB", (1240, 1754), "white")
        d = ImageDraw.Draw(img)
        for k in range(lines):
            d.text((100, 100 + k * size * 2), "上海市金山区质量发展专项资金申报" * 2, font=_font(SERIF, size), fill="black")
        return np.asarray(img)

    o = PpocrOptions(det_resolution="content")
    big, small = page(48, 6), page(22, 30)
    assert 35 < print_height(big) < 60 and 15 < print_height(small) < 28
    assert o.det_min_side_len <= detection_side(big, o) < 700  # large print: fewer pixels
    assert detection_side(small, o) == o.det_limit_side_len  # 11 pt at 150 dpi: the full 960
    assert detection_side(np.full((1754, 1240, 3), 255, np.uint8), o) == o.det_limit_side_len  # nothing seen


# --- the cache, with a counting engine behind the real interface -----------------------------------


class CountingOptions(OcrOptionsBase):
    kind: str = "counting"
    text: str = "上海金山精密制造有限公司"


class CountingEngine(OcrEngine):
    kind = "counting"
    options_type = CountingOptions
    calls = 0

    def _engine_version(self) -> str:
        return "counting-1"

    def _load(self) -> None:
        pass

    def _recognize(self, rgb):
        CountingEngine.calls += 1
        return [RawLine(np.array([[10, 20], [200, 20], [200, 60], [10, 60]], float), self.options.text, 0.97)]


@pytest.fixture
def counting(monkeypatch, tmp_path):
    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(ocr_base._ENGINES, "counting", CountingEngine)
    CountingEngine.calls = 0
    return {"kind": "counting", "orientation": False, "deskew": False, "seal_suppression": "off"}


def test_cache_hit_does_not_call_the_engine(counting, cert):
    first = ocr_page(cert.image, page=3, cache_key="sha-a:3", options=counting)
    assert not first.cached and CountingEngine.calls == 1
    assert first.spans[0].source == "ocr" and first.spans[0].page == 3
    assert first.spans[0].bbox == (10.0, 20.0, 200.0, 60.0)
    second = ocr_page(cert.image, page=3, cache_key="sha-a:3", options=counting)
    assert second.cached and CountingEngine.calls == 1
    assert second.spans == first.spans and second.rotation == first.rotation
    # a new engine instance (e.g. after a restart) still hits the disk cache
    ocr_base._INSTANCES.clear()
    assert ocr_page(cert.image, page=3, cache_key="sha-a:3", options=counting).cached
    assert CountingEngine.calls == 1
    # other page, other options, or no key: read again
    ocr_page(cert.image, page=4, cache_key="sha-a:4", options=counting)
    ocr_page(cert.image, page=3, cache_key="sha-a:3", options={**counting, "text": "x"})
    ocr_page(cert.image, page=3, cache_key=None, options=counting)
    assert CountingEngine.calls == 4


def test_damaged_cache_entry_is_read_again(counting, cert):
    r = ocr_page(cert.image, page=1, cache_key="sha-b:1", options=counting)
    path = next(Path(os.environ["JINSHAN_CACHE_DIR"]).rglob(f"{r.key}.json"))
    path.write_text("{not json", encoding="utf-8")
    again = ocr_page(cert.image, page=1, cache_key="sha-b:1", options=counting)
    assert not again.cached and again.spans == r.spans
    assert json.loads(path.read_text(encoding="utf-8"))["spans"]


class LoadCountingEngine(CountingEngine):
    loads = 0

    def _load(self) -> None:
        LoadCountingEngine.loads += 1


def test_an_image_page_loads_its_models_ahead_unless_its_result_is_cached(counting, cert, monkeypatch):
    """`load_ahead`: the models load in a background thread while the reader child decodes the image; a page whose
    result is cached loads none (nightly reprocessing), nor does a page read in worker processes."""
    monkeypatch.setitem(ocr_base._ENGINES, "counting", LoadCountingEngine)
    LoadCountingEngine.loads = 0
    opts = {**counting, "text": "load-ahead"}
    loader = load_ahead("sha-c:1", opts)
    assert loader is not None and loader.name == "ocr-load-ahead"
    loader.join(10)
    assert LoadCountingEngine.loads == 1 and get_engine(opts)._loaded
    ocr_page(cert.image, page=1, cache_key="sha-c:1", options=opts)  # the page finds the models loaded
    assert LoadCountingEngine.loads == 1
    ocr_base._INSTANCES.clear()  # a new process: the page is cached, so nothing loads
    assert load_ahead("sha-c:1", opts) is None and LoadCountingEngine.loads == 1
    assert load_ahead("sha-c:2", {**opts, "workers": 2}) is None


def test_the_default_engine_loads_ahead_in_a_thread(tmp_path, monkeypatch):
    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path))
    opts = PpocrOptions(threads=1, rec_streams=1)
    loader = load_ahead("sha-d:1", opts)
    loader.join(120)
    assert not loader.is_alive() and get_engine(opts)._loaded


def test_the_fork_server_starts_before_anything_heavy_is_imported():
    """`pipeline.forkserver` is what a command imports first, so the readers' fork server imports the parsers
    while the command imports the rest: it must pull in none of them itself."""
    code = ("import sys, pipeline.forkserver; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pydantic', 'numpy', 'PIL', 'pdfplumber', 'models', 'yaml') or m.startswith('pipeline.read')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


# --- the default engine (ppocr) and PaddleOCR's own pipeline (paddle) ---------------------------------


@pytest.fixture(scope="module")
def paddle_cache(tmp_path_factory):
    """An empty results cache for these tests; the model folders are the real cache's (built once, at install
    time by `doctor --prepare`, or here the first time), as a worker shares them."""
    from pipeline.ocr.model_store import cache_root, prepare_all

    real = cache_root()
    prepare_all(real)
    path = tmp_path_factory.mktemp("jinshan-cache")
    (path / "ocr-models").symlink_to(real / "ocr-models", target_is_directory=True)
    old = os.environ.get("JINSHAN_CACHE_DIR")
    os.environ["JINSHAN_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("JINSHAN_CACHE_DIR", None)
    else:
        os.environ["JINSHAN_CACHE_DIR"] = old


def test_default_engine_reads_the_facts_on_a_hard_scan_with_a_seal(cert, paddle_cache):
    result = ocr_page(degrade(cert.image), page=1, cache_key=None)
    assert result.rotation == 0 and (result.width, result.height) == cert.image.size
    assert_reviewer_facts(result.spans)
    assert line_accuracy(cert.lines, [s.text for s in result.spans]) >= 0.98
    for s in result.spans:
        assert s.source == "ocr" and s.page == 1 and 0.5 <= s.confidence <= 1.0
        assert 0 <= s.bbox[0] < s.bbox[2] <= cert.image.size[0] and 0 <= s.bbox[1] < s.bbox[3] <= cert.image.size[1]
    company = span_with(result.spans, COMPANY)
    assert 130 < company.bbox[0] < 170 and 460 < company.bbox[1] < 500  # printed at (150, 470)


@pytest.mark.slow
def test_default_engine_reads_a_page_turned_sideways_and_reports_upright_boxes(cert, paddle_cache):
    upright = ocr_page(cert.image, page=1, cache_key=None)
    sideways = ocr_page(turned(degrade(cert.image, seed=7), 90), page=1, cache_key=None)
    assert sideways.rotation == 90
    assert_reviewer_facts(sideways.spans)
    a, b = span_with(upright.spans, COMPANY).bbox, span_with(sideways.spans, COMPANY).bbox
    assert max(abs(p - q) for p, q in zip(a, b)) < 25  # same place on the upright page (1.5° skew aside)


def test_cache_survives_a_new_process(cert, paddle_cache):
    image = degrade(cert.image, seed=3)
    first = ocr_page(image, page=2, cache_key="sha-c:2")
    assert not first.cached
    code = (
        "import sys, json; sys.path[:0] = [%r]\n"
        "from PIL import Image\n"
        "from pipeline.ocr import ocr_page, get_engine\n"
        "r = ocr_page(Image.new('RGB', (10, 10)), page=2, cache_key='sha-c:2')\n"
        "print(json.dumps({'cached': r.cached, 'loaded': get_engine()._loaded, 'texts': [s.text for s in r.spans]}))\n"
    ) % str(ROOT)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "JINSHAN_CACHE_DIR": str(paddle_cache)}, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"cached": True, "loaded": False, "texts": [s.text for s in first.spans]}


@pytest.mark.slow
@pytest.mark.parametrize("degrees", [180, 270])
def test_default_engine_reads_upside_down_and_other_sideways_pages(cert, paddle_cache, degrees):
    result = ocr_page(turned(degrade(cert.image, seed=degrees), degrees), page=1, cache_key=None)
    assert result.rotation == degrees
    assert_reviewer_facts(result.spans)


@pytest.mark.slow
def test_default_engine_reads_a_page_skewed_two_degrees(cert, paddle_cache):
    result = ocr_page(degrade(cert.image, skew=-2.0, seed=5), page=1, cache_key=None)
    assert_reviewer_facts(result.spans)
    assert line_accuracy(cert.lines, [s.text for s in result.spans]) >= 0.98


@pytest.mark.slow
def test_default_engine_reads_the_date_under_the_seal(cert, paddle_cache):
    # with suppression on (default) the date under the seal is exact on a clean and on a hard page
    for img in (cert.image, degrade(cert.image, seed=11, quality=50)):
        assert nfkc(DATE) in texts(ocr_page(img, page=1, cache_key=None).spans)


@pytest.mark.slow
def test_ppocr_as_paddleocr_runs_it_reads_exactly_what_paddleocr_reads(cert, paddle_cache):
    """The port: same models, same processing, same parameters -> the same lines, scores and boxes."""
    for img in (degrade(cert.image, seed=21), turned(degrade(cert.image, seed=22), 90)):
        ours = ocr_page(img, page=1, cache_key=None, options="ppocr-base")
        theirs = ocr_page(img, page=1, cache_key=None, options="paddle")
        assert ours.rotation == theirs.rotation
        assert [(s.text, round(s.confidence, 4), tuple(round(v) for v in s.bbox)) for s in ours.spans] == \
            [(s.text, round(s.confidence, 4), tuple(round(v) for v in s.bbox)) for s in theirs.spans]


@pytest.mark.slow
def test_threads_share_one_engine_and_its_models_and_read_pages_at_once(cert, paddle_cache):
    from pipeline.ocr import sessions

    pages = [degrade(cert.image, seed=31), turned(degrade(cert.image, seed=32), 180), degrade(cert.image, seed=33)]
    alone = [ocr_page(p, page=i, cache_key=None) for i, p in enumerate(pages, 1)]
    loaded = dict(sessions._SESSIONS)
    got: dict[int, object] = {}
    threads = [threading.Thread(target=lambda i=i, p=p: got.__setitem__(i, ocr_page(p, page=i, cache_key=None)))
               for i, p in enumerate(pages, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sessions._SESSIONS == loaded  # no model loaded twice
    assert [got[i].spans for i in (1, 2, 3)] == [r.spans for r in alone]


@pytest.mark.slow
def test_pages_read_in_worker_processes_read_the_same(cert, paddle_cache):
    from pipeline.ocr import pool

    image = degrade(cert.image, seed=41)
    here = ocr_page(image, page=1, cache_key=None, options=PpocrOptions(threads=1))
    try:
        there = ocr_page(image, page=1, cache_key=None, options=PpocrOptions(threads=1, workers=2))
    finally:
        pool.shutdown()
    assert there.spans == here.spans and there.rotation == here.rotation


# --- the alternatives --------------------------------------------------------------------------------


@pytest.mark.slow
def test_rapidocr_reads_the_facts(cert, paddle_cache):
    result = ocr_page(turned(degrade(cert.image), 90), page=1, cache_key=None, options="rapid")
    assert result.rotation == 90
    assert_reviewer_facts(result.spans)


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["ppocr-openvino-bf16", "ppocr-openvino-int8", "ppocr-openvino-light"])
def test_ppocr_on_openvino_reads_the_facts_turned_and_threaded(cert, paddle_cache, preset):
    """The same engine on OpenVINO: the reviewer's facts on a hard scan turned sideways, and two threads
    reading at once (one infer request each) read what one thread reads."""
    from concurrent.futures import ThreadPoolExecutor

    result = ocr_page(turned(degrade(cert.image), 90), page=1, cache_key=None, options=preset)
    assert result.rotation == 90
    assert_reviewer_facts(result.spans)
    alone = ocr_page(degrade(cert.image), page=1, cache_key=None, options=preset)
    assert line_accuracy(cert.lines, [s.text for s in alone.spans]) >= 0.98
    with ThreadPoolExecutor(2) as pool:
        both = list(pool.map(lambda _: ocr_page(degrade(cert.image), page=1, cache_key=None, options=preset), [1, 2]))
    assert [s.text for s in both[0].spans] == [s.text for s in both[1].spans] == [s.text for s in alone.spans]


@pytest.mark.slow
def test_the_light_detector_reads_the_facts_of_a_turned_hard_scan(cert, paddle_cache):
    """PP-OCRv4 mobile detection (`ppocr-light`): the orientation probe runs on it too."""
    result = ocr_page(turned(degrade(cert.image), 270), page=1, cache_key=None, options="ppocr-light")
    assert result.rotation == 270
    assert_reviewer_facts(result.spans)
    assert line_accuracy(cert.lines, [s.text for s in result.spans]) >= 0.98


# --- detection in the blocks with print (det_regions) ---------------------------------------------


def _at_detection_size(image: Image.Image) -> np.ndarray:
    from pipeline.ocr.det import det_size

    h, w = image.height, image.width
    dh, dw = det_size(h, w, 960)
    return np.asarray(image.convert("RGB").resize((dw, dh)))


def _framed(image: Image.Image, frames=((40, 6), (58, 2))) -> Image.Image:
    """The page inside a printed frame (by default a double one, as certificates print it): (inset, width) each."""
    from PIL import ImageDraw

    framed = image.copy()
    d = ImageDraw.Draw(framed)
    for inset, width in frames:
        d.rectangle([inset, inset, framed.width - inset, framed.height - inset], outline=(170, 120, 40), width=width)
    return framed


def test_the_blocks_with_print_hold_every_printed_line_and_skip_the_frame(cert):
    """A framed certificate: the blocks cover each printed line and leave out the frame and the blank paper (the
    frame's lines join nothing)."""
    from pipeline.ocr.regions import text_regions

    framed = _framed(cert.image)
    for page in (framed, degrade(framed, seed=2)):
        rgb = _at_detection_size(page)
        blocks = text_regions(rgb)
        assert blocks is not None
        area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in blocks)
        assert len(blocks) >= 2 and area < 0.65 * rgb.shape[0] * rgb.shape[1]
        h, w = rgb.shape[:2]
        for x, y in ((0.05 * w, 0.95 * h), (0.95 * w, 0.05 * h), (0.05 * w, 0.6 * h)):  # frame and blank paper
            assert not any(x0 <= x < x1 and y0 <= y < y1 for x0, y0, x1, y1 in blocks), (x, y)
        sy = rgb.shape[0] / page.height
        for y in (230, 470, 560, 650, 760, 880, 1240, 1310):  # the rows certificate_page prints on
            row = (y + 20) * sy
            assert any(y0 < row < y1 for _, y0, _, y1 in blocks), y


def test_a_dense_or_blank_page_is_detected_whole():
    from PIL import ImageDraw

    from pipeline.ocr.regions import text_regions
    from tests.ocr_fixtures import SERIF, _font

    assert text_regions(np.full((960, 672, 3), 245, np.uint8)) is None
    dense = Image.new("RGB", (1240, 1754), "white")
    d = ImageDraw.Draw(dense)
    for k in range(40):
        d.text((100, 100 + k * 38), "上海市金山区质量发展专项资金申报材料审核" * 2, font=_font(SERIF, 22), fill="black")
    assert text_regions(_at_detection_size(dense)) is None


def test_detecting_only_the_blocks_with_print_reads_what_the_whole_page_reads(cert, paddle_cache):
    """`det_regions`: same reviewer facts and lines on a hard scan, turned, with a fraction of the detection."""
    hard = degrade(_framed(cert.image, frames=((40, 5),)), seed=4)
    whole = ocr_page(hard, page=1, cache_key=None)
    blocks = ocr_page(hard, page=1, cache_key=None, options="ppocr-regions")
    assert_reviewer_facts(blocks.spans)
    assert [s.text for s in blocks.spans] == [s.text for s in whole.spans]
    sideways = ocr_page(turned(hard, 90), page=1, cache_key=None, options="ppocr-regions")
    assert sideways.rotation == 90
    assert_reviewer_facts(sideways.spans)
    assert line_accuracy(cert.lines, [s.text for s in sideways.spans]) >= 0.98


def test_openvino_sessions_keep_the_character_list_without_the_onnx_package(paddle_cache):
    """The recognition model's characters on OpenVINO are onnxruntime's, read once and kept beside the cache."""
    from pipeline.ocr.model_store import ppocr_models
    from pipeline.ocr.rec import characters
    from pipeline.ocr.sessions import OpenVinoSession, SessionSettings, session

    rec = ppocr_models().rec
    ov = OpenVinoSession(rec, SessionSettings(runtime="openvino", precision="f32", intra_op_threads=1))
    assert characters(ov) == characters(session(rec, SessionSettings(intra_op_threads=1)))
    assert list((paddle_cache / "ocr-models" / "openvino-cache").glob("*.metadata.json"))


@pytest.mark.slow
def test_tesseract_reads_the_company_and_award(cert, paddle_cache):
    result = ocr_page(degrade(cert.image), page=1, cache_key=None, options="tesseract")
    got = texts(result.spans)
    # the weakest engine: it loses text under seals and misreads the bracket round the rank as 〈
    assert nfkc(COMPANY + "：") in got and any(nfkc(AWARD) in t for t in got), got
    assert line_accuracy(cert.lines, [s.text for s in result.spans]) >= 0.8
