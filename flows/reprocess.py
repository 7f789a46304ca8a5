"""`reprocess_pending` (nightly): every pending case again with the current catalog and code.

A case whose inputs — its files' hashes, the catalog and code versions, the review dates and the ledger
amount the annual cap reads — are the same as for its last draft is not read again (its draft would be the
same); every other case is re-run, its files served from the OCR cache, and a new draft version is stored
only when the draft changed, with the diff the reviewer reads. Reviewer decisions and notes are never touched.
"""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, create_table_artifact
from prefect.artifacts import update_progress_artifact
from prefect.futures import as_completed

from pipeline.privacy import mask

from flows.common import masked_logs, outcome_rows, plan_reprocess, process_case, task_runner, totals


@flow(name="reprocess-pending", task_runner=task_runner())
def reprocess_pending(force: bool = False) -> dict:
    masked_logs()
    log = get_run_logger()
    plan = plan_reprocess(force)
    todo = plan["to_process"]
    log.info("%d pending cases unchanged, %d to run again", plan["unchanged"], len(todo))
    progress = create_progress_artifact(0.0, key="reprocess-progress",
                                        description=f"夜间重新处理：{len(todo)} 个案件需重新处理")
    outcomes = []
    futures = [process_case.submit(cid, reason="夜间重新处理", force=force) for cid in todo]
    for i, fut in enumerate(as_completed(futures), 1):
        try:
            outcomes.append(fut.result())
        except Exception as exc:
            outcomes.append({"packet": "?", "action": "failed", "error": f"{type(exc).__name__}: {exc}"})
        if i % 10 == 0 or i == len(futures):
            update_progress_artifact(progress, 100.0 * i / len(futures))
    update_progress_artifact(progress, 100.0)
    outcomes += plan["held"]
    if plan["held"]:
        log.warning("%d cases held (failed the same way twice on the same inputs): %s", len(plan["held"]),
                    ", ".join(o["case_id"] for o in plan["held"]))
    outcomes.sort(key=lambda o: o["packet"])
    summary = totals(outcomes)
    changed = [o for o in outcomes if o["action"] == "drafted"]
    if outcomes:
        create_table_artifact(outcome_rows(outcomes), key="reprocess-summary", description="夜间重新处理结果")
    md = [f"## 夜间重新处理", "", f"- 待审案件：{plan['unchanged'] + len(todo)} 个，其中输入未变 {plan['unchanged']} 个",
          f"- 重新处理：{len(todo)} 个；生成新版本 {len(changed)} 个；失败 {len(summary['failures'])} 个；"
          f"暂停重试 {len(summary['held'])} 个"]
    md += [f"  - 暂停：{h['packet']}（{h['case_id']}）：{h['reason']}" for h in summary["held"]]
    for o in changed:
        md.append(f"\n### {o['packet']}（{o['case_id']}）v{o['version']}")
        md += [f"- {line}" for line in o.get("diff") or []]
    create_markdown_artifact(mask("\n".join(md)), key="reprocess-changes")
    return {**summary, "checked": plan["unchanged"] + len(todo) + len(plan["held"]), "unchanged_inputs": plan["unchanged"],
            "rerun": len(todo), "outcomes": outcomes}
