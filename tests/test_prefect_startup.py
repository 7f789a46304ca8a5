"""Prefect start-up an operator can trust: fresh `intake` runs succeed on a loaded 2-core machine, a server that
does not start is a clear message, and kill -9 of an intake leaves no process behind (server, readers)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

AS_OF = ["--as-of", "2026-03-31", "--period", "2025-01-01..2025-12-31"]
P02 = ROOT / "samples" / "packets" / "p02-standards"


def _inbox(tmp: Path, images: bool = False) -> Path:
    d = tmp / "inbox" / "a-packet"
    d.mkdir(parents=True)
    for name in ["DB31T1588.pdf", "公共信用信息报告.pdf"] + (["scan_0001.jpg"] if images else []):
        shutil.copy(P02 / name, d / name)
    return d.parent


def _env(tmp: Path, home: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp / home), JINSHAN_DATA_DIR=str(tmp / f"var-{home}"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("JINSHAN_STORE_URL", None)
    return env


def test_a_server_that_does_not_start_is_a_clear_message(monkeypatch):
    from flows import local_server

    server = local_server.LocalServer(timeout=0.2)
    monkeypatch.setattr(local_server, "_healthy", lambda port, timeout=2.0: False)
    with pytest.raises(local_server.ServerStartError) as e:
        server.start()
    text = str(e.value)
    assert "未能启动" in text and "PREFECT_API_URL" in text and "JINSHAN_PREFECT_START_TIMEOUT" in text
    assert server.proc is None  # both attempts stopped


class _Burners:
    """Busy processes that raise the load average to a target (no more of them than it takes: the machine may be
    busy already); each stops by itself after `seconds`."""

    CODE = "import time,sys\nend=time.time()+float(sys.argv[1])\nwhile time.time()<end: pass\n"

    def __init__(self, seconds: float, most: int = 4):
        self.seconds, self.most = seconds, most
        self.procs: list[subprocess.Popen] = []

    def raise_load(self, target: float, within: float) -> float:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline and os.getloadavg()[0] < target:
            # the 1-minute average follows a new busy process within about a minute
            if len(self.procs) < self.most and (not self.procs or time.monotonic() > self._last + 45):
                self.procs.append(subprocess.Popen([sys.executable, "-c", self.CODE, str(self.seconds)]))
                self._last = time.monotonic()
            time.sleep(2)
        return os.getloadavg()[0]

    def stop(self) -> None:
        for p in self.procs:
            p.kill()
            p.wait()


@pytest.mark.slow
def test_five_fresh_intakes_succeed_under_load(tmp_path):
    inbox = _inbox(tmp_path)
    burners = _Burners(seconds=1800)
    try:
        load = burners.raise_load(3.0, within=240)
        assert load >= 3.0, f"could not raise the load (1-min average {load:.1f})"
        for i in range(5):
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "pipeline", "intake", str(inbox), *AS_OF], cwd=ROOT,
                                  env=_env(tmp_path, f"home{i}"), capture_output=True, text=True, timeout=900)
            took = time.monotonic() - started
            print(f"fresh intake {i + 1}: exit {done.returncode}, {took:.1f} s, load {os.getloadavg()[0]:.1f}, "
                  f"{len(burners.procs)} busy processes of ours")
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
            assert "Traceback" not in done.stderr and "新版本 1 份" in done.stdout
    finally:
        burners.stop()


def _descendants(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow
def test_kill_9_of_an_intake_leaves_no_process_behind(tmp_path):
    import psutil

    inbox = _inbox(tmp_path, images=True)
    env = _env(tmp_path, "home-kill")
    env["JINSHAN_CACHE_DIR"] = str(tmp_path / "cache")  # OCR not cached: the intake is still reading when killed
    ocr_models = Path.home() / ".cache" / "jinshan-review" / "ocr-models"
    if ocr_models.exists():
        (tmp_path / "cache").mkdir()
        os.symlink(ocr_models, tmp_path / "cache" / "ocr-models")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "intake", str(inbox), *AS_OF], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, str] = {}
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:  # until both the server and a reader (fork server) run under it
            for p in _descendants(proc.pid):
                try:
                    seen[p.pid] = " ".join(p.cmdline())[:120]
                except psutil.NoSuchProcess:
                    pass
            cmds = " ".join(seen.values())
            if "flows.local_server" in cmds and "forkserver" in cmds:
                break
            assert proc.poll() is None, "the intake ended before it could be killed"
            time.sleep(0.3)
        else:
            pytest.fail(f"server and reader never seen: {seen}")
        time.sleep(1.0)
        for p in _descendants(proc.pid):
            seen[p.pid] = " ".join(p.cmdline())[:120]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 20
    alive = dict(seen)
    while time.monotonic() < deadline and alive:
        time.sleep(0.3)
        alive = {pid: c for pid, c in alive.items() if psutil.pid_exists(pid)
                 and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE}
    assert alive == {}, f"left behind after kill -9: {alive}"
