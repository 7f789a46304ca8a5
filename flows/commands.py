"""The flow commands of `python -m pipeline`: intake, reprocess, serve, cases.

Prefect is imported only when a flow command runs. Without `PREFECT_API_URL` a flow starts Prefect's
temporary local server; with it, the flows report to that server. Flow heartbeats are off (they cost every
synchronous flow a second at its end).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def add_commands(sub) -> None:
    from pipeline.cli import _date, _period

    p = sub.add_parser("intake", help="register and draft every packet of an inbox folder or zip (Prefect flow)")
    p.add_argument("inbox", type=Path)
    p.add_argument("--round", help="the application round (id or name; `rounds add` creates one): its review date "
                                   "and declaration period are the cases'")
    p.add_argument("--as-of", type=_date, help="without --round: review date (default: today)")
    p.add_argument("--period", type=_period,
                   help="without --round: declaration period YYYY-MM-DD..YYYY-MM-DD (default: last year)")
    p.add_argument("--fan-out", metavar="DEPLOYMENT",
                   help="send each packet to this deployment (e.g. process-packet/on-demand) instead of here")
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser("reprocess", help="run every pending case again where its inputs changed (nightly flow)")
    p.add_argument("--force", action="store_true", help="run every pending case, changed or not")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("serve", help="serve the nightly and on-demand deployments from this process")
    p.add_argument("--port", type=int, default=4200,
                   help="port of the Prefect server started here when PREFECT_API_URL is not set (default 4200)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("cases", help="list cases: id, applicant, status, total, last change")
    p.add_argument("--pending", action="store_true", help="only cases not yet decided")
    p.set_defaults(func=cmd_cases)


def _quiet_flows():
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def _on_prefect(run, port: int | None = None, announce: bool = False) -> int:
    """`run()` with a Prefect API: PREFECT_API_URL, or a server started for this command (flows.local_server)
    that dies with it. A server that does not start is a clear message and exit status 2."""
    from flows.local_server import ServerStartError, prefect_api

    try:
        with prefect_api(port=port) as url:
            if announce:
                print(f"Prefect API: {url} — 其他命令可设置 PREFECT_API_URL={url} 以使用本服务器（免去每次启动）",
                      flush=True)
            return run()
    except ServerStartError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _period_text(period) -> str | None:
    return f"{period.start}..{period.end}" if period else None


def print_outcomes(result: dict, *, file=sys.stdout) -> None:
    from flows.common import outcome_rows
    from pipeline.bench.table import print_table

    rows = outcome_rows(result["outcomes"])
    if rows:
        print_table(list(rows[0]), [list(r.values()) for r in rows], file=file)
    print(f"\n材料包 {result['packets']} 个，材料 {result['documents']} 份（无法读取 {result['failed_documents']}），"
          f"申报项目 {result['claims']} 项，建议金额合计 {result['total_yuan']:,} 元，"
          f"新版本 {result['new_versions']} 份，失败 {len(result['failures'])} 个，"
          f"暂停重试 {len(result.get('held') or [])} 个", file=file)
    for f in result["failures"]:
        print(f"  失败：{f['packet']} — {f['reason']}", file=file)
    for h in result.get("held") or []:
        print(f"  暂停重试：{h['packet']}（{h['case_id']}）— {h['reason']}", file=file)


def cmd_intake(args) -> int:
    def run() -> int:
        from flows.intake import find_round, intake

        if args.round is not None:
            if args.as_of or args.period:
                print("--round gives the review date and the period; --as-of/--period go without it",
                      file=sys.stderr)
                return 2
            try:
                rnd = find_round(args.round)
            except ValueError as exc:
                print(f"错误：{exc}", file=sys.stderr)
                return 2
            print(f"批次：{rnd.name}（申报期间 {rnd.period_start} 至 {rnd.period_end}，审核基准日 {rnd.review_date}，"
                  f"办结期限 {rnd.deadline}）", file=sys.stderr)
        with _quiet_flows():
            result = intake(str(args.inbox), as_of=args.as_of, period=_period_text(args.period),
                            fan_out=args.fan_out, round=args.round)
        print_outcomes(result)
        return 2 if result["failures"] or result.get("held") else 0

    return _on_prefect(run)


def cmd_reprocess(args) -> int:
    return _on_prefect(lambda: _reprocess(args))


def _reprocess(args) -> int:
    from flows.reprocess import reprocess_pending

    with _quiet_flows():
        result = reprocess_pending(force=args.force)
    print(f"待审案件 {result['checked']} 个：输入未变 {result['unchanged_inputs']} 个，重新处理 {result['rerun']} 个，"
          f"生成新版本 {result['new_versions']} 个，失败 {len(result['failures'])} 个，暂停重试 {len(result['held'])} 个")
    for f in result["failures"]:
        print(f"  失败：{f['packet']} — {f['reason']}")
    for h in result["held"]:
        print(f"  暂停重试：{h['packet']}（{h['case_id']}）— {h['reason']}")
    for o in result["outcomes"]:
        if o["action"] == "drafted":
            print(f"{o['packet']}（{o['case_id']}）v{o['version']}：")
            for line in o.get("diff") or []:
                print(f"  - {line}")
    return 2 if result["failures"] or result["held"] else 0


def cmd_serve(args) -> int:
    def run() -> int:
        from flows.deployments import serve_all

        try:
            serve_all()
        except KeyboardInterrupt:
            pass
        return 0

    return _on_prefect(run, port=args.port, announce=True)


def cmd_cases(args) -> int:
    from pipeline.bench.table import print_table
    from pipeline.store import default_store, repo

    from pipeline.privacy import mask

    store = default_store()
    rows = repo.list_cases(store, pending=args.pending)
    pending = {i.case_id: i.fingerprint for i in repo.pending_inputs(store)}
    holds = repo.failure_holds(store, pending)
    status_zh = {"received": "已收件", "processing": "处理中", "drafted": "已出预审稿", "in_review": "初审中",
                 "submitted": "待复核", "decided": "已办结"}

    def note(r) -> str:
        if r.id in holds:
            return mask(holds[r.id].text)
        return mask(f"上次失败：{r.last_error}") if r.last_error else ""

    print_table(["id", "applicant", "status", "total", "last change", "note"], [
        [r.id, r.applicant or r.packet_name, f"{r.status} {status_zh.get(r.status, '')}",
         f"{r.total_yuan:,}" if r.total_yuan is not None else None, _local(r.updated_at), note(r)]
        for r in rows])
    print(f"\n{len(rows)} cases" + (f"; {len(holds)} held after failing the same way twice "
                                     "(not retried until their inputs change; `reprocess --force` retries now)"
                                     if holds else ""))
    return 0


def _local(when) -> str:
    """A stored UTC time as Beijing time (SQLite gives it back without its zone)."""
    from datetime import timezone
    from zoneinfo import ZoneInfo

    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
