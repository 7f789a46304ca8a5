"""What the flows share: the tasks (each wraps one `pipeline.store.work` function, one packet or case per
task run), the concurrency, and how dates and periods come in as flow parameters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from models.draft import Period
from pipeline.store import default_store, work
from pipeline.privacy import install_masking, mask_obj

MAX_PARALLEL = 2  # two cores on the reference machine; OCR (onnxruntime) releases the GIL


def masked_logs() -> None:
    """Masks ID and phone numbers in every log record Prefect ships to its API (its handlers exist once a
    flow runs, so each flow calls this first)."""
    install_masking("prefect", "prefect.flow_runs", "prefect.task_runs")


def task_runner(max_workers: int | None = None) -> ThreadPoolTaskRunner:
    return ThreadPoolTaskRunner(max_workers=max_workers or MAX_PARALLEL)


def resolve_dates(as_of: date | None, period: str | None) -> tuple[date, Period]:
    """Review date (default today) and declaration period `YYYY-MM-DD..YYYY-MM-DD` (default last year)."""
    as_of = as_of or date.today()
    if period:
        start, end = period.split("..")
        return as_of, Period(start=date.fromisoformat(start), end=date.fromisoformat(end))
    return as_of, Period(start=date(as_of.year - 1, 1, 1), end=date(as_of.year - 1, 12, 31))


@task(name="register-packet", task_run_name="register {path}", cache_policy=NO_CACHE)
def register_packet(path: str, as_of: date, period: Period) -> dict:
    return work.register_packet(default_store(), Path(path), as_of=as_of, period=period).to_dict()


@task(name="process-case", task_run_name="process {case_id}", cache_policy=NO_CACHE)
def process_case(case_id: str, reason: str = "重新处理", force: bool = False) -> dict:
    return work.process_case(default_store(), case_id, reason=reason, force=force).to_dict()


@task(name="plan-reprocess", cache_policy=NO_CACHE)
def plan_reprocess(force: bool = False) -> dict:
    plan = work.plan_reprocess(default_store(), force=force)
    return {"to_process": plan.to_process, "unchanged": plan.unchanged, "held": [o.to_dict() for o in plan.held]}


ACTION_ZH = {"registered": "已登记", "existing": "已存在", "drafted": "已生成新版本", "unchanged": "无变化",
             "skipped": "已办结，跳过", "failed": "失败", "dispatched": "已分派",
             "held": "暂停重试"}


def outcome_rows(outcomes: list[dict]) -> list[dict]:
    """The summary table for the reviewer's office: one row per packet or case. Masked: artifacts are stored
    on the Prefect server, where ID and phone numbers in an error text must not end up."""
    return mask_obj([{
        "材料包": o["packet"], "案件号": o.get("case_id") or "—", "结果": ACTION_ZH.get(o["action"], o["action"]),
        "版本": o.get("version") or "—", "材料数": o.get("documents", 0), "无法读取": o.get("failed_documents", 0),
        "申报项目": o.get("claims", 0), "建议金额（元）": f"{o.get('total_yuan') or 0:,}",
        "失败原因": o.get("error") or "",
    } for o in outcomes])


def totals(outcomes: list[dict]) -> dict:
    return {
        "packets": len(outcomes),
        "documents": sum(o.get("documents", 0) for o in outcomes),
        "failed_documents": sum(o.get("failed_documents", 0) for o in outcomes),
        "claims": sum(o.get("claims", 0) for o in outcomes),
        "total_yuan": sum(o.get("total_yuan") or 0 for o in outcomes),
        "failures": [{"packet": o["packet"], "reason": o.get("error")} for o in outcomes if o["action"] == "failed"],
        # failed the same way twice on the same inputs: not retried until they change (the operator decides)
        "held": [{"packet": o["packet"], "case_id": o.get("case_id"), "reason": o.get("error")}
                 for o in outcomes if o["action"] == "held"],
        "new_versions": sum(o["action"] == "drafted" for o in outcomes),
    }
