"""The machinery of `python -m pipeline bench web` on a small store: the server in its own process, the queue
and case page timed, a flood of wrong logins from another process, the reviewer's session kept and their
browser let in again while the attacker is locked out. (The figures themselves are the benchmark's, not a
test's.)"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_bench_web_runs_on_a_small_store(tmp_path):
    from pipeline.bench.web import run_web_bench

    res = run_web_bench(tmp_path, cases=60, wrong_logins=25, repeats=3, parallel=4)
    assert [r[0].split(":")[0].split(",")[0] for r in res.rows] == ["queue", "queue", "queue", "case page",
                                                                    "case page during 25 wrong logins"]
    assert all(r[1] >= 3 and r[2] > 0 for r in res.rows)
    assert sum(res.attacker.values()) == 25 and res.attacker.get(401, 0) <= 5 and res.attacker.get(429, 0) >= 20
    assert res.session_kept and res.relogin_status == 303 and not res.reviewer_locked_out
    assert res.attacker_right_password_status == 429
