"""`python -m pipeline doctor`: checks what the pipeline needs on this machine and says what to fix.

Checks: policy catalog, CJK fonts, OCR models, the OCR engine chosen (and a cheaper one this CPU could run),
Tesseract, disk space, the case store (connects; schema at the newest migration) and the Prefect API
(`$PREFECT_API_URL/health` by plain HTTP: pipeline/ never imports prefect).

`--prepare` also builds the OCR models from the installed rapidocr wheel — PaddleOCR's model folders and the int8
copies the default engine runs (the set-up command runs it, so the first packet of the day does not pay for it)
— and migrates an existing case store.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
MIN_FREE_GB = 2.0


def _check_models(prepare: bool) -> tuple[bool, str]:
    """The OCR models: PaddleOCR's folders and the int8 copies of the default engine, built from the rapidocr
    wheel (`--prepare`, at install time: the first page of the day does not wait for the quantisation)."""
    from pipeline.ocr.model_store import cache_root, missing_models, prepare_all

    root = cache_root()
    if prepare:
        prepare_all(root)
    missing = missing_models(root)
    wheels = [m for m in missing if "==" in m]  # a wheel's own model file: installed by the set-up command
    if wheels:
        return False, f"缺少 OCR 模型文件（{'、'.join(wheels)}）：运行 `make setup` 安装"
    if missing:
        return False, (f"OCR 模型尚未生成（{root}：{'、'.join(missing)}）：运行 `python -m pipeline doctor --prepare`")
    return True, f"OCR 模型就绪（{root / 'ocr-models'}）"


def _check_ocr_engine(_: bool) -> tuple[bool, str]:
    """The engine pages are read with (`JINSHAN_OCR`), whether this machine can run it, and whether a cheaper
    preset that reads as accurately would run here (the operator decides: it costs start-up, see the README)."""
    import os

    from pipeline.ocr.options import PRESETS, default_options
    from pipeline.ocr.sessions import cpu_has_bf16

    name = os.environ.get("JINSHAN_OCR", "").strip()
    try:
        opts = default_options()  # the one place that decides what JINSHAN_OCR may name
    except ValueError:
        return False, (f"JINSHAN_OCR={name} 不是已知的 OCR 预设，需要 OCR 的页面都将无法读取："
                       f"请改为 {'、'.join(PRESETS)} 之一，或取消该变量")
    shown = f"OCR 引擎 {name or 'ppocr（默认）'}"
    runtime, precision = getattr(opts, "runtime", "onnxruntime"), getattr(opts, "precision", "f32")
    has_openvino = importlib.util.find_spec("openvino") is not None
    if runtime == "openvino" and not has_openvino:
        return False, f"{shown} 需要 openvino，但未安装：运行 `make setup`，或取消 JINSHAN_OCR"
    bf16 = cpu_has_bf16()
    if precision == "bf16" and not bf16:
        return True, (f"{shown}；本机 CPU 无 bf16 指令，OpenVINO 将按 float32 计算，并不更快："
                      "建议取消 JINSHAN_OCR，使用默认引擎")
    if not name and bf16 and has_openvino:
        return True, (f"{shown}；本机 CPU 支持 bf16：批量受理可设 JINSHAN_OCR=ppocr-openvino-bf16"
                      "（各类页面准确率与默认引擎相差不到 0.1 个百分点，每页 CPU 约减半，启动多约 0.6 秒；数据见 README）")
    return True, shown


def _check_fonts(_: bool) -> tuple[bool, str]:
    missing = [f for f in CJK_FONTS if not Path(f).exists()]
    if missing:
        return False, f"缺少中文字体 {missing}：运行 `bash scripts/setup-system.sh`"
    return True, "中文字体已安装"


def _check_tesseract(_: bool) -> tuple[bool, str]:
    exe = shutil.which("tesseract")
    if not exe:
        return False, "未安装 tesseract（仅基准测试的备选引擎需要）：运行 `bash scripts/setup-system.sh`"
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True).stdout
    if "chi_sim" not in langs:
        return False, "tesseract 缺少 chi_sim 语言包：apt-get install tesseract-ocr-chi-sim"
    return True, "tesseract + chi_sim 可用"


def _check_policy(_: bool) -> tuple[bool, str]:
    from pipeline.policy import load_policy

    p = load_policy()
    return True, f"政策目录 {p.id} {p.version}：{len(p.items)} 个支持项目"


def _check_disk(_: bool) -> tuple[bool, str]:
    free = shutil.disk_usage(Path.cwd()).free / 1e9
    if free < MIN_FREE_GB:
        return False, f"磁盘剩余 {free:.1f} GB，低于 {MIN_FREE_GB} GB：清理输出目录或缓存"
    return True, f"磁盘剩余 {free:.1f} GB"


def _check_store(prepare: bool) -> tuple[bool, str]:
    """The case store, when this checkout has one: reachable, and its schema at the newest migration
    (`--prepare` migrates it)."""
    if importlib.util.find_spec("pipeline.store") is None:
        return True, "本版本无案件库（pipeline.store），跳过"
    from sqlalchemy import text

    from pipeline.store.config import data_dir, store_url
    from pipeline.store.db import alembic_config, make_engine

    url = store_url()
    shown = _hide_password(url)
    if url.startswith("sqlite:///") and not Path(url.split("///", 1)[1]).exists():
        return True, f"案件库 {shown} 尚未创建：首次登记申报材料时自动创建"
    if prepare:
        from pipeline.store import open_store

        open_store().dispose()  # creates and migrates
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            try:
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            except Exception:
                current = []
        engine.dispose()
    except Exception as exc:
        return False, (f"无法连接案件库 {shown}（{type(exc).__name__}）：检查 JINSHAN_STORE_URL、数据库服务是否运行、"
                       f"账号权限")
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    if not current:
        return False, f"案件库 {shown} 尚未建表：运行 `python -m pipeline doctor --prepare` 迁移"
    if set(current) != heads:
        return False, f"案件库 {shown} 版本 {current} 不是最新 {sorted(heads)}：运行 `python -m pipeline doctor --prepare` 迁移"
    originals = data_dir() / "originals"
    if originals.exists() and not os.access(originals, os.W_OK):
        return False, f"原件目录 {originals} 不可写：检查 JINSHAN_DATA_DIR 的权限"
    return True, f"案件库 {shown} 已连接，迁移到最新版本 {sorted(heads)}"


def _hide_password(url: str) -> str:
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url


def _check_prefect(_: bool) -> tuple[bool, str]:
    """The Prefect API the flows report to: PREFECT_API_URL reachable (GET /health), or none configured."""
    api = os.environ.get("PREFECT_API_URL", "").rstrip("/")
    if not api:
        return True, "未设置 PREFECT_API_URL：流程将启动临时的本地 Prefect 服务器（运行记录不保留）；长期运行请设置该变量"
    try:
        with urllib.request.urlopen(api + "/health", timeout=5) as resp:
            body = resp.read(200).decode("utf-8", "replace")
            ok = resp.status == 200 and json.loads(body or "true") is not False
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, f"Prefect API {api} 无法访问（{type(exc).__name__}）：启动 `prefect server start` 或更正 PREFECT_API_URL"
    if not ok:
        return False, f"Prefect API {api}/health 返回异常：{body[:80]}"
    return True, f"Prefect API {api} 可访问"


CHECKS: list[tuple[str, Callable[[bool], tuple[bool, str]]]] = [
    ("policy", _check_policy),
    ("fonts", _check_fonts),
    ("ocr-models", _check_models),
    ("ocr-engine", _check_ocr_engine),
    ("tesseract", _check_tesseract),
    ("disk", _check_disk),
    ("store", _check_store),
    ("prefect-api", _check_prefect),
]


def run_doctor(prepare: bool = False) -> int:
    failed = 0
    for name, check in CHECKS:
        try:
            ok, message = check(prepare)
        except Exception as exc:  # a check that crashes is a failed check with its reason
            ok, message = False, f"{type(exc).__name__}: {exc}"
        failed += not ok
        print(f"[{'ok' if ok else 'FAIL'}] {name}: {message}")
    return 1 if failed else 0
