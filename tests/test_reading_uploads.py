"""Uploads read the right way up and read right, or refused with a reason in bounded time and memory:
/Rotate and sideways text layers, text layers that lie, OFD, render caps, and the bounded reader."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from pipeline.intake import _file
from pipeline.read import ReadError, read_file
from pipeline.read.plausible import judge
from pipeline.read.sandbox import Limits, ReadStats, parse_bounded
from tests import badfiles as bad
from tests.conftest import ROOT

NAME = "名称 上海金山华标精细化工有限公司".replace(" ", "")


def _text(ft) -> list[str]:
    return [s.text.replace(" ", "") for p in ft.pages for s in p.spans]


@pytest.mark.parametrize("make,rotation", [
    (lambda: bad.sideways_pdf(bad.LICENCE_LINES, 90), 270),
    (lambda: bad.sideways_pdf(bad.LICENCE_LINES, 270), 90),
    (lambda: bad.sideways_pdf(bad.LICENCE_LINES, 180), 180),
    (lambda: bad.landscape_rotated_pdf(bad.LICENCE_LINES, 90), 0),
    (lambda: bad.landscape_rotated_pdf(bad.LICENCE_LINES, 180), 0),
    (lambda: bad.landscape_rotated_pdf(bad.LICENCE_LINES, 270), 0),
], ids=["sideways-90", "sideways-270", "upside-down", "landscape-90", "landscape-180", "landscape-270"])
def test_rotated_text_layers_read_upright(make, rotation):
    ft = read_file(_file("lic.pdf", make()), use_ocr=False)
    page = ft.pages[0]
    assert page.source == "text_layer" and page.rotation == rotation
    lines = _text(ft)
    assert lines[:2] == ["营业执照", "（副本）"] and NAME in lines  # one line each, in reading order
    assert all(s.bbox[2] <= page.width + 1 and s.bbox[3] <= page.height + 1 for s in page.spans)


def test_evidence_of_a_turned_page_lands_on_its_text():
    """The evidence picture is the rendered page turned by the recorded rotation; the box must sit on ink."""
    from models.draft import Evidence
    from pipeline.render.evidence import PageCache

    data = bad.sideways_pdf(bad.LICENCE_LINES, 90)
    ft = read_file(_file("lic.pdf", data), use_ocr=False)
    page = ft.pages[0]
    span = next(s for s in page.spans if s.text.replace(" ", "") == NAME)
    cache = PageCache({"lic.pdf": data}, {("lic.pdf", 1): page.rotation})
    img, scale = cache.get("lic.pdf", 1)
    assert abs(img.width / scale - page.width) < 2 and abs(img.height / scale - page.height) < 2
    x0, y0, x1, y1 = (int(v * scale) for v in span.bbox)
    ink = np.asarray(img.convert("L").crop((x0, y0, x1, y1))) < 128
    assert ink.mean() > 0.05, "the box must cover the line's ink"
    assert cache is not None and Evidence(file="lic.pdf", page=1, text=span.text, bbox=span.bbox)


def test_plausibility_separates_real_text_from_wrong_mappings():
    real = read_file(_file("a.pdf", (ROOT / "samples/packets/p02-standards/公共信用信息报告.pdf").read_bytes()),
                     use_ocr=False)
    assert judge([s.text for s in real.pages[0].spans]).level == "ok"
    for how in ("permuted", "rare"):
        ft = read_file(_file("w.pdf", bad.wrong_layer_pdf(bad.LICENCE_LINES * 3, how)), use_ocr=False)
        page = ft.pages[0]
        assert page.spans == [] and "未采信文字层" in page.warning, how  # not trusted; no OCR here: not read
    short_latin = judge(["ICS 71.100", "GB/T 19001-2016"])
    assert short_latin.level == "ok"  # too little Chinese to judge


def test_the_dictionary_pairs_are_kept_on_disk_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    from pipeline.read.plausible import _cache_file, word_pairs

    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path))
    word_pairs.cache_clear()
    try:
        built = word_pairs()  # from jieba's dictionary
        assert all(p in built for p in ("营业", "执照", "质量", "标准"))
        assert "业营" not in built and "码统" not in built and "AB" in built  # as the dictionary has them (AB型)
        assert built.count(["营业", "业营", "执照", "质量"]) == 3
        word_pairs.cache_clear()
        assert len(word_pairs()) == len(built) > 100_000  # read back from the file
        _cache_file().write_bytes(b"not an array")
        word_pairs.cache_clear()
        assert len(word_pairs()) == len(built)  # a damaged file: built again
    finally:
        word_pairs.cache_clear()


def test_an_untrusted_text_layer_is_flagged_in_the_draft():
    from datetime import date

    from models.draft import Period
    from pipeline.intake import Packet
    from pipeline.process import ProcessOptions, run_packet

    f = _file("营业执照.pdf", bad.wrong_layer_pdf(bad.LICENCE_LINES, "permuted"))
    opts = ProcessOptions(as_of=date(2026, 3, 31), period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)),
                          use_ocr=False)
    draft = run_packet(Packet("p", ROOT, [f]), opts).draft
    (doc,) = draft.documents
    assert doc.warnings and "未采信文字层" in doc.warnings[0]
    assert any("读取方式需留意" in fl and "未采信文字层" in fl for fl in draft.flags)


def test_ofd_licence_is_read_as_a_document():
    from pipeline.sniff import sniff

    data = bad.ofd_licence()
    assert sniff(data) == ("application/ofd", None)
    ft = read_file(_file("电子营业执照.ofd", data), use_ocr=False)
    page = ft.pages[0]
    assert page.source == "text_layer" and abs(page.width - 297 * 72 / 25.4) < 0.5  # points, landscape
    lines = _text(ft)
    assert lines[0] == "营业执照" and "统一社会信用代码91310116MA1JK0000X" in lines and NAME in lines


def test_ofd_page_is_drawn_for_evidence():
    from pipeline.render.evidence import PageCache

    data = bad.ofd_licence()
    ft = read_file(_file("e.ofd", data), use_ocr=False)
    span = next(s for s in ft.pages[0].spans if s.text.replace(" ", "") == NAME)
    img, scale = PageCache({"e.ofd": data}).get("e.ofd", 1)
    x0, y0, x1, y1 = (int(v * scale) for v in span.bbox)
    assert (np.asarray(img.convert("L").crop((x0, y0, x1, y1))) < 128).mean() > 0.05


@pytest.mark.parametrize("make,reason", [
    (bad.ofd_xml_bomb, "XML 炸弹"), (bad.ofd_zip_bomb, "压缩炸弹"), (lambda: b"PK\x03\x04OFD.xml" + b"\0" * 50, ""),
])
def test_hostile_ofd_is_refused(make, reason):
    with pytest.raises(ReadError) as e:
        read_file(_file("x.ofd", make()), use_ocr=False)
    assert reason in str(e.value)


def test_renders_are_capped_in_pixels():
    from pipeline.read.limits import EVIDENCE_MAX_PIXELS, MAX_RENDER_PIXELS
    from pipeline.read.pdf import render_page_scaled
    from pipeline.render.evidence import PageCache

    data = bad.huge_page_pdf(20_000)
    img, scale = render_page_scaled(data, 1)
    assert img.width * img.height <= MAX_RENDER_PIXELS * 1.01 and abs(img.width / scale - 20_000) < 5
    ev, ev_scale = PageCache({"h.pdf": data}).get("h.pdf", 1)
    assert ev.width * ev.height <= EVIDENCE_MAX_PIXELS * 1.01
    ft = read_file(_file("h.pdf", data), use_ocr=False)
    assert NAME in _text(ft)


def test_an_inflation_bomb_is_refused_quickly():
    stats = ReadStats()
    started = time.monotonic()
    with pytest.raises(ReadError) as e:
        read_file(_file("bomb.pdf", bad.inflating_pdf(400)), use_ocr=False, stats=stats)
    assert "解压后超过" in str(e.value) and time.monotonic() - started < 20
    assert stats.peak_mb < 600


def test_the_reader_is_stopped_at_its_cpu_limit():
    data = bad.cpu_hog_pdf(8)
    started = time.monotonic()
    with pytest.raises(Exception) as e:
        list(parse_bounded(data, "application/pdf", render=False, limits=Limits(cpu_seconds=2, cpu_per_page=2)))
    assert "CPU" in str(e.value) or "终止" in str(e.value), str(e.value)
    assert time.monotonic() - started < 30


def test_the_reader_is_stopped_when_it_makes_no_progress():
    data = bad.cpu_hog_pdf(8)
    started = time.monotonic()
    with pytest.raises(Exception) as e:
        list(parse_bounded(data, "application/pdf", render=False, limits=Limits(idle_seconds=1.5)))
    assert "未读完一页" in str(e.value)
    assert time.monotonic() - started < 10


def test_the_reader_is_stopped_at_its_memory_limit():
    """A PNG of 60 Mpx (under the pixel limit) decoded under a 150 MB address-space limit: refused, not swapped."""
    from PIL import Image
    import io

    buf = io.BytesIO()
    Image.new("L", (7746, 7746), 255).save(buf, "PNG")
    with pytest.raises(Exception) as e:
        list(parse_bounded(buf.getvalue(), "image/png", render=True,
                           limits=Limits(memory_bytes=int(os.environ.get("T_MEM", 0)) or 450 * 1024 * 1024)))
    assert "内存" in str(e.value) or "异常退出" in str(e.value), str(e.value)


_KILLED_READER = """
import sys
from pipeline.intake import _file
from pipeline.read import read_file
from tests.badfiles import cpu_hog_pdf

if __name__ == "__main__":
    print("reading", flush=True)
    read_file(_file("hog.pdf", cpu_hog_pdf(20)), use_ocr=False)
"""


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_kill_9_of_the_reading_process_leaves_no_reader_behind(tmp_path):
    import psutil

    script = tmp_path / "reader.py"
    script.write_text(_KILLED_READER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == b"reading"
    deadline = time.monotonic() + 30
    kids: list[int] = []
    while time.monotonic() < deadline and len(kids) < 2:  # the fork server and the reader it forked
        time.sleep(0.2)
        kids = _descendants(proc.pid)
    assert len(kids) >= 2, kids
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    alive = kids
    while time.monotonic() < deadline and alive:
        time.sleep(0.2)
        alive = [k for k in kids if psutil.pid_exists(k) and psutil.Process(k).status() != psutil.STATUS_ZOMBIE]
    assert alive == [], f"left behind: {alive}"
