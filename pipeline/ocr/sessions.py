"""onnxruntime sessions, created once per process per (model file, session settings) and shared by every
engine and thread that asks for the same pair (`InferenceSession.run` is thread-safe)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

GraphOptimization = Literal["disable", "basic", "extended", "all"]


@dataclass(frozen=True)
class SessionSettings:
    intra_op_threads: int = 2
    inter_op_threads: int = 1
    graph_optimization: GraphOptimization = "all"
    cpu_mem_arena: bool = True
    mem_pattern: bool = True
    # onnxruntime's pool threads spin while waiting for work: faster hand-over, but CPU burnt for nothing
    # on a machine the OCR shares with other work.
    spinning: bool = True


_SESSIONS: dict[tuple[str, SessionSettings], object] = {}
_LOCK = threading.Lock()


def session(model: Path, s: SessionSettings):
    key = (str(model), s)
    with _LOCK:
        if key not in _SESSIONS:
            _SESSIONS[key] = _create(model, s)
        return _SESSIONS[key]


def _create(model: Path, s: SessionSettings):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = s.intra_op_threads
    so.inter_op_num_threads = s.inter_op_threads
    so.graph_optimization_level = {
        "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
        "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
    }[s.graph_optimization]
    so.enable_cpu_mem_arena = s.cpu_mem_arena
    so.enable_mem_pattern = s.mem_pattern
    so.log_severity_level = 3
    so.add_session_config_entry("session.intra_op.allow_spinning", "1" if s.spinning else "0")
    so.add_session_config_entry("session.inter_op.allow_spinning", "1" if s.spinning else "0")
    return ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
