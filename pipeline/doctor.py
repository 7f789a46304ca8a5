"""`python -m pipeline doctor`: checks what the pipeline needs on this machine and says what to fix.

`--prepare` also builds the OCR model folders from the installed rapidocr wheel (the set-up command runs it,
so the first packet of the day does not pay for it).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
MIN_FREE_GB = 2.0


def _check_models(prepare: bool) -> tuple[bool, str]:
    from pipeline.ocr import ensure_paddle_models
    from pipeline.ocr.model_store import cache_root

    root = cache_root()
    if not prepare and not any(root.glob("**/inference.yml")):
        return False, f"OCR 模型目录尚未生成（{root}）：运行 `python -m pipeline doctor --prepare`"
    return True, f"OCR 模型就绪：{ensure_paddle_models()}"


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


CHECKS: list[tuple[str, Callable[[bool], tuple[bool, str]]]] = [
    ("policy", _check_policy),
    ("fonts", _check_fonts),
    ("ocr-models", _check_models),
    ("tesseract", _check_tesseract),
    ("disk", _check_disk),
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
