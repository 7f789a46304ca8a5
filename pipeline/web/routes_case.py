"""The case page and everything done on it: 初审's decisions and submission, 复核's verdicts, return and sign-off,
assignment, an administrator's reopening, notes. Every form carries the case's revision (`rev`); the store
refuses a write from an older page and the page says what changed since."""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from pipeline.store.person import ledger_key
from pipeline.store import marks, repo, reviewing, rounds
from pipeline.store.diff import claim_keys
from pipeline.store.reviewing import CaseStateError, NotAllowed, StaleError
from pipeline.web import queries
from pipeline.web.audit_text import audit_row
from pipeline.web.deps import DONE_ZH, error_page, policy, render, settings_of, store_of, today
from pipeline.web.review import DecisionError, check_decision, evaluate, parse_amount, signoff_lines
from pipeline.web.security import check_csrf, require_session

router = APIRouter()
FORM_FIELDS = ("claim_key", "index", "decision", "amount", "reason", "status", "text", "note", "verdict", "target",
               "confirm")


def case_context(request: Request, case_id: str) -> dict:
    store = store_of(request)
    sess = request.state.session_info
    me = sess.user
    case = repo.get_case(store, case_id)
    if case is None:
        raise KeyError(case_id)
    draft = repo.current_draft(store, case_id)
    versions = repo.draft_versions(store, case_id)
    finding = queries.finding(store, case_id)
    rnd = rounds.get_round(store, case.round_id) if case.round_id else None
    ctx: dict = dict(case=case, draft=draft, versions=versions, files=queries.case_files(store, case_id),
                     notes=repo.notes(store, case_id), signoff=reviewing.current_signoff(store, case_id),
                     history=reviewing.signoffs(store, case_id), finding=finding, round=rnd,
                     days_left=rnd.days_left(today(request)) if rnd else None,
                     duplicates=marks.duplicates(store, case_id), people=queries.users_by_role(store))
    ctx["decided"] = case.status == "decided"
    audit = queries.audit(store, case_id)
    decisions = repo.claim_decisions(store, case_id)
    deciders = {d.decided_by for d in decisions.values()} | ({finding.decided_by} if finding else set()) \
        | ({case.submitted_by} if case.submitted_by else set())
    ctx["can_decide"] = (me.can_decide and case.status in ("drafted", "in_review") and draft is not None
                         and case.assignee in (None, me.username) and case.checker != me.username)
    ctx["can_check"] = (me.can_check and case.status == "submitted" and me.username not in deciders
                        and case.checker in (None, me.username))
    ctx["can_take"] = me.can_decide and case.assignee is None and case.status in ("drafted", "in_review")
    ctx["can_take_check"] = (me.can_check and case.checker is None and case.status != "decided"
                             and me.username not in deciders)
    ctx["deciders"] = deciders
    ctx["audit_rows"] = [audit_row(a, {}) for a in audit]
    if draft is None:
        return ctx
    old = {v.version: json.loads(v.review_json) for v in versions if v.version != case.current_version}
    ledger_yuan = repo.ledger_for_case(store, case_id, ledger_key(store, draft["applicant"]))
    ev = evaluate(draft, decisions, finding, ledger_yuan=ledger_yuan, policy=policy(), versions=old)
    ctx["ev"] = ev
    ctx["latest"] = versions[-1] if versions else None
    ctx["latest_diff"] = json.loads(versions[-1].diff) if versions and versions[-1].diff else []
    labels = {v.key: f"第 {v.index} 项 {v.claim['item']}" for v in ev.claims}
    ctx["claim_labels"] = labels
    ctx["audit_rows"] = [audit_row(a, labels) for a in audit]
    ctx["next_open"] = next((v.index for v in ev.claims if v.decision is None), None)
    return ctx


def _page(request: Request, case_id: str, *, status: int = 200, done: str = "", error: str = "", error_at: str = "",
          form: dict | None = None, changes: list | None = None):
    ctx = case_context(request, case_id)
    rows = [audit_row(c, ctx.get("claim_labels", {})) for c in changes or []]
    return render(request, "case.html.j2", http_status=status, done=done, error=error, error_at=error_at,
                  form={k: v for k, v in (form or {}).items() if k in FORM_FIELDS}, changes=rows, **ctx)


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, done: str = "", resume: str = ""):
    sess = require_session(request)
    store, settings = store_of(request), settings_of(request)
    case = repo.get_case(store, case_id)
    if case is None:
        return error_page(request, 404, "未找到", "没有这个案件")
    if case.status == "drafted" and sess.user.can_decide and case.assignee in (None, sess.user.username):
        repo.start_review(store, case_id, sess.user.username)
    saved = None
    if resume:
        from pipeline.store import accounts

        saved = accounts.take_resume_form(store, request.cookies.get(settings.resume_cookie))
    if saved and saved[0].startswith(f"/cases/{case_id}/"):
        path, data = saved
        resp = _page(request, case_id, done=DONE_ZH["resumed"], error_at=anchor_for(path, data), form=data)
    else:
        resp = _page(request, case_id, done=DONE_ZH.get(done, ""))
    if resume:
        resp.delete_cookie(settings.resume_cookie, path="/")
    return resp


def anchor_for(path: str, form) -> str:
    """Where on the case page a form sits (for the error box and the return after a login)."""
    action = path.rstrip("/").rsplit("/", 1)[-1]
    index = str(form.get("index") or "")
    if action == "decision":
        return f"claim-{index}"
    if action == "check":
        return "eligibility" if form.get("target") == reviewing.ELIGIBILITY else f"claim-{index}"
    return {"eligibility": "eligibility", "notes": "notes", "submit": "submitbox", "return": "checkbox",
            "signoff": "signoff", "assign": "people", "reopen": "signoff"}.get(action, "")


async def _act(request: Request, case_id: str, action: str, work, done: str):
    """The frame of every form on the case page: session, CSRF, the page's revision, the store call in a
    worker thread, and the answer — the page again with the error beside the form, or a redirect."""
    sess = require_session(request)
    form = await check_csrf(request, sess)
    at = anchor_for(f"/cases/{case_id}/{action}", form)
    data = {k: str(v) for k, v in form.items() if k in FORM_FIELDS}
    try:
        rev = int(str(form.get("rev") or ""))
    except ValueError:
        return _page(request, case_id, status=409, error="表单缺少页面版本（页面过旧），请刷新后重新操作", error_at=at,
                     form=data)
    try:
        await run_in_threadpool(work, sess.user.username, form, rev)
    except StaleError as exc:
        return _page(request, case_id, status=409, error=str(exc), error_at=at, form=data, changes=exc.changes)
    except NotAllowed as exc:
        return _page(request, case_id, status=403, error=str(exc), error_at=at, form=data)
    except (DecisionError, CaseStateError) as exc:
        return _page(request, case_id, status=400, error=str(exc), error_at=at, form=data)
    except KeyError:
        return error_page(request, 404, "未找到", "没有这个案件或申报项目")
    return RedirectResponse(f"/cases/{case_id}?done={done}#{at}", status_code=303)


def _claim(store, case_id: str, key: str) -> tuple[dict, dict]:
    draft = repo.current_draft(store, case_id)
    if draft is None:
        raise DecisionError("本案件尚无预审稿")
    claims = dict(zip(claim_keys(draft["claims"]), draft["claims"]))
    if key not in claims:
        raise DecisionError("预审稿中没有这个申报项目")
    return draft, claims[key]


@router.post("/cases/{case_id}/decision")
async def claim_decision(request: Request, case_id: str):
    store = store_of(request)

    def work(me, form, rev):
        key = str(form.get("claim_key") or "")
        draft, claim = _claim(store, case_id, key)
        decision = str(form.get("decision") or "")
        reason = str(form.get("reason") or "").strip()
        amount = parse_amount(str(form.get("amount") or "")) if decision == "adjust" else None
        amount = check_decision(claim, decision, amount, reason, policy(), date.fromisoformat(str(draft["as_of"])))
        reviewing.decide_claim(store, case_id, key, decision, reviewer=me, amount_yuan=amount,
                               reason=reason or None, seen_rev=rev)

    return await _act(request, case_id, "decision", work, "decision")


@router.post("/cases/{case_id}/eligibility")
async def eligibility(request: Request, case_id: str):
    store = store_of(request)

    def work(me, form, rev):
        status = str(form.get("status") or "")
        if status not in ("eligible", "ineligible"):
            raise DecisionError("请选择“符合申报条件”或“不符合申报条件”")
        reviewing.decide_eligibility(store, case_id, status, str(form.get("reason") or ""), reviewer=me,
                                     seen_rev=rev)

    return await _act(request, case_id, "eligibility", work, "eligibility")


@router.post("/cases/{case_id}/notes")
async def note(request: Request, case_id: str):
    store = store_of(request)

    def work(me, form, rev):
        text = str(form.get("text") or "").strip()
        if not text:
            raise DecisionError("备注不能为空")
        if len(text) > 4000:
            raise DecisionError("备注最长 4000 字")
        key = str(form.get("claim_key") or "") or None
        repo.add_note(store, case_id, text, author=me, claim_key=key)

    return await _act(request, case_id, "notes", work, "note")


@router.post("/cases/{case_id}/submit")
async def submit(request: Request, case_id: str):
    store = store_of(request)
    return await _act(request, case_id, "submit",
                      lambda me, form, rev: reviewing.submit(store, case_id, reviewer=me, seen_rev=rev), "submit")


@router.post("/cases/{case_id}/check")
async def check(request: Request, case_id: str):
    store = store_of(request)

    def work(me, form, rev):
        verdict = str(form.get("verdict") or "")
        if verdict not in ("confirm", "return"):
            raise DecisionError("请选择“确认”或“退回”")
        reviewing.check(store, case_id, str(form.get("target") or ""), verdict, str(form.get("reason") or ""),
                        checker=me, seen_rev=rev)

    return await _act(request, case_id, "check", work, "check")


@router.post("/cases/{case_id}/return")
async def return_case(request: Request, case_id: str):
    store = store_of(request)
    return await _act(request, case_id, "return", lambda me, form, rev: reviewing.return_case(
        store, case_id, checker=me, note=str(form.get("note") or ""), seen_rev=rev), "return")


@router.post("/cases/{case_id}/signoff")
async def signoff(request: Request, case_id: str):
    store = store_of(request)

    def work(me, form, rev):
        ctx = case_context(request, case_id)
        ev, draft = ctx.get("ev"), ctx["draft"]
        if ev is None:
            raise DecisionError("本案件尚无预审稿")
        if not ctx["can_check"]:  # who may sign comes before what is missing
            user = request.state.session_info.user
            if not user.can_check:
                raise NotAllowed("管理员不能签署" if user.is_admin else "您的角色不能复核或签署")
            if me in ctx["deciders"]:
                raise NotAllowed("您参与了本案件的初审决定，不能复核或签署本案件（须由另一名复核人员办理）")
            if ctx["case"].status != "submitted":
                raise CaseStateError("本案件尚未提交复核" if not ctx["decided"] else "本案件已签署办结")
            raise NotAllowed(f"本案件由 {ctx['case'].checker} 复核：您可以查看，但不能复核或签署")
        if not ev.can_sign:
            raise DecisionError("尚不能签署：" + "；".join(ev.open_items + ev.unconfirmed))
        if not form.get("confirm"):
            raise DecisionError("请勾选“已核对原件”后再签署")
        shown = str(form.get("granted") or "")
        if shown != str(ev.granted_yuan):
            raise DecisionError(f"核定金额已变化（现为 {ev.granted_yuan:,} 元），请核对后再签署")
        opinion = str(form.get("note") or "").strip() or None
        reviewing.sign_off(store, case_id, checker=me, total_yuan=ev.granted_yuan, lines=signoff_lines(draft, ev),
                           note=opinion, seen_rev=rev)

    return await _act(request, case_id, "signoff", work, "signoff")


@router.post("/cases/{case_id}/assign")
async def assign(request: Request, case_id: str):
    store = store_of(request)

    def work(me, form, rev):
        role = "checker" if form.get("role") == "checker" else "assignee"
        who = str(form.get("username") or "").strip()
        who = me if who == "me" else (who or None)
        reviewing.assign(store, case_id, who, actor=me, role=role, seen_rev=rev)

    return await _act(request, case_id, "assign", work, "assign")


@router.post("/cases/{case_id}/reopen")
async def reopen(request: Request, case_id: str):
    store = store_of(request)
    return await _act(request, case_id, "reopen", lambda me, form, rev: reviewing.reopen(
        store, case_id, admin=me, reason=str(form.get("reason") or ""), seen_rev=rev), "reopen")
