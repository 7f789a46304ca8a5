"""`python -m pipeline bench web`: the workspace under load, on 127.0.0.1.

1. A store with `--cases` cases (default 5,000) in one round: one real case (sample p02's text-layer PDFs,
   registered and drafted by the store's own functions) and copies of it with their own ids, files and marks
   (one in fifty shares a standard with another case: duplicates to flag). Three accounts.
2. `python -m pipeline web` in its own process (uvicorn, one worker), as an operator would run it.
3. The queue: the round's first page, the flags filter, a search — each asked 20 times; median and slowest.
4. A reviewer works (the case page, again and again) while one client sends `--wrong-logins` wrong passwords
   (default 200) for the reviewer's name, 8 at a time: the case page's median and 95th percentile, before
   and during; then the reviewer's session still works, and the reviewer logs in again from their browser
   (known-device cookie) while the attacker — same address, no cookie — is refused even with the right password.
5. The server's CPU seconds for each phase (from /proc), since wall times on a shared machine are noisy.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
P02 = ROOT / "samples" / "packets" / "p02-standards"
TEXT_LAYER = ["DB31T1588.pdf", "GB_T_46012-2025.pdf", "公共信用信息报告.pdf"]
ROUND = "2025年度质量发展专项资金（压测）"


@dataclass
class BenchStore:
    root: Path
    url: str
    data: Path
    case_id: str
    round_id: int
    passwords: dict[str, str]


def make_store(root: Path, n_cases: int) -> BenchStore:
    from pipeline.store import accounts, open_store, rounds, work

    root.mkdir(parents=True, exist_ok=True)
    inbox = root / "inbox" / "p02-text"
    inbox.mkdir(parents=True, exist_ok=True)
    for name in TEXT_LAYER:
        shutil.copy(P02 / name, inbox / name)
    url, data = f"sqlite:///{root / 'cases.db'}", root / "data"
    store = open_store(url, data)
    rnd = rounds.create_round(store, ROUND, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                              review_date=date(2026, 3, 31), deadline=date(2026, 4, 30), actor="bench")
    out = work.register_packet(store, inbox, round_id=rnd.id)
    done = work.process_case(store, out.case_id)
    if done.error:
        raise RuntimeError(done.error)
    clone_cases(store, out.case_id, n_cases - 1)
    passwords = {name: f"bench-{name}-{secrets.token_hex(8)}" for name in ("reviewer", "checker", "admin")}
    for name, pw in passwords.items():
        accounts.create_user(store, f"bench-{name}", pw, role=name)
    store.dispose()
    return BenchStore(root, url, data, out.case_id, rnd.id, passwords)


def clone_cases(store, case_id: str, n: int, *, batch: int = 500) -> int:
    """`n` copies of a case (rows only: the originals are shared), each with its own id, name, USCC and file
    marks; every fiftieth keeps the original's standard mark (a duplicate to flag)."""
    from sqlalchemy import select

    from pipeline.store.schema import Case, CaseFile, CaseMark, DraftVersion

    with store.session() as s:
        case = s.get(Case, case_id)
        files = list(s.scalars(select(CaseFile).where(CaseFile.case_id == case_id)))
        draft = s.scalar(select(DraftVersion).where(DraftVersion.case_id == case_id,
                                                    DraftVersion.version == case.current_version))
        mark_rows = list(s.scalars(select(CaseMark).where(CaseMark.case_id == case_id)))

    def cols(obj, skip):
        return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in skip}

    made = 0
    while made < n:
        with store.session() as s, s.begin():
            for _ in range(min(batch, n - made)):
                made += 1
                cid = f"{case_id[:10]}x{made:07d}"
                s.add(Case(**{**cols(case, {"id"}), "id": cid, "applicant_name": f"{case.applicant_name}（样本{made}）",
                              "applicant_uscc": f"91310116B{made:08d}X", "revision": 0}))
                s.flush()
                s.add_all(CaseFile(**{**cols(f, {"id", "case_id"}), "case_id": cid}) for f in files)
                s.add(DraftVersion(**{**cols(draft, {"id", "case_id"}), "case_id": cid}))
                for m in mark_rows:
                    value = m.value if (m.kind == "standard" and made % 50 == 0) else f"{m.value[:40]}-{made}"
                    s.add(CaseMark(case_id=cid, kind=m.kind, value=value[:128], claim_key=m.claim_key, label=m.label))
    return made


# ---------------------------------------------------------------- the server and its clients

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, bs: BenchStore):
        self.port = _free_port()
        env = {**os.environ, "JINSHAN_STORE_URL": bs.url, "JINSHAN_DATA_DIR": str(bs.data)}
        self.log = open(bs.root / "web.log", "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "pipeline", "web", "--host", "127.0.0.1", "--port",
                                      str(self.port)], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        import httpx

        for _ in range(400):
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"the web server exited: {(bs.root / 'web.log').read_text()[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError("the web server did not start")

    def cpu_seconds(self) -> float:
        parts = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _client(base: str):
    import httpx

    return httpx.Client(base_url=base, follow_redirects=False, timeout=60, headers={"accept": "text/html"})


def login(c, user: str, password: str) -> int:
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return c.post("/login", data={"username": user, "password": password, "csrf_token": token,
                                  "next": "/"}).status_code


def _timed(c, path: str) -> float:
    t = time.perf_counter()
    r = c.get(path)
    if r.status_code != 200:
        raise RuntimeError(f"GET {path}: {r.status_code}")
    return time.perf_counter() - t


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def _p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)] if xs else float("nan")


@dataclass
class Result:
    cases: int
    rows: list[list] = field(default_factory=list)  # what, n, median s, p95 s, server cpu s, note
    attacker: dict[int, int] = field(default_factory=dict)  # status code → count
    session_kept: bool = False
    relogin_status: int = 0
    attacker_right_password_status: int = 0
    queue_median_s: float = 0.0
    case_median_flood_s: float = 0.0

    @property
    def reviewer_locked_out(self) -> bool:
        return not (self.session_kept and self.relogin_status == 303)


def _flood(base: str, user: str, n: int, parallel: int, answers) -> None:
    """The attacker: `n` wrong passwords for `user`, `parallel` connections at a time."""
    def wrong(i: int) -> int:
        with _client(base) as c:
            return login(c, user, f"wrong-{i}")

    answers.put("started")
    with ThreadPoolExecutor(parallel) as pool:
        answers.put(list(pool.map(wrong, range(n))))


def run_web_bench(root: Path, *, cases: int = 5000, wrong_logins: int = 200, repeats: int = 20,
                  parallel: int = 8) -> Result:
    bs = make_store(root, cases)
    server = Server(bs)
    res = Result(cases)
    try:
        reviewer = _client(server.base)
        if login(reviewer, "bench-reviewer", bs.passwords["reviewer"]) != 303:
            raise RuntimeError("the reviewer could not log in")
        case_path = f"/cases/{bs.case_id}"
        _timed(reviewer, case_path)  # warm: templates, the policy, the evidence pages
        for what, path in (("queue: round, page 1", f"/?round={bs.round_id}"),
                           ("queue: flags filter (有提示)", f"/?round={bs.round_id}&flags=any"),
                           ("queue: search, page 2", "/?q=样本&page=2")):
            _timed(reviewer, path)
            cpu = server.cpu_seconds()
            times = [_timed(reviewer, path) for _ in range(repeats)]
            res.rows.append([what, len(times), _median(times), _p95(times), server.cpu_seconds() - cpu, f"{cases:,} cases"])
            if what.startswith("queue: round"):
                res.queue_median_s = _median(times)

        cpu = server.cpu_seconds()
        quiet = [_timed(reviewer, case_path) for _ in range(repeats)]
        res.rows.append(["case page, quiet", len(quiet), _median(quiet), _p95(quiet), server.cpu_seconds() - cpu, ""])

        # the flood: one client (its own process, as another machine would be), no cookies of the reviewer's,
        # wrong passwords for the reviewer's name, `parallel` at a time
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        answers = ctx.Queue()
        cpu = server.cpu_seconds()
        t0 = time.perf_counter()
        attacker = ctx.Process(target=_flood, args=(server.base, "bench-reviewer", wrong_logins, parallel, answers))
        attacker.start()
        ready = answers.get(timeout=120)  # the attacker's interpreter is up: start measuring with its first request
        assert ready == "started"
        during: list[float] = []
        while attacker.is_alive() or len(during) < 5:
            during.append(_timed(reviewer, case_path))
        codes = answers.get(timeout=60)
        attacker.join()
        flood_s = time.perf_counter() - t0
        for code in codes:
            res.attacker[code] = res.attacker.get(code, 0) + 1
        res.case_median_flood_s = _median(during)
        res.rows.append([f"case page during {wrong_logins} wrong logins", len(during), _median(during), _p95(during),
                         server.cpu_seconds() - cpu, f"flood {flood_s:.1f} s; answers "
                         + ", ".join(f"{k}×{v}" for k, v in sorted(res.attacker.items()))])

        res.session_kept = reviewer.get(case_path).status_code == 200
        # the reviewer logs out and in again from the same browser (its device cookie), same address
        token = re.search(r'name="csrf_token" value="([^"]+)"', reviewer.get("/").text).group(1)
        reviewer.post("/logout", data={"csrf_token": token})
        res.relogin_status = login(reviewer, "bench-reviewer", bs.passwords["reviewer"])
        with _client(server.base) as anon:  # the attacker's side, even with the right password
            res.attacker_right_password_status = login(anon, "bench-reviewer", bs.passwords["reviewer"])
    finally:
        server.stop()
    return res


def run(args) -> int:
    from pipeline.bench.table import print_table

    cases = getattr(args, "cases", None) or 5000
    wrong = getattr(args, "wrong_logins", None) or 200
    repeats = max(20, getattr(args, "repeat", 1) or 1)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="jinshan-bench-web-") as tmp:
        t = time.perf_counter()
        res = run_web_bench(Path(tmp), cases=cases, wrong_logins=wrong, repeats=repeats)
        total = time.perf_counter() - t
    print(f"machine: {os.cpu_count()} cores; load before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"SQLite store; uvicorn, one process; {total:.0f} s in all")
    print_table(["what", "n", "median s", "p95 s", "server cpu s", "note"],
                [[r[0], r[1], f"{r[2]:.3f}", f"{r[3]:.3f}", f"{r[4]:.2f}", r[5]] for r in res.rows],
                align=["<", ">", ">", ">", ">", "<"])
    print(f"\nreviewer's session after the flood: {'kept' if res.session_kept else 'LOST'}; "
          f"reviewer logs in again from their browser: {'yes' if res.relogin_status == 303 else 'NO'} "
          f"({res.relogin_status}); attacker with the right password, same address, no device cookie: "
          f"{res.attacker_right_password_status} (429: locked out; 303: fewer than the limit of its guesses reached the password check)")
    ok = (res.queue_median_s < 0.2 and res.case_median_flood_s < 0.2 and not res.reviewer_locked_out)
    print(f"queue median {res.queue_median_s:.3f} s (< 0.2: {'yes' if res.queue_median_s < 0.2 else 'NO'}); "
          f"case page median during the flood {res.case_median_flood_s:.3f} s "
          f"(< 0.2: {'yes' if res.case_median_flood_s < 0.2 else 'NO'})")
    return 0 if ok else 1
