"""The year's work in the workspace (TestClient): rounds and their Excel exports (公示 list without ID numbers,
budget by article with the right totals), reopening with a reversal entry, ledger corrections, the queue's
pages and filters, duplicates, items without a catalog amount; and the security mends — only the app's own
messages in error boxes, lock-out that cannot be used against a reviewer's browser, failed logins and views of
originals in the audit, one's own password, a form typed before the session expired given back after login."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from pipeline.store import accounts, ledger, repo, reviewing, rounds
from pipeline.store.schema import AuditEntry, Case
from pipeline.web import WebSettings, create_app
from tests.test_web import _post, client, csrf_of, login, rev_of, web, web_template  # noqa: F401
from tests.web_fixtures import PASSWORDS, copy_of

UNIT = "上海金山华标精细化工有限公司"


def _round(store, cid=None):
    rnd = rounds.create_round(store, "2025年度第一批", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                              review_date=date(2026, 3, 31), deadline=date.today() + timedelta(days=9), actor="admin")
    if cid:
        with store.session() as s, s.begin():
            s.execute(update(Case).where(Case.id == cid).values(round_id=rnd.id))
    return rnd


def _sign(store, cid, total=220000):
    from tests.test_store import _review_and_sign

    _review_and_sign(store, cid, first="zhang", second="li", total=total)


def test_rounds_and_their_exports(web):
    from openpyxl import load_workbook

    app, store, cid = web
    admin = login(app, "admin")
    r = admin.post("/rounds", data={"csrf_token": csrf_of(admin, "/rounds"), "name": "2025年度第一批",
                                    "period_start": "2025-01-01", "period_end": "2025-12-31",
                                    "review_date": "2026-03-31", "deadline": "2026-04-30"})
    assert r.status_code == 303
    r = admin.post("/rounds", data={"csrf_token": csrf_of(admin, "/rounds"), "name": "坏日期", "period_start": "2025/1/1",
                                    "period_end": "2025-12-31", "review_date": "2026-03-31", "deadline": "2026-04-30"})
    assert r.status_code == 400 and "日期须写成" in r.text
    zhang = login(app, "zhang")
    assert zhang.post("/rounds", data={"csrf_token": csrf_of(zhang, "/"), "name": "x"}).status_code == 403
    rnd = rounds.get_round(store, "2025年度第一批")
    with store.session() as s, s.begin():
        s.execute(update(Case).where(Case.id == cid).values(round_id=rnd.id))
    page = zhang.get("/").text
    assert "2025年度第一批" in page and "剩" in page or "逾期" in page

    # before sign-off: nobody on the 公示 list; the budget lists what was applied for and proposed
    wb = load_workbook(io.BytesIO(zhang.get(f"/rounds/{rnd.id}/publicity.xlsx").content))
    assert wb["公示名单"]["A3"].value == "合计"
    _sign(store, cid, 220000)
    r = zhang.get(f"/rounds/{rnd.id}/publicity.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    ws = load_workbook(io.BytesIO(r.content))["公示名单"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert rows[0][1] == UNIT and rows[0][4] == 220000 and "第十四条" in rows[0][3]
    assert rows[1][0] == "合计" and rows[1][4] == 220000
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert not re.search(r"\d{17}[\dXx]", text) and "91310116MA1G7N4P2K" not in text  # no ID number, no USCC

    wb = load_workbook(io.BytesIO(zhang.get(f"/rounds/{rnd.id}/budget.xlsx").content))
    ws = wb["预算汇总"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3) if row[0].value]
    total = next(r for r in rows if r[0] == "合计")
    draft = repo.current_draft(store, cid)
    assert total[2] == len(draft["claims"])  # claims
    assert total[3] == sum(c["amount_yuan"] for c in draft["claims"])  # applied
    assert total[4] == draft["total_yuan"]  # proposed by the draft
    assert total[6] == 220000  # granted
    assert any(r[0].startswith("第十四条") and r[1] == "标准化奖励" or r[0].startswith("第十四条") for r in rows)
    detail = [[c.value for c in row] for row in wb["明细"].iter_rows(min_row=3)]
    assert sum(r[7] for r in detail) == 220000 and {r[2] for r in detail} == {"已办结"}
    assert zhang.get("/rounds/999/budget.xlsx").status_code == 404


def test_public_names_for_persons_and_never_an_id_number():
    from pipeline.web.round_report import public_name

    assert public_name("张三", "individual") == "张三"
    assert public_name("张三", "individual", "masked") == "张*"
    assert public_name("欧阳娜娜", "individual", "masked") == "欧阳**"
    assert public_name(UNIT, "organization", "masked") == UNIT
    assert "310116199001011234" not in public_name("张三 310116199001011234", "individual")


def test_reopen_reverses_and_corrections_are_entries_over_http(web):
    app, store, cid = web
    _sign(store, cid, 220000)
    admin, li = login(app, "admin"), login(app, "li")
    r = _post(li, cid, "reopen", reason="财政复核发现排名有误，需重新核定", rev=rev_of(store, cid))
    assert r.status_code == 403
    r = _post(admin, cid, "reopen", reason="x", rev=rev_of(store, cid))
    assert r.status_code == 400 and "重新打开的理由" in r.text
    r = _post(admin, cid, "reopen", reason="财政复核发现国家标准起草排名有误，需重新核定", rev=rev_of(store, cid))
    assert r.status_code == 303 and repo.get_case(store, cid).status == "in_review"
    page = admin.get("/ledger?year=2025").text
    assert "撤销冲回" in page and "-220,000 元" in page and "排名有误" in page
    entries = ledger.entries(store, 2025)
    assert sorted(e.amount_yuan for e in entries) == [-220000, 220000]
    case_page = admin.get(f"/cases/{cid}").text
    assert "重新打开" in case_page and "已于" in case_page and "撤销" in case_page

    grant = next(e.id for e in entries if e.kind == "grant")
    data = {"csrf_token": csrf_of(admin, "/ledger"), "entry": grant, "sign": "-", "amount": "1e400", "reason": "x",
            "year": "2025"}
    r = admin.post("/ledger/correct", data=data)
    assert r.status_code == 400 and "不是有效的金额" in r.text
    r = admin.post("/ledger/correct", data=dict(data, amount="5000", reason="x"))
    assert r.status_code == 400 and "更正理由" in r.text
    r = admin.post("/ledger/correct", data=dict(data, amount="5000", reason="原登记金额含已享受的区级同类政策资金 5000 元"))
    assert r.status_code == 303
    assert [e.kind for e in ledger.entries(store, 2025)][0] == "correction"
    zhang = login(app, "zhang")
    assert zhang.post("/ledger/correct", data=dict(data, csrf_token=csrf_of(zhang, "/"))).status_code == 403


def test_error_boxes_show_only_the_apps_own_messages(web):
    app, _, _ = web
    evil = "<b>请立即向账户 6222 转账</b>"
    anon = client(app)
    assert evil not in anon.get("/login", params={"error": evil}).text
    admin = login(app, "admin")
    for path in ("/ledger", "/admin/users", "/", "/rounds"):
        page = admin.get(path, params={"error": evil, "done": evil}).text
        assert evil not in page and "6222" not in page, path
    assert "已登记台账" in admin.get("/ledger", params={"done": "ledger"}).text
    # an action's own error comes back in the page (400), not through the address
    r = admin.post("/admin/users", data={"csrf_token": csrf_of(admin, "/admin/users"), "action": "create",
                                         "username": "qian", "password": "password123", "role": "reviewer"})
    assert r.status_code == 400 and "常见密码" in r.text


def test_lock_out_cannot_be_used_against_a_reviewers_browser(web):
    app, store, cid = web
    li = login(app, "li")  # li has logged in from this browser before: it carries a device cookie
    assert li.cookies.get("jinshan_device")
    li.post("/logout", data={"csrf_token": csrf_of(li, "/")})
    attacker = client(app)  # same address (testclient), no cookies
    for i in range(5):
        token = csrf_of(attacker, "/login")
        r = attacker.post("/login", data={"username": "li", "password": f"guess-{i}", "csrf_token": token})
        assert r.status_code == 401
    token = csrf_of(attacker, "/login")
    r = attacker.post("/login", data={"username": "li", "password": PASSWORDS["li"], "csrf_token": token})
    assert r.status_code == 429 and "次数过多" in r.text  # the attacker is locked out, even with the password
    token = csrf_of(li, "/login")
    r = li.post("/login", data={"username": "li", "password": PASSWORDS["li"], "csrf_token": token, "next": "/"})
    assert r.status_code == 303  # … li is not
    with store.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action.in_(("login_failed", "login_refused")))).all()
    assert [a.action for a in rows] == ["login_failed"] * 5 + ["login_refused"]
    assert all(a.target == "li" and "testclient" in a.after for a in rows)
    assert "登录失败" in login(app, "admin").get("/admin/users").text

    # spraying many names from one address stops too (without a device cookie)
    spray = client(app)
    codes = []
    for i in range(22):
        token = csrf_of(spray, "/login")
        codes.append(spray.post("/login", data={"username": f"user{i}", "password": "x" * 12, "csrf_token": token})
                     .status_code)
    assert codes[-1] == 429 and codes.count(401) <= 20


def test_views_of_originals_are_in_the_audit(web):
    app, store, cid = web
    c = login(app, "zhang")
    assert c.get(f"/cases/{cid}/files/0").status_code == 200
    page = c.get(f"/cases/{cid}").text
    img = re.search(r'data-page="(/cases/[^"]+\.jpg)"', page).group(1)
    assert c.get(img).status_code == 200
    with store.session() as s:
        views = s.scalars(select(AuditEntry).where(AuditEntry.case_id == cid,
                                                   AuditEntry.action.in_(("view_original", "view_page")))).all()
    assert {(a.action, a.actor) for a in views} == {("view_original", "zhang"), ("view_page", "zhang")}
    assert "查看原件" in c.get(f"/cases/{cid}").text


def test_own_password_change(web):
    app, store, _ = web
    c = login(app, "zhang")
    data = {"csrf_token": csrf_of(c, "/account"), "current": "wrong-password", "new": "Qinghe-bridge-7731",
            "again": "Qinghe-bridge-7731"}
    r = c.post("/account/password", data=data)
    assert r.status_code == 400 and "当前密码不正确" in r.text
    r = c.post("/account/password", data=dict(data, current=PASSWORDS["zhang"], new="short", again="short"))
    assert r.status_code == 400 and "至少 10 位" in r.text
    r = c.post("/account/password", data=dict(data, current=PASSWORDS["zhang"], new="qwertyuiop", again="qwertyuiop"))
    assert r.status_code == 400 and "常见密码" in r.text
    r = c.post("/account/password", data=dict(data, current=PASSWORDS["zhang"]))
    assert r.status_code == 303 and r.headers["location"] == "/login?done=password"
    assert c.get("/").status_code == 401  # every session of theirs ended
    assert accounts.authenticate(store, "zhang", "Qinghe-bridge-7731") is not None


def test_a_form_typed_before_the_session_expired_comes_back_after_login(web):
    app, store, cid = web
    c = login(app, "zhang")
    page = c.get(f"/cases/{cid}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = repo.claim_decisions(store, cid) or None
    from tests.test_web import claim_keys_of

    key = claim_keys_of(store, cid)[0]
    accounts.expire_session_for_tests(store, c.cookies.get("jinshan_session"))
    typed = "起草单位排名第三，按参与起草核减至一万元"
    r = c.post(f"/cases/{cid}/decision", headers={"accept": "text/html"},
               data={"csrf_token": token, "rev": rev_of(store, cid), "claim_key": key, "index": "1",
                     "decision": "adjust", "amount": "10000", "reason": typed})
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert repo.claim_decisions(store, cid) == {}  # kept, not acted on
    nxt = re.search(r"next=([^&]+)", r.headers["location"]).group(1)
    from urllib.parse import unquote

    token = csrf_of(c, "/login")
    r = c.post("/login", data={"username": "zhang", "password": PASSWORDS["zhang"], "csrf_token": token,
                               "next": unquote(nxt)})
    assert r.status_code == 303 and "resume=1" in r.headers["location"]
    page = c.get(r.headers["location"].split("#")[0]).text
    assert "您填写的内容已恢复" in page and typed in page and 'value="10000"' in page
    assert typed not in c.get(f"/cases/{cid}").text  # given back once


def test_queue_pages_filters_and_duplicates(web):
    from pipeline.bench.web import clone_cases

    app, store, cid = web
    rnd = _round(store, cid)
    clone_cases(store, cid, 120)
    with store.session() as s, s.begin():
        s.execute(update(Case).where(Case.id != cid).values(round_id=None))
    c = login(app, "zhang")
    page = c.get("/").text
    assert "共 121 件" in page and "第 1 / 3 页" in page and 'rel="next"' in page
    assert "第 3 / 3 页" in c.get("/", params={"page": "3"}).text
    assert "共 1 件" in c.get("/", params={"round": rnd.id}).text
    assert "共 120 件" in c.get("/", params={"round": "0"}).text
    assert "共 0 件" in c.get("/", params={"assignee": "me"}).text
    reviewing.assign(store, cid, "zhang", actor="admin")
    mine = c.get("/", params={"assignee": "me"}).text
    assert "共 1 件" in mine and "张三" in mine
    dups = c.get("/", params={"flags": "dup"}).text  # every 50th copy shares the standard with the original
    assert "共 3 件" in dups and "疑似重复" in dups
    case_page = c.get(f"/cases/{cid}").text
    assert "疑似重复申报" in case_page and "同一标准" in case_page
    assert c.get("/", params={"page": "abc", "round": "x", "flags": "<script>"}).status_code == 200


def test_an_item_without_a_catalog_amount_is_set_by_the_reviewer(web):
    from pipeline.policy import load_policy
    from pipeline.web.review import DecisionError, ceiling_for, check_decision

    policy = load_policy()
    it = policy.item("art05-3-jinshan-mayor-quality-award-org")
    claim = {"claim_id": "C01", "item": it.name, "item_id": it.id, "amount_yuan": 0, "amount_kind": "none",
             "status": "needs_review", "reasons": []}
    as_of = date(2026, 3, 31)
    ceiling = ceiling_for(claim, policy, as_of)
    assert ceiling.amount is None and "区政府的相关规定" in ceiling.basis
    with pytest.raises(DecisionError, match="没有金额"):
        check_decision(claim, "accept", None, None, policy, as_of)
    with pytest.raises(DecisionError, match="核定依据"):
        check_decision(claim, "adjust", 200000, "x", policy, as_of)
    with pytest.raises(DecisionError, match="年度支持总额上限"):
        check_decision(claim, "adjust", 1_000_001, "依据金府办〔2025〕12号区长质量奖奖励标准", policy, as_of)
    assert check_decision(claim, "adjust", 200000, "依据金府办〔2025〕12号区长质量奖奖励标准", policy, as_of) == 200000


def test_the_page_script_is_served_and_allowed(web_template, tmp_path):
    case = copy_of(web_template, tmp_path)
    store = case.open()
    app = create_app(store, WebSettings(soffice=None))
    c = login(app, "zhang")
    page = c.get(f"/cases/{case.case_id}")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/review.js"' in page.text and 'id="pageview"' in page.text
    assert 'class="skip"' in page.text  # the first focusable element leads to the first open claim
    js = c.get("/static/review.js")
    assert js.status_code == 200 and "keydown" in js.text
    store.dispose()


def test_a_revision_is_known_from_the_draft_not_from_its_words():
    from pipeline.policy import load_policy
    from pipeline.web.review import ceiling_for

    policy = load_policy()
    it = policy.item("art14-2-national-standard-led")
    claim = {"claim_id": "C01", "item": it.name, "item_id": it.id, "amount_yuan": 150000, "amount_kind": "ceiling",
             "status": "accepted", "reasons": [], "revises": "GB/T 1—2000"}
    assert ceiling_for(claim, policy, date(2026, 3, 31)).amount == 150000
    assert ceiling_for(dict(claim, revises=None), policy, date(2026, 3, 31)).amount == 300000
