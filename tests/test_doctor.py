import http.server
import threading

import pytest

from pipeline import doctor


def test_prefect_not_configured_says_flows_use_a_temporary_server(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    ok, message = doctor._check_prefect(False)
    assert ok and "临时" in message


def test_prefect_unreachable_says_what_to_fix(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    ok, message = doctor._check_prefect(False)
    assert not ok and "PREFECT_API_URL" in message and "prefect server start" in message


def test_prefect_reachable(monkeypatch):
    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = b"true" if self.path == "/api/health" else b"no"
            self.send_response(200 if self.path == "/api/health" else 404)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{server.server_port}/api/")
        ok, message = doctor._check_prefect(False)
    finally:
        server.shutdown()
    assert ok and "可访问" in message


def test_store_checks(monkeypatch, tmp_path):
    pytest.importorskip("pipeline.store")
    monkeypatch.setenv("JINSHAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("JINSHAN_STORE_URL", raising=False)
    ok, message = doctor._check_store(False)
    assert ok and "尚未创建" in message and not (tmp_path / "cases.db").exists()  # the doctor creates nothing

    import sqlite3

    sqlite3.connect(tmp_path / "cases.db").close()  # a database nobody migrated
    ok, message = doctor._check_store(False)
    assert not ok and "--prepare" in message

    ok, message = doctor._check_store(True)  # --prepare migrates it
    assert ok and "最新" in message
    assert doctor._check_store(False)[0]


def test_store_password_is_not_shown():
    assert doctor._hide_password("postgresql+psycopg://app:s3cret@db:5432/cases") == "postgresql+psycopg://app:***@db:5432/cases"


def test_doctor_lists_every_check(capsys, monkeypatch):
    monkeypatch.setattr(doctor, "CHECKS", [("a", lambda p: (True, "好")), ("b", lambda p: 1 / 0)])
    assert doctor.run_doctor() == 1
    out = capsys.readouterr().out
    assert "[ok] a: 好" in out and "[FAIL] b: ZeroDivisionError" in out


def test_the_doctor_names_the_ocr_engine_and_what_this_cpu_could_run(monkeypatch):
    from pipeline.ocr.sessions import cpu_has_bf16

    monkeypatch.delenv("JINSHAN_OCR", raising=False)
    ok, message = doctor._check_ocr_engine(False)
    assert ok and "ppocr（默认）" in message
    # the cheaper preset is offered exactly where this CPU has bf16 instructions
    assert ("JINSHAN_OCR=ppocr-openvino-bf16" in message) == cpu_has_bf16()
    monkeypatch.setenv("JINSHAN_OCR", "ppocr-opnevino-bf16")  # a typo: every OCR'd page would fail
    ok, message = doctor._check_ocr_engine(False)
    assert not ok and "ppocr-opnevino-bf16" in message and "ppocr-openvino-bf16" in message
    monkeypatch.setenv("JINSHAN_OCR", "ppocr-openvino-bf16")
    ok, message = doctor._check_ocr_engine(False)
    assert ok and ("float32" in message) != cpu_has_bf16()


def test_bf16_is_read_from_the_cpu_flags():
    from pipeline.ocr.sessions import cpu_has_bf16

    assert cpu_has_bf16("processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512_bf16 amx_tile\n")
    assert cpu_has_bf16("flags\t: fpu amx_bf16 amx_tile\n")
    assert not cpu_has_bf16("flags\t: fpu sse avx2 avx512f avx512bw\n")
    assert not cpu_has_bf16("")
