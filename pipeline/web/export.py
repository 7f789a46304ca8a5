"""The signed-off 审核意见表: the draft's Word form (pipeline.render.docx) with the reviewers' part filled in —
the eligibility finding, every claim's decision, the caps applied to the decisions, the granted amount in
figures and capitals, 初审's name and date (审核人) and 复核's name and date (复核人). PDF through LibreOffice
when installed."""

from __future__ import annotations

import io
import subprocess
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.shared import Pt

from models.draft import ReviewDraft
from pipeline.render import labels as L
from pipeline.render.docx import SMALL_PT, _cell, _run
from pipeline.web.review import Evaluation

_soffice_lock = threading.Lock()


def decision_lines(ev: Evaluation, finding) -> list[str]:
    lines = []
    elig = L.label(L.ELIGIBILITY_STATUS, ev.eligibility)
    if finding is not None:
        check = f"；复核：{finding.check_reason}" if getattr(finding, "check_reason", None) else ""
        lines.append(f"申报资格：{elig}（初审认定：{finding.reason}{check}）")
    else:
        lines.append(f"申报资格：{elig}")
    for v in ev.claims:
        d = v.decision
        name = f"{v.index}. {v.claim['item']}（{v.claim['claim_id']}）"
        if v.capped_by:
            what = f"按第二十三条限额不予奖励（{L.label(L.CAP_RULE, v.capped_by)}）"
        elif d is None:
            what = (f"同意预审意见，{L.label(L.CLAIM_STATUS, v.status)}"
                    + (f" {v.amount:,} 元" if v.status == "accepted" else ""))
        elif d.decision == "accept":
            what = f"予以支持 {v.amount:,} 元" + (f"（{d.reason}）" if d.reason else "")
        elif d.decision == "adjust":
            what = f"核定 {v.amount:,} 元（预审 {int(v.claim.get('amount_yuan') or 0):,} 元；理由：{d.reason}）"
        else:
            what = f"不予支持（理由：{d.reason}）"
        lines.append(f"{name}：{what}")
    for c in ev.caps:
        lines.append(f"限额：{L.label(L.CAP_RULE, c.rule)}，{c.amount_before:,} → {c.amount_after:,} 元。{c.reason}")
    if ev.eligibility == "ineligible":
        lines.append("申报主体不符合申报条件，不予支持。")
    return lines


def _day(t: datetime | None, tz) -> str:
    if t is None:
        return ""
    if t.tzinfo is None:  # SQLite gives UTC back without its zone
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(tz).strftime("%Y年%m月%d日")


def signed_docx(draft: dict, ev: Evaluation, finding, signoff, names: dict[str, str], tz) -> bytes:
    from pipeline.render.docx import render_docx

    base = render_docx(ReviewDraft.model_validate(draft))
    doc = Document(io.BytesIO(base))
    day = _day(signoff.signed_at, tz)
    preparer = signoff.prepared_by or signoff.signed_by
    for p in doc.paragraphs:
        if p.text.startswith("本表由系统根据申报材料预先填写"):
            for r in list(p.runs):
                r._r.getparent().remove(r._r)
            _run(p, f"一至五部分为系统预审建议；“审核意见”为审核人员核对原件后作出的决定，已于 {day} 签署办结"
                    f"（预审稿第 {signoff.draft_version} 版）。", size=SMALL_PT)
            break
    t = doc.tables[-1]
    top = t.rows[0].cells[0]
    # the empty paragraphs left for handwriting are replaced by the decisions
    for p in top.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    for line in ([signoff.note] if signoff.note else []) + decision_lines(ev, finding):
        p = top.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, size=SMALL_PT + 0.5)
    _cell(t.rows[1].cells[1], f"{signoff.total_yuan:,}", bold=True)
    _cell(t.rows[1].cells[3], f"人民币{L.capital_yuan(signoff.total_yuan)}", bold=True)
    _cell(t.rows[2].cells[1], f"{names.get(preparer, preparer)}（初审，系统内提交）")
    _cell(t.rows[2].cells[3], _day(signoff.prepared_at, tz) or day)
    _cell(t.rows[3].cells[1], f"{names.get(signoff.signed_by, signoff.signed_by)}（复核，系统内签署）")
    _cell(t.rows[3].cells[3], day)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_to_pdf(data: bytes, soffice: str, timeout: int = 180) -> bytes:
    """LibreOffice headless, with a throw-away profile; one conversion at a time."""
    with _soffice_lock, tempfile.TemporaryDirectory(prefix="jinshan-pdf-") as tmp:
        src = Path(tmp) / "form.docx"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", tmp, str(src)],
            capture_output=True, timeout=timeout)
        out = Path(tmp) / "form.pdf"
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"LibreOffice 转换失败：{proc.stderr.decode(errors='replace')[-300:]}")
        return out.read_bytes()
