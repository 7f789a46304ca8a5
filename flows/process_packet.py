"""`process_packet`: one packet (a path, or a case already registered) → its draft stored as a new version.

The on-demand deployment runs this; the intake's fan-out sends it `case_id`.
"""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import masked_logs, process_case, register_packet, resolve_dates


@flow(name="process-packet")
def process_packet(case_id: str | None = None, path: str | None = None, as_of: date | None = None,
                   period: str | None = None, force: bool = False) -> dict:
    masked_logs()
    if not case_id:
        if not path:
            raise ValueError("process_packet needs case_id or path")
        as_of_d, period_p = resolve_dates(as_of, period)
        reg = register_packet(path, as_of_d, period_p)
        if reg["action"] == "failed":
            return reg
        case_id = reg["case_id"]
    return process_case(case_id, reason="按需处理", force=force)
