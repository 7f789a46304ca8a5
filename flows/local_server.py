"""The Prefect server a flow command runs on when no `PREFECT_API_URL` is set: started by the command, dead with it.

Prefect's own temporary server waits 20 s for start-up (a fresh SQLite database on a busy 2-core machine takes
longer: 2 of 4 fresh starts failed at load 3.5) and outlives a kill -9 of the command that started it. This one:

- runs the same app (`prefect.server.api.server:create_app`, UI off) under uvicorn in a child process that sets
  PR_SET_PDEATHSIG (SIGKILL when the command dies, kill -9 included) and also checks its parent every second
  (a parent that died before the child could ask for the signal);
- is waited for up to `JINSHAN_PREFECT_START_TIMEOUT` seconds (default 120) on /api/health, then once more —
  the same process if it is still starting (a fresh database migrating on a loaded machine), a new one on
  another port if it died — and if that fails too the command stops with a message saying why and what to do
  (`ServerStartError`), not a traceback;
- is stopped (SIGTERM, then SIGKILL) when the command ends.

A long-running server avoids the start-up in every command: `python -m pipeline serve` keeps one on a fixed port
(default 4200) together with the deployments; other commands then use it with
`PREFECT_API_URL=http://127.0.0.1:4200/api`.

    python -m flows.local_server --port 4210 --parent PID     # what the command starts (not for people)
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

START_TIMEOUT = float(os.environ.get("JINSHAN_PREFECT_START_TIMEOUT", "120"))
ATTEMPTS = 2  # the start, and one retry on another port


class ServerStartError(RuntimeError):
    """The local Prefect server did not come up; the message says why and what to do."""


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int, timeout: float = 2.0) -> bool:
    import httpx

    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def _server_env() -> dict[str, str]:
    from prefect.settings import get_current_settings

    return {
        **os.environ,
        **get_current_settings().to_environment_variables(exclude_unset=True),
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


class LocalServer:
    def __init__(self, port: int | None = None, timeout: float = START_TIMEOUT, quiet: bool = True):
        self.fixed_port = port
        self.timeout = timeout
        self.quiet = quiet
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None
        self.log_tail = ""

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _spawn(self, port: int) -> subprocess.Popen:
        import tempfile

        cmd = [sys.executable, "-m", "flows.local_server", "--port", str(port), "--parent", str(os.getpid())]
        out = subprocess.DEVNULL if self.quiet else None
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self._err = tempfile.TemporaryFile()  # a file, not a pipe: a server that talks a lot never blocks on it
        return subprocess.Popen(cmd, env=_server_env(), cwd=root, stdout=out, stderr=self._err)

    def start(self) -> str:
        """Starts the server and waits for it; the retry keeps a server that is still starting (a fresh database
        migrating on a loaded machine: restarting it would throw that work away) and starts a new one on another
        port only when the first one died (a port taken meanwhile, a locked database)."""
        proc = None
        for attempt in range(1, ATTEMPTS + 1):
            if proc is None or proc.poll() is not None:
                if proc is not None:
                    self.log_tail = self._stop_and_tail()
                self.port = self.fixed_port or _free_port()
                self.proc = proc = self._spawn(self.port)
            started = time.monotonic()
            while time.monotonic() - started < self.timeout:
                if proc.poll() is not None:
                    break
                if _healthy(self.port):
                    return self.api_url
                time.sleep(0.25)
        self.log_tail = self._stop_and_tail() or self.log_tail
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        raise ServerStartError(
            f"Prefect 临时服务器在 {ATTEMPTS * self.timeout:.0f} 秒内未能启动（已重试 {ATTEMPTS - 1} 次，机器负载 "
            f"{load:.1f}）。请稍后重试；或先运行常驻服务器（python -m pipeline serve，或 prefect server start），"
            "再设置 PREFECT_API_URL=http://127.0.0.1:4200/api 后运行本命令。\n"
            f"The local Prefect server did not start within {ATTEMPTS * self.timeout:.0f} s ({ATTEMPTS} attempts, "
            f"load {load:.1f}); set JINSHAN_PREFECT_START_TIMEOUT (seconds per attempt) to wait longer, or run a "
            "long-lived server and set PREFECT_API_URL." + (f"\nserver said: {self.log_tail}" if self.log_tail else ""))

    def _stop_and_tail(self) -> str:
        proc, self.proc = self.proc, None
        if proc is None:
            return ""
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        try:
            self._err.seek(0)
            err = self._err.read().decode("utf-8", "replace")
            self._err.close()
        except (OSError, ValueError, AttributeError):
            err = ""
        return err.strip()[-800:]

    def stop(self) -> None:
        self._stop_and_tail()


@contextlib.contextmanager
def prefect_api(port: int | None = None, quiet: bool = True) -> Iterator[str | None]:
    """The API the flows of this command report to: PREFECT_API_URL when set, else a LocalServer for the
    duration of the block (its URL set as PREFECT_API_URL inside it)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield PREFECT_API_URL.value()
        return
    server = LocalServer(port=port, quiet=quiet)
    url = server.start()
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            os.environ["PREFECT_API_URL"] = url  # for subprocesses this command starts (workers, runners)
            yield url
    finally:
        _drain()
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def _drain() -> None:
    """Sends the logs and events still queued for the API before the server goes (else they fail at exit)."""
    for mod, name in (("prefect.logging.handlers", "APILogWorker"), ("prefect.events.worker", "EventsWorker")):
        try:
            worker = getattr(__import__(mod, fromlist=[name]), name)
            worker.drain_all(timeout=5)
        except Exception:  # nothing queued, or a worker that never started
            pass


# --- the child ----------------------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    """SIGKILL when the parent dies (the kernel does it), and a check every second for the case the parent
    died before the request was made."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(1.0)

    if os.getppid() != parent:
        os._exit(0)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="the Prefect server of one flow command (dies with it)")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--parent", type=int, required=True)
    args = ap.parse_args(argv)
    _watch_parent(args.parent)
    import uvicorn

    uvicorn.run("prefect.server.api.server:create_app", factory=True, host="127.0.0.1", port=args.port,
                log_level="error", lifespan="on")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
