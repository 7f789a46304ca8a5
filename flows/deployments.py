"""Deployments: the nightly reprocessing at 02:00 Asia/Shanghai and the on-demand packet run.

On one machine `python -m pipeline serve` serves both from this process (`serve_all`). Past one machine the
same deployments are in `prefect.yaml` (work pool `process`), deployed with `prefect deploy --all`.
Built when asked for, never at import.
"""

from __future__ import annotations

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"
NIGHTLY = "reprocess-pending/nightly"
ON_DEMAND = "process-packet/on-demand"


def nightly_schedule():
    from prefect.schedules import Cron

    return Cron(NIGHTLY_CRON, timezone=TIMEZONE)


def deployments() -> list:
    from flows.intake import intake
    from flows.process_packet import process_packet
    from flows.reprocess import reprocess_pending

    return [
        reprocess_pending.to_deployment(name="nightly", schedules=[nightly_schedule()],
                                        description="每晚 02:00（北京时间）重新处理全部待审案件"),
        process_packet.to_deployment(name="on-demand", description="按需处理一个材料包或案件"),
        intake.to_deployment(name="on-demand", description="收件：一个文件夹或压缩包中的全部材料包"),
    ]


def serve_all(limit: int | None = None) -> None:
    from prefect import serve

    serve(*deployments(), limit=limit)
