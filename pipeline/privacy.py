"""Personal data kept out of logs, error messages and (through the flows) Prefect artifacts.

`mask(text)` hides what identifies a person:

- 居民身份证号码 (18 digits with an X check digit, the old 15-digit form, forms already partly masked with `*`,
  and forms OCR split into groups): the first 6 and last 4 characters stay, `310228********2416`;
- mobile numbers (1[3-9] + 9 digits, optionally +86 and split 3-4-4): `138****5678`;
- landlines with an area code (021-57931234, (021) 5793 1234) and any number after a 电话/手机/Tel label:
  the last 4 digits stay, `021-****1234`;
- personal names after the labels 姓名, 法定代表人, 负责人, 联系人, 经办人, 申请人: the surname stays, `李**`;
- a home address after 住址: the first six characters stay.

Names that stand without a label (荣誉证书 "李文博同志") are not found: that needs a person-name model.

Hex digests (SHA-256 of uploads) and UUIDs (Prefect's flow-run and task-run ids) are left alone, so a log line
still names the file it is about and Prefect can still file the record under its run.
Masking is idempotent: `mask(mask(t)) == mask(t)`.

Drafts (review.json/html/docx) are for the reviewers and keep names; everything an operator sees (logs, the
command line's error lines, artifacts) goes through `mask`. `setup_logging` installs a handler whose every
record is masked and written as JSON lines (or key=value) with the packet and document ids it carries in `extra=`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path

__all__ = ["mask", "mask_obj", "install_masking", "MaskingFilter", "JsonFormatter", "KeyValueFormatter", "setup_logging", "ID_NUMBER", "MOBILE"]

_SP = r"[ \u3000]?"  # OCR splits long numbers into groups
# Patterns a test may use to look for what must not be there (no boundaries against hex: see `_HEX`).
ID_NUMBER = re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")

_LABELS_NAME = r"姓\s*名|法定代表人|法人代表|负责人|联系人|经办人|申请人|户\s*名"
_LABELS_PHONE = r"电\s*话|手\s*机|联系方式|Tel|TEL|tel|Phone|PHONE|phone|Mobile|mobile"

_PARTS = [
    # a UUID stays as it is: Prefect's flow-run and task-run ids (and log records carrying them) must survive
    ("uuid", r"(?<![0-9A-Za-z-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z-])"),
    # a hash or other long hex run stays as it is (it identifies a file, not a person)
    ("hex", r"(?<![0-9A-Za-z])[0-9a-fA-F]{32,}(?![0-9A-Za-z])"),
    # 18-digit ID number, whole or in groups 6-8-4 (or 6-4-4-4)
    # (no birth-date check: an ID number OCR misread in its month is still an ID number)
    ("id18", rf"(?<![0-9])(?P<id_head>\d{{6}}){_SP}\d{{4}}{_SP}\d{{4}}{_SP}(?P<id_tail>\d{{3}}[\dXx])(?![0-9])"),
    # already partly masked: 310228********2416, 3102**********2416, 31022819850612***6
    ("idmasked", r"(?<![0-9*＊])(?P<m_head>\d{1,14})(?P<m_stars>[*＊]{2,16})(?P<m_tail>\d{0,3}[\dXx]|)(?![0-9*＊])"),
    # old 15-digit ID number (birth date yymmdd)
    ("id15", r"(?<![0-9])(?P<o_head>\d{6})\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?P<o_tail>\d{3})(?![0-9])"),
    # mobile, optionally +86, optionally split 3-4-4
    ("mobile", r"(?<![0-9])(?P<cc>(?:\+|＋)?86[- ]?)?(?P<mb_head>1[3-9]\d)[- ]?\d{4}[- ]?(?P<mb_tail>\d{4})(?![0-9])"),
    # landline with area code: 021-57931234, (021)57931234, 0571 8888 1234
    ("landline", r"(?<![0-9])(?P<area>[(（]?0\d{2,3}[)）]?[- ]?)(?P<local>\d{3,4}[- ]?\d{4})(?:-(?P<ext>\d{1,5}))?(?![0-9])"),
    # any number after a phone label: 电话：57931234
    ("labelled_phone", rf"(?P<pl>(?:{_LABELS_PHONE})\s*[:：]?\s*)(?P<pnum>\d[\d -]{{5,}}\d)"),
    # a home address after its label (ID cards): the district stays
    ("address", r"(?P<al>住\s*址\s*[:：]?\s*)(?P<addr_head>[\u4e00-\u9fff]{1,6})(?P<addr_rest>[^\s，。,;；\"]{2,40})"),
    # a personal name after its label
    ("name", rf"(?P<nl>(?:{_LABELS_NAME})(?:[（(][^）)]{{0,8}}[）)])?\s*[:：]?\s*)"
             r"(?P<surname>[\u4e00-\u9fff])(?P<given>[\u4e00-\u9fff·•]{1,3})(?![\u4e00-\u9fff])"),
]
_RX = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _PARTS))


def _stars(s: str) -> str:
    return "*" * sum(1 for c in s if c.isalnum())


def _replace(m: re.Match[str]) -> str:
    kind = m.lastgroup
    g = m.group
    if kind in ("hex", "uuid"):
        return g(0)
    if kind == "id18":
        return g("id_head") + "********" + g("id_tail")
    if kind == "idmasked":
        n = len(g(0))
        if not 15 <= n <= 18:
            return g(0)
        head, tail = g("m_head")[:6], g("m_tail")[-4:]
        return head + "*" * (n - len(head) - len(tail)) + tail
    if kind == "id15":
        return g("o_head") + "*" * 6 + g("o_tail")
    if kind == "mobile":
        return (g("cc") or "") + g("mb_head") + "****" + g("mb_tail")
    if kind == "landline":
        local = g("local")
        return g("area") + "****" + local.replace(" ", "").replace("-", "")[-4:] + ("-" + g("ext") if g("ext") else "")
    if kind == "labelled_phone":
        digits = re.sub(r"\D", "", g("pnum"))
        return g("pl") + "*" * max(0, len(digits) - 4) + digits[-4:]
    if kind == "address":
        return g("al") + g("addr_head") + "*" * len(g("addr_rest"))
    if kind == "name":
        return g("nl") + g("surname") + "*" * len(g("given"))
    return g(0)


def mask(text: object) -> str:
    """The text with ID numbers, phone numbers and labelled personal names masked (see the module doc)."""
    s = text if isinstance(text, str) else str(text)
    if not s:
        return s
    return _RX.sub(_replace, s)


def mask_obj(obj):
    """`mask` applied to every string inside dicts, lists and tuples (keys too): for Prefect artifacts and any
    JSON an operator sees (e.g. a flow's outcome table)."""
    if isinstance(obj, str):
        return mask(obj)
    if isinstance(obj, dict):
        return {mask_obj(k): mask_obj(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(mask_obj(v) for v in obj)
    return obj


# --- logging -------------------------------------------------------------------------------------------

_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def _extras(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS and not k.startswith("_")}


class MaskingFilter(logging.Filter):
    """Masks a record in place (message, arguments, extras, exception text), for any handler.

    The flows attach it to Prefect's handlers too; it never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = mask(record.getMessage())
            record.args = None
        except Exception:  # a record whose arguments do not format: keep it, masked as it stands
            record.msg = mask(str(record.msg))
            record.args = None
        for k, v in _extras(record).items():
            if isinstance(v, str):
                setattr(record, k, mask(v))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, then the extras (packet, document, page, …)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for k, v in _extras(record).items():
            out[k] = v if isinstance(v, (int, float, bool, type(None))) else str(v)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            out["exc"] = record.exc_text
        return mask(json.dumps(out, ensure_ascii=False))


class KeyValueFormatter(logging.Formatter):
    """`ts level logger msg key=value …` for a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        parts = [self.formatTime(record, "%H:%M:%S"), record.levelname, record.name, record.getMessage()]
        parts += [f"{k}={json.dumps(v, ensure_ascii=False) if isinstance(v, str) and ' ' in v else v}"
                  for k, v in _extras(record).items()]
        line = " ".join(str(p) for p in parts)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line += "\n" + record.exc_text
        return mask(line)


_NOISY = ("pdfminer", "pdfplumber", "PIL", "alembic", "urllib3", "httpx", "httpcore", "asyncio", "paddlex", "paddle", "onnxruntime",
          "matplotlib", "fontTools", "docx")
_INSTALLED: list[logging.Handler] = []


def install_masking(*logger_names: str) -> None:
    """Adds a MaskingFilter to every handler of the root logger and of the named loggers (e.g. "prefect",
    whose handlers send flow and task logs to the Prefect API). Idempotent."""
    for name in ("", *logger_names):
        for h in logging.getLogger(name or None).handlers:
            if not any(isinstance(f, MaskingFilter) for f in h.filters):
                h.addFilter(MaskingFilter())


def setup_logging(level: str | int = "WARNING", log_file: Path | str | None = None, fmt: str = "kv") -> None:
    """Root logging for the command line: stderr in `fmt` (kv or json) at `level`; with `log_file`, JSON
    lines there too (created owner-only). Every record is masked. Calling it again replaces what it installed."""
    root = logging.getLogger()
    for h in _INSTALLED:
        root.removeHandler(h)
        h.close()
    _INSTALLED.clear()
    lvl = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    handlers: list[logging.Handler] = []
    err = logging.StreamHandler(sys.stderr)
    err.setFormatter(JsonFormatter() if fmt == "json" else KeyValueFormatter())
    handlers.append(err)
    if log_file:
        path = Path(log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        fh = logging.FileHandler(path, encoding="utf-8")
        fh.setFormatter(JsonFormatter())
        handlers.append(fh)
    for h in handlers:
        h.setLevel(lvl)
        h.addFilter(MaskingFilter())
        root.addHandler(h)
        _INSTALLED.append(h)
    root.setLevel(min(lvl, root.level) if root.level else lvl)
    for name in _NOISY:  # their DEBUG output is every PDF token or HTTP frame
        logging.getLogger(name).setLevel(max(lvl, logging.WARNING))
