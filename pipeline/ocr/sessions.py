"""Model sessions, created once per process per (model file, session settings) and shared by every engine and
thread that asks for the same pair (`run` is thread-safe).

Two runtimes read the same ONNX files: onnxruntime, and OpenVINO (its CPU plugin, from the `openvino` wheel; no
download). OpenVINO is asked for an inference precision: "f32" computes as onnxruntime does; "bf16" lets it run
the convolutions in bfloat16 where the CPU has bf16 instructions (AVX-512 BF16 / AMX), about half the cost of
float32 on this machine's recognition model. The OpenVINO session answers onnxruntime's calls the engines make
(`run`, `get_inputs`, `get_modelmeta`), so engines do not know which runtime they run on."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

GraphOptimization = Literal["disable", "basic", "extended", "all"]
Runtime = Literal["onnxruntime", "openvino"]
Precision = Literal["f32", "bf16"]


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
    runtime: Runtime = "onnxruntime"
    precision: Precision = "f32"  # OpenVINO's inference precision hint (onnxruntime computes as the model says)
    streams: int = 1  # OpenVINO: calls that run at once (threads split between them); onnxruntime runs them anyway


BF16_FLAGS = ("avx512_bf16", "amx_bf16")  # the instructions OpenVINO's CPU plugin computes bfloat16 with


def cpu_has_bf16(cpuinfo: str | None = None) -> bool:
    """Whether this CPU has bf16 instructions (Linux /proc/cpuinfo flags); without them OpenVINO's "bf16"
    computes in float32, no faster than onnxruntime."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
        except OSError:
            return False
    flags = next((line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), [])
    return any(f in flags for f in BF16_FLAGS)


_SESSIONS: dict[tuple[str, SessionSettings], object] = {}
_LOCK = threading.Lock()


def session(model: Path, s: SessionSettings):
    key = (str(model), s)
    with _LOCK:
        if key not in _SESSIONS:
            _SESSIONS[key] = _create(model, s)
        return _SESSIONS[key]


def _create(model: Path, s: SessionSettings):
    if s.runtime == "openvino":
        return OpenVinoSession(model, s)
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


class _Input:
    def __init__(self, name: str):
        self.name = name


class _Meta:
    def __init__(self, custom_metadata_map: dict[str, str]):
        self.custom_metadata_map = custom_metadata_map


class OpenVinoSession:
    """An ONNX model compiled by OpenVINO for the CPU, called like an onnxruntime session.

    Inputs of every shape (recognition lines vary in width) are accepted; one infer request per calling
    thread, and `streams` of them run at once. Compiled models are kept in OpenVINO's cache (under the OCR
    model folder), so a new process loads them in a tenth of the compile time; the ONNX metadata (the
    character list) is kept beside them, so that a process reads neither the model nor the onnx package.
    """

    def __init__(self, model: Path, s: SessionSettings):
        import openvino as ov

        from .model_store import cache_root

        folder = cache_root() / "ocr-models" / "openvino-cache"
        folder.mkdir(parents=True, exist_ok=True)
        core = ov.Core()
        core.set_property({"CACHE_DIR": str(folder)})
        self._compiled = core.compile_model(str(model), "CPU", {
            "INFERENCE_NUM_THREADS": s.intra_op_threads,
            "NUM_STREAMS": s.streams,
            "INFERENCE_PRECISION_HINT": s.precision,
            "PERFORMANCE_HINT": "LATENCY",
            "ENABLE_CPU_PINNING": False,  # a shared machine: threads go where the kernel puts them
        })
        self._inputs = [_Input(i.get_any_name()) for i in self._compiled.inputs]
        self._model, self._core, self._folder = model, core, folder
        self._local = threading.local()

    def get_inputs(self) -> list[_Input]:
        return self._inputs

    def get_modelmeta(self) -> _Meta:
        return _Meta(_metadata(self._core, self._model, self._folder))

    def run(self, output_names, feed: dict):
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self._compiled.create_infer_request()
        result = request.infer(dict(feed))
        return [result[out].copy() for out in self._compiled.outputs]  # the request's buffers are reused


def _metadata(core, model: Path, folder: Path) -> dict[str, str]:
    """The model's ONNX metadata (OpenVINO keeps it as the model's "framework" info), cached as JSON by the
    model file's size and time."""
    import json
    import os

    st = model.stat()
    cached = folder / f"{model.stem}-{st.st_size}-{int(st.st_mtime)}.metadata.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    info = core.read_model(str(model)).get_rt_info()
    framework = info["framework"] if "framework" in info else {}
    data = {str(k): v.astype(str) if hasattr(v, "astype") else str(v) for k, v in framework.items()}
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cached)  # written whole or not at all, even when processes race
    return data
