"""`intake`: an inbox (a folder or a .zip of many packets) → every packet registered as a case and drafted.

Packets run in parallel (two at a time by default); one failing packet never stops the others (its reason is
in the summary), a document that cannot be read is listed in its packet's draft. A progress artifact moves
while it runs; at the end a table artifact lists every packet. Re-running the same inbox (after a crash or a
SIGKILL) finds the cases already registered — case ids come from the packets' content — and only finishes
what is missing. With `fan_out` the packets are not processed here but sent to a deployment (workers on
other machines), each with an idempotency key so a retried intake never starts a case twice.

An intake is for an application round (`round`: its id or name, pipeline.store.rounds): the cases get the
round's review date and declaration period and are listed under it. Without a round, `as_of`/`period` give
the dates (the cases belong to no round).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, create_table_artifact
from prefect.artifacts import update_progress_artifact
from prefect.futures import as_completed

from flows.common import masked_logs, outcome_rows, process_case, register_packet, resolve_dates, task_runner, totals
from models.draft import Period
from pipeline.privacy import mask
from pipeline.store import default_store, work


@task(name="register-packet-in-round", task_run_name="register {path} ({round_id})", cache_policy=NO_CACHE)
def register_in_round(path: str, round_id: int) -> dict:
    return work.register_packet(default_store(), Path(path), round_id=round_id).to_dict()


def find_round(key: str | int):
    from pipeline.store.rounds import get_round

    rnd = get_round(default_store(), key)
    if rnd is None:
        raise ValueError(f"没有申报批次“{key}”：请先新建（python -m pipeline rounds add …，或在工作台“申报批次”页）")
    return rnd


@flow(name="intake", task_runner=task_runner())
def intake(inbox: str, as_of: date | None = None, period: str | None = None, fan_out: str | None = None,
           round: str | None = None) -> dict:
    masked_logs()
    if round is not None:
        rnd = find_round(round)
        as_of_d, period_p = rnd.review_date, Period(start=rnd.period_start, end=rnd.period_end)
    else:
        as_of_d, period_p = resolve_dates(as_of, period)
    with tempfile.TemporaryDirectory(prefix="jinshan-inbox-") as unpacked:  # a zip inbox is unpacked here
        return _intake(inbox, work.find_packets(Path(inbox), unpack_to=Path(unpacked)), as_of_d, period_p, fan_out,
                       rnd.id if round is not None else None)


def _intake(inbox: str, packets: list[Path], as_of_d: date, period_p, fan_out: str | None,
            round_id: int | None = None) -> dict:
    log = get_run_logger()
    log.info("intake of %d packets from %s", len(packets), inbox)
    steps, done = max(1, 2 * len(packets)), 0
    progress = create_progress_artifact(0.0, key="intake-progress", description=f"收件 {inbox}：{len(packets)} 个材料包")

    if round_id is not None:
        registered = {register_in_round.submit(str(p), round_id): p.name for p in packets}
    else:
        registered = {register_packet.submit(str(p), as_of_d, period_p): p.name for p in packets}
    outcomes: dict[str, dict] = {}
    by_case: dict[str, list[str]] = {}  # the same content twice in one inbox is one case, processed once
    processing = {}  # future → case id
    for fut in as_completed(list(registered)):
        key = registered[fut]
        o = outcomes[key] = {**_result(fut, packet=key), "packet": key}
        done += 1
        cid = o.get("case_id")
        if o["action"] == "failed" or not cid or cid in by_case:
            if cid:
                by_case[cid].append(key)
            done += 1
        elif fan_out:
            by_case[cid] = [key]
            outcomes[key] = _dispatch(fan_out, o)
            done += 1
        else:
            by_case[cid] = [key]
            processing[process_case.submit(cid, reason="收件")] = cid
        update_progress_artifact(progress, 100.0 * done / steps)
    for fut in as_completed(list(processing)):
        o = _result(fut, packet=processing[fut])
        for key in by_case.get(processing[fut], []):
            outcomes[key] = {**o, "packet": key}
        done += 1
        update_progress_artifact(progress, 100.0 * done / steps)
    update_progress_artifact(progress, 100.0)

    ordered = [outcomes[k] for k in sorted(outcomes)]
    summary = totals(ordered)
    create_table_artifact(outcome_rows(ordered), key="intake-summary", description=f"收件 {inbox} 处理结果")
    create_markdown_artifact(mask(_markdown(inbox, summary)), key="intake-totals")
    return {**summary, "outcomes": ordered}


def _result(fut, packet: str) -> dict:
    """A task that crashed outside `work` (it catches its own failures) still becomes a failed row."""
    try:
        return fut.result()
    except Exception as exc:
        return {"packet": packet, "action": "failed", "error": f"{type(exc).__name__}: {exc}"}


def _dispatch(deployment: str, o: dict) -> dict:
    from prefect.deployments import run_deployment

    run = run_deployment(deployment, parameters={"case_id": o["case_id"]}, timeout=0,
                         idempotency_key=f"jinshan-intake:{o['case_id']}")
    return {**o, "action": "dispatched", "flow_run_id": str(run.id)}


def _markdown(inbox: str, s: dict) -> str:
    lines = [f"## 收件汇总：{inbox}", "",
             f"- 材料包：{s['packets']} 个（新版本预审稿 {s['new_versions']} 份）",
             f"- 材料：{s['documents']} 份，其中无法读取 {s['failed_documents']} 份",
             f"- 申报项目：{s['claims']} 项；建议支持金额合计 {s['total_yuan']:,} 元",
             f"- 失败：{len(s['failures'])} 个；暂停重试：{len(s['held'])} 个"]
    lines += [f"  - {f['packet']}：{f['reason']}" for f in s["failures"]]
    lines += [f"  - 暂停：{h['packet']}（{h['case_id']}）：{h['reason']}" for h in s["held"]]
    return "\n".join(lines)
