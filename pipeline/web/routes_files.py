"""Pictures and files of a case: evidence crops, whole pages with the box (the side panel of the case page, and
a page of their own), the originals (every view of an original — a download or a whole page — is in the audit
log), the signed-off 审核意见表 as Word and PDF."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from pipeline.store.person import ledger_key
from pipeline.store import accounts, repo, reviewing
from pipeline.web import queries
from pipeline.web.deps import error_page, policy, render, settings_of, store_of
from pipeline.web.evidence import evidence_list
from pipeline.web.review import evaluate
from pipeline.web.security import require_session

log = logging.getLogger(__name__)
router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _version_draft(store, case_id: str, version: int) -> dict | None:
    for v in repo.draft_versions(store, case_id):
        if v.version == version:
            return json.loads(v.review_json)
    return None


@router.get("/cases/{case_id}/v{version}/ev/{ref}.jpg")
def evidence_crop(request: Request, case_id: str, version: int, ref: str):
    require_session(request)
    store = store_of(request)
    draft = _version_draft(store, case_id, version)
    ev = evidence_list(draft, ref) if draft else None
    data = request.app.state.evidence.crop(case_id, ev) if ev else None
    if data is None:
        return PlainTextResponse("无图像", status_code=404)
    return Response(data, media_type="image/jpeg")


@router.get("/cases/{case_id}/v{version}/page/{ref}.jpg")
def evidence_page_image(request: Request, case_id: str, version: int, ref: str):
    sess = require_session(request)
    store = store_of(request)
    draft = _version_draft(store, case_id, version)
    ev = evidence_list(draft, ref) if draft else None
    data = request.app.state.evidence.page(case_id, ev) if ev else None
    if data is None:
        return PlainTextResponse("无图像", status_code=404)
    reviewing.log_view(store, case_id, sess.user.username, "view_page", f"{ev.file} 第 {ev.page} 页")
    return Response(data, media_type="image/jpeg")


@router.get("/cases/{case_id}/v{version}/page/{ref}")
def evidence_page(request: Request, case_id: str, version: int, ref: str):
    require_session(request)
    store = store_of(request)
    case = repo.get_case(store, case_id)
    draft = _version_draft(store, case_id, version)
    ev = evidence_list(draft, ref) if draft else None
    if case is None or ev is None:
        return error_page(request, 404, "未找到", "没有这个证据")
    return render(request, "page.html.j2", case=case, version=version, ref=ref, ev=ev)


@router.get("/cases/{case_id}/files/{position}")
def original(request: Request, case_id: str, position: int):
    sess = require_session(request)
    store = store_of(request)
    from pipeline.store.originals import get_original

    row = next((f for f in queries.case_files(store, case_id) if f.position == position), None)
    if row is None or row.error or not row.sha256:
        return PlainTextResponse("没有这个原件", status_code=404)
    data = get_original(store.originals_dir, row.sha256)
    reviewing.log_view(store, case_id, sess.user.username, "view_original", row.name)
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.name)}",
        "Content-Security-Policy": "sandbox"})


def signed_form(request: Request, case_id: str) -> tuple[bytes, str] | None:
    """The 审核意见表 of the case's current sign-off, with the decisions as they were signed."""
    from pipeline.web.export import signed_docx

    store = store_of(request)
    so = reviewing.current_signoff(store, case_id)
    case = repo.get_case(store, case_id)
    if so is None or case is None:
        return None
    draft = _version_draft(store, case_id, so.draft_version)
    if draft is None:
        return None
    finding = queries.finding(store, case_id)
    ev = evaluate(draft, repo.claim_decisions(store, case_id), finding,
                  ledger_yuan=repo.ledger_for_case(store, case_id, ledger_key(store, draft["applicant"])), policy=policy())
    data = signed_docx(draft, ev, finding, so, accounts.display_names(store), request.app.state.tz)
    return data, f"审核意见表_{case.applicant_name or case.packet_name}_{case_id[:8]}"


@router.get("/cases/{case_id}/export.docx")
def export_docx(request: Request, case_id: str):
    require_session(request)
    got = signed_form(request, case_id)
    if got is None:
        return error_page(request, 404, "尚未签署", "案件签署办结后才能导出审核意见表")
    data, name = got
    return Response(data, media_type=DOCX,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.docx"})


@router.get("/cases/{case_id}/export.pdf")
def export_pdf(request: Request, case_id: str):
    require_session(request)
    settings = settings_of(request)
    if not settings.soffice:
        return error_page(request, 404, "无法生成 PDF", "本机未安装 LibreOffice，请下载 Word 版本")
    got = signed_form(request, case_id)
    if got is None:
        return error_page(request, 404, "尚未签署", "案件签署办结后才能导出审核意见表")
    from pipeline.web.export import docx_to_pdf

    data, name = got
    try:
        pdf = docx_to_pdf(data, settings.soffice)
    except Exception as exc:
        log.warning("pdf export failed: %s", exc)
        return error_page(request, 500, "PDF 生成失败", "LibreOffice 转换失败，请下载 Word 版本")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.pdf"})
