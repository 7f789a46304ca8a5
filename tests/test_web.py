"""The web workspace through FastAPI's TestClient: nothing without a login, expired and foreign sessions refused,
forged CSRF tokens refused, decisions within the catalog's ceilings, sign-off into the ledger, read-only
decided cases, the audit trail, the export, and the rules that turn decisions into the granted total."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.store import accounts, repo
from pipeline.store.schema import AuditEntry, LedgerEntry
from pipeline.web import WebSettings, create_app
from tests.web_fixtures import PASSWORDS, build_template, copy_of

BASE = "http://testserver"


@pytest.fixture(scope="session")
def web_template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("web-template"))


@pytest.fixture
def web(web_template, tmp_path):
    case = copy_of(web_template, tmp_path)
    store = case.open()
    app = create_app(store, WebSettings(secure_cookies=False, soffice=None, login_delay_s=0))
    yield app, store, case.case_id
    store.dispose()


def client(app) -> TestClient:
    return TestClient(app, base_url=BASE, follow_redirects=False)


def login(app, user="zhang") -> TestClient:
    c = client(app)
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/login", data={"username": user, "password": PASSWORDS[user], "csrf_token": token, "next": "/"})
    assert r.status_code == 303, r.text
    return c


def csrf_of(c: TestClient, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def claim_keys_of(store, case_id):
    from pipeline.store.diff import claim_keys

    return claim_keys(repo.current_draft(store, case_id)["claims"])


def version_of(store, case_id) -> int:
    return repo.get_case(store, case_id).current_version


def rev_of(store, case_id) -> int:
    return repo.get_case(store, case_id).revision


# ---------------------------------------------------------------- nothing without a login

def test_no_page_or_file_without_a_session(web):
    app, store, cid = web
    c = client(app)
    html = {"accept": "text/html"}
    for path in ["/", f"/cases/{cid}", "/ledger", "/admin/users", f"/cases/{cid}/v1/page/a0"]:
        r = c.get(path, headers=html)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
    for path in [f"/cases/{cid}/v1/ev/c0-0.jpg", f"/cases/{cid}/v1/page/c0-0.jpg", f"/cases/{cid}/files/0",
                 f"/cases/{cid}/export.docx", f"/cases/{cid}/export.pdf", f"/cases/{cid}"]:
        r = c.get(path)
        assert r.status_code == 401, path
        assert "华标" not in r.text and not r.content.startswith((b"\xff\xd8", b"%PDF", b"PK"))
    for path in [f"/cases/{cid}/decision", f"/cases/{cid}/signoff", f"/cases/{cid}/notes", "/ledger", "/logout"]:
        assert c.post(path, data={"csrf_token": "x"}).status_code == 401, path
    assert repo.claim_decisions(store, cid) == {}


def test_login_sets_a_strict_httponly_cookie_and_evidence_is_served_after(web):
    app, store, cid = web
    c = client(app)
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    bad = c.post("/login", data={"username": "zhang", "password": "wrong-password", "csrf_token": token})
    assert bad.status_code == 401 and "用户名或密码不正确" in bad.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', bad.text).group(1)
    r = c.post("/login", data={"username": "zhang", "password": PASSWORDS["zhang"], "csrf_token": token,
                               "next": f"/cases/{cid}"})
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{cid}"
    cookie = r.headers["set-cookie"]
    assert "jinshan_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    page = c.get(f"/cases/{cid}")
    assert page.status_code == 200 and "上海金山华标精细化工有限公司" in page.text
    assert page.headers["cache-control"] == "no-store" and "frame-ancestors 'none'" in page.headers["content-security-policy"]
    img = re.search(r'src="(/cases/[^"]+\.jpg)"', page.text).group(1)
    got = c.get(img)
    assert got.status_code == 200 and got.content[:2] == b"\xff\xd8"
    whole = c.get(img.replace("/ev/", "/page/"))
    assert whole.status_code == 200 and whole.content[:2] == b"\xff\xd8"
    orig = c.get(f"/cases/{cid}/files/0")
    assert orig.status_code == 200 and orig.content.startswith(b"%PDF") and "attachment" in orig.headers["content-disposition"]


def test_login_needs_its_csrf_token_and_redirects_only_on_site(web):
    app, _, _ = web
    c = client(app)
    c.get("/login")
    r = c.post("/login", data={"username": "zhang", "password": PASSWORDS["zhang"], "csrf_token": "forged"})
    assert r.status_code == 403 and "jinshan_session" not in r.headers.get("set-cookie", "")
    token = csrf_of(c, "/login")
    r = c.post("/login", data={"username": "zhang", "password": PASSWORDS["zhang"], "csrf_token": token,
                               "next": "//evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_repeated_failures_lock_the_name_for_a_while(web):
    app, _, _ = web
    c = client(app)
    for _ in range(5):
        token = csrf_of(c, "/login")
        c.post("/login", data={"username": "li", "password": "not-the-password", "csrf_token": token})
    token = csrf_of(c, "/login")
    r = c.post("/login", data={"username": "li", "password": PASSWORDS["li"], "csrf_token": token})
    assert r.status_code == 429 and "次数过多" in r.text


# ---------------------------------------------------------------- sessions expire and are personal

def test_another_users_expired_session_is_refused(web):
    app, store, cid = web
    li = login(app, "li")
    token = li.cookies.get("jinshan_session")
    assert li.get(f"/cases/{cid}").status_code == 200
    accounts.expire_session_for_tests(store, token)
    other = client(app)  # someone else's browser with li's (expired) cookie
    other.cookies.set("jinshan_session", token)
    r = other.get(f"/cases/{cid}")
    assert r.status_code == 401 and "华标" not in r.text
    assert other.get(f"/cases/{cid}", headers={"accept": "text/html"}).headers["location"].startswith("/login")
    key = claim_keys_of(store, cid)[0]
    r = other.post(f"/cases/{cid}/decision", data={"csrf_token": "x", "claim_key": key, "decision": "accept"})
    assert r.status_code == 401
    assert accounts.get_session(store, token, idle=timedelta(hours=1)) is None  # deleted, not only refused
    assert li.get(f"/cases/{cid}").status_code == 401  # the owner too
    assert repo.claim_decisions(store, cid) == {}


def test_idle_sessions_end(web_template, tmp_path):
    case = copy_of(web_template, tmp_path)
    store = case.open()
    app = create_app(store, WebSettings(session_idle=timedelta(seconds=0), soffice=None))
    c = client(app)
    token = csrf_of(c, "/login")
    c.post("/login", data={"username": "zhang", "password": PASSWORDS["zhang"], "csrf_token": token})
    assert c.get("/").status_code == 401
    store.dispose()


def test_logout_password_change_and_disabling_end_sessions(web):
    app, store, cid = web
    c = login(app, "zhang")
    r = c.post("/logout", data={"csrf_token": csrf_of(c, "/")})
    assert r.status_code == 303
    assert c.get("/").status_code == 401
    c = login(app, "zhang")
    accounts.set_password(store, "zhang", "a-new-password-2026")
    assert c.get("/").status_code == 401
    d = login(app, "li")
    accounts.set_active(store, "li", False)
    assert d.get("/").status_code == 401


# ---------------------------------------------------------------- CSRF

def test_forged_or_missing_csrf_tokens_are_refused(web):
    app, store, cid = web
    zhang, li = login(app, "zhang"), login(app, "li")
    key = claim_keys_of(store, cid)[0]
    v = rev_of(store, cid)
    form = {"claim_key": key, "decision": "reject", "reason": "测试", "rev": v, "index": 1}
    for token in (None, "", "forged-token", csrf_of(li, "/")):  # li's token is not zhang's
        data = dict(form) if token is None else dict(form, csrf_token=token)
        r = zhang.post(f"/cases/{cid}/decision", data=data)
        assert r.status_code == 403, token
        assert "CSRF" in r.text
    good = csrf_of(zhang, "/")
    r = zhang.post(f"/cases/{cid}/decision", data=dict(form, csrf_token=good),
                   headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    for path, data in [(f"/cases/{cid}/signoff", {"confirm": "1"}), (f"/cases/{cid}/notes", {"text": "x"}),
                       (f"/cases/{cid}/eligibility", {"status": "eligible", "reason": "x"}), ("/logout", {})]:
        assert zhang.post(path, data=dict(data, csrf_token="forged", rev=v)).status_code == 403, path
    admin = login(app, "admin")
    assert admin.post("/admin/users", data={"action": "create", "username": "evil", "password": "x" * 12,
                                            "role": "admin", "csrf_token": "forged"}).status_code == 403
    assert accounts.get_user(store, "evil") is None
    assert repo.claim_decisions(store, cid) == {} and repo.notes(store, cid) == []
    assert repo.get_case(store, cid).status != "decided"


def test_administrators_only_pages(web):
    app, _, _ = web
    zhang = login(app, "zhang")
    assert zhang.get("/admin/users").status_code == 403
    r = zhang.post("/ledger", data={"csrf_token": csrf_of(zhang, "/"), "uscc": "X", "year": "2025", "amount": "1"})
    assert r.status_code == 403
    assert login(app, "admin").get("/admin/users").status_code == 200


# ---------------------------------------------------------------- decisions, sign-off, ledger, audit

def _post(c, cid, what, **data):
    data.setdefault("csrf_token", csrf_of(c, f"/cases/{cid}"))
    return c.post(f"/cases/{cid}/{what}", data=data)


def test_decisions_within_ceiling_four_eyes_sign_off_into_ledger_and_read_only(web):
    app, store, cid = web
    c = login(app, "zhang")
    v = lambda: rev_of(store, cid)  # noqa: E731  (the page's revision: every form carries it)
    draft = repo.current_draft(store, cid)
    keys = claim_keys_of(store, cid)
    national = next(i for i, cl in enumerate(draft["claims"]) if cl["item"] == "主导制订国家标准")
    local = 1 - national

    # above the catalog's ceiling (最高 300,000 for 主导制订国家标准) → refused with the reason
    r = _post(c, cid, "decision", claim_key=keys[national], decision="adjust", amount="300001", reason="核减", rev=v())
    assert r.status_code == 400 and "超过本项上限 300,000 元" in r.text
    r = _post(c, cid, "decision", claim_key=keys[local], decision="adjust", amount="20001", reason="x", rev=v())
    assert r.status_code == 400 and "超过本项上限 20,000 元" in r.text
    r = _post(c, cid, "decision", claim_key=keys[national], decision="reject", reason="", rev=v())
    assert r.status_code == 400 and "须填写理由" in r.text
    for bad in ("inf", "nan", "1e400", "-5", "12.5"):
        r = _post(c, cid, "decision", claim_key=keys[national], decision="adjust", amount=bad, reason="核减", rev=v())
        assert r.status_code == 400 and "金额" in r.text, bad
    r = _post(c, cid, "decision", claim_key=keys[national], decision="adjust", amount="20万", reason="起草贡献有限，酌情核减",
              rev=v())
    assert r.status_code == 303
    r = _post(c, cid, "decision", claim_key=keys[local], decision="accept", rev=v())
    assert r.status_code == 303
    decided = repo.claim_decisions(store, cid)
    assert decided[keys[national]].amount_yuan == 200000 and decided[keys[national]].decided_by == "zhang"

    # eligibility was left to the reviewer (no business licence in this packet): submission waits for it
    page = c.get(f"/cases/{cid}").text
    assert "提交复核前须完成" in page and "请作出资格认定" in page
    r = _post(c, cid, "submit", rev=v())
    assert r.status_code == 400 and "尚不能提交复核" in r.text
    r = _post(c, cid, "eligibility", status="eligible", reason="x", rev=v())
    assert r.status_code == 400 and "须写明依据" in r.text
    r = _post(c, cid, "eligibility", status="eligible", reason="已核对营业执照原件，住所在金山区", rev=v())
    assert r.status_code == 303
    r = _post(c, cid, "notes", text="已电话核实起草单位排名", rev=v())
    assert r.status_code == 303
    page = c.get(f"/cases/{cid}").text
    assert "220,000 元" in page and "贰拾贰万元整" in page
    assert _post(c, cid, "submit", rev=v()).status_code == 303
    assert repo.get_case(store, cid).status == "submitted"

    # the one who decided cannot confirm or sign; an administrator cannot either
    r = _post(c, cid, "signoff", confirm="1", granted="220000", rev=v())
    assert r.status_code == 403 and repo.get_case(store, cid).status == "submitted"
    admin = login(app, "admin")
    r = _post(admin, cid, "check", target="eligibility", verdict="confirm", rev=v())
    assert r.status_code == 403 and "管理员不能" in r.text
    page = c.get(f"/cases/{cid}").text
    assert "不能复核或签署本案件" in page and 'action="/cases/' + cid + '/signoff"' not in page

    li = login(app, "li")
    for i, key in enumerate(keys, start=1):
        assert _post(li, cid, "check", target=key, verdict="confirm", index=i, rev=v()).status_code == 303
    r = _post(li, cid, "signoff", confirm="1", granted="220000", rev=v())
    assert r.status_code == 400 and "申报资格认定尚未确认" in r.text
    assert _post(li, cid, "check", target="eligibility", verdict="confirm", rev=v()).status_code == 303
    r = _post(li, cid, "signoff", granted="220000", rev=v())
    assert r.status_code == 400 and "已核对原件" in r.text
    r = _post(li, cid, "signoff", confirm="1", granted="999", rev=v())
    assert r.status_code == 400 and "核定金额已变化" in r.text
    r = _post(li, cid, "signoff", confirm="1", granted="220000", note="同意支持", rev=v())
    assert r.status_code == 303

    case = repo.get_case(store, cid)
    assert case.status == "decided"
    with store.session() as s:
        rows = s.scalars(select(LedgerEntry).where(LedgerEntry.case_id == cid)).all()
        assert [(r.uscc, r.year, r.amount_yuan, r.author) for r in rows] == [("91310116MA1G7N4P2K", 2025, 220000, "li")]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.case_id == cid).order_by(AuditEntry.id)).all()
    actions = [a.action for a in audit]
    assert actions.count("claim_decision") == 2 and "eligibility_override" in actions and "note" in actions
    assert actions[-1] == "sign_off" and audit[-1].actor == "li" and "submit" in actions
    adj = next(a for a in audit if a.action == "claim_decision" and a.target == keys[national])
    assert json.loads(adj.after) == {"decision": "adjust", "amount_yuan": 200000, "reason": "起草贡献有限，酌情核减"}

    ledger = c.get("/ledger?year=2025").text
    assert "220,000 元" in ledger and "91310116MA1G7N4P2K" in ledger
    page = c.get(f"/cases/{cid}").text
    assert "签署办结" in page and "九、操作记录" in page and "起草贡献有限，酌情核减" in page and "张三" in page
    assert 'action="/cases/' + cid + '/decision"' not in page  # read-only: no forms

    # decided cases refuse every change
    r = _post(c, cid, "decision", claim_key=keys[national], decision="reject", reason="改主意", rev=v(),
              csrf_token=csrf_of(c, "/"))
    assert r.status_code == 400 and "已签署办结" in r.text
    assert repo.claim_decisions(store, cid)[keys[national]].decision == "adjust"

    # the signed-off form carries both names and dates
    from docx import Document

    r = c.get(f"/cases/{cid}/export.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "220,000" in text and "人民币贰拾贰万元整" in text and "核定 200,000 元" in text
    assert "张三（初审" in text and "李四（复核" in text
    assert c.get(f"/cases/{cid}/export.pdf").status_code == 404  # soffice=None in these tests


def test_queue_filters_and_search(web):
    app, store, cid = web
    c = login(app, "zhang")
    page = c.get("/").text
    assert "上海金山华标精细化工有限公司" in page and "91310116MA1G7N4P2K" in page
    assert "华标" in c.get("/", params={"q": "91310116ma1g7"}).text
    assert "华标" in c.get("/", params={"q": "华标"}).text
    assert "没有符合条件的案件" in c.get("/", params={"q": "不存在的公司"}).text
    assert "没有符合条件的案件" in c.get("/", params={"status": "decided"}).text
    assert "华标" in c.get("/", params={"flagged": "1"}).text  # eligibility left to the reviewer


def test_a_stale_form_is_refused_after_a_new_draft_version(web):
    app, store, cid = web
    c = login(app, "zhang")
    keys = claim_keys_of(store, cid)
    r = _post(c, cid, "decision", claim_key=keys[0], decision="accept", rev=rev_of(store, cid) - 1)
    assert r.status_code == 409 and "已有变化" in r.text
    r = _post(c, cid, "decision", claim_key=keys[0], decision="accept")
    assert r.status_code == 409 and "页面过旧" in r.text


# ---------------------------------------------------------------- the rules, without the web

def test_evaluate_reapplies_the_caps_to_the_decisions():
    from types import SimpleNamespace

    from pipeline.policy import load_policy
    from pipeline.web.review import ceiling_for, check_decision, DecisionError, evaluate, parse_amount

    policy = load_policy()

    def claim(i, item_id, item, amount, status="accepted", reasons=()):
        it = policy.item(item_id)
        return {"claim_id": f"C{i:02d}", "article": it.article, "clause": it.clause, "item": item,
                "amount_yuan": amount, "amount_kind": it.amount_kind, "status": status, "reasons": list(reasons),
                "item_id": item_id, "citation": {"label": it.citation.label}}

    draft = {"as_of": "2026-03-31", "eligibility": {"status": "eligible"}, "caps": [],
             "claims": [claim(1, "art05-2-shanghai-mayor-quality-award-org", "上海市市长质量奖（组织）", 800000),
                        claim(2, "art11-shanghai-brand-first-certification", "首次通过“上海品牌”认证", 300000)]}
    ev = evaluate(draft, {}, None, ledger_yuan=0, policy=policy)
    assert ev.granted_yuan == 1_000_000 and [c.rule for c in ev.caps] == ["annual_cap"]
    ev = evaluate(draft, {}, None, ledger_yuan=400_000, policy=policy)
    assert ev.granted_yuan == 600_000
    keys = [v.key for v in ev.claims]
    lowered = {keys[0]: SimpleNamespace(decision="adjust", amount_yuan=500000, reason="核减", draft_version=1)}
    ev = evaluate(draft, lowered, None, ledger_yuan=0, policy=policy)
    assert ev.granted_yuan == 800_000 and ev.caps == []
    rejected = {keys[1]: SimpleNamespace(decision="reject", amount_yuan=None, reason="重复", draft_version=1)}
    assert evaluate(draft, rejected, None, ledger_yuan=0, policy=policy).granted_yuan == 800_000
    inelig = SimpleNamespace(status="ineligible", reason="失信")
    assert evaluate(draft, {}, inelig, ledger_yuan=0, policy=policy).granted_yuan == 0

    # a revision of a standard: half the drafting ceiling
    rev = claim(3, "art14-2-national-standard-led", "主导制订国家标准", 150000,
                reasons=["修订标准（代替 GB/T 1—2000），按制订上限 300,000 元的 50% 计 150,000 元"])
    assert ceiling_for(rev, policy, policy.in_force[0]).amount == 150000
    with pytest.raises(DecisionError):
        check_decision(rev, "adjust", 150001, "x", policy, policy.in_force[0])
    assert check_decision(rev, "adjust", 100000, "x", policy, policy.in_force[0]) == 100000
    assert parse_amount("1,000") == 1000 and parse_amount("1.5万") == 15000 and parse_amount("") is None
    with pytest.raises(DecisionError):
        parse_amount("12.5")


def test_users_command_reads_the_password_from_stdin(tmp_path, monkeypatch):
    import subprocess
    import sys

    from tests.web_fixtures import ROOT

    env = {"JINSHAN_STORE_URL": f"sqlite:///{tmp_path / 'cases.db'}", "JINSHAN_DATA_DIR": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    run = lambda *args, stdin="": subprocess.run([sys.executable, "-m", "pipeline", "users", *args], input=stdin,
                                                 capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    r = run("add", "zhao", "--role", "admin", "--display-name", "赵六", "--password-stdin", stdin="long-enough-pw\n")
    assert r.returncode == 0, r.stderr
    assert run("add", "qian", "--password-stdin", stdin="short\n").returncode == 1
    listing = run("list").stdout
    assert "zhao\t赵六\tadmin\tactive" in listing and "qian" not in listing
    from pipeline.store import open_store

    store = open_store(env["JINSHAN_STORE_URL"], tmp_path)
    assert accounts.authenticate(store, "zhao", "long-enough-pw").role == "admin"
    with store.session() as s:
        from pipeline.store.accounts import User

        assert s.scalar(select(User.password_hash).where(User.username == "zhao")).startswith("$argon2id$")
    store.dispose()


@pytest.mark.slow
def test_signed_off_form_as_pdf_through_libreoffice(web_template, tmp_path):
    import shutil as sh

    soffice = sh.which("soffice") or sh.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice not installed")
    case = copy_of(web_template, tmp_path)
    store = case.open()
    app = create_app(store, WebSettings(soffice=soffice))
    cid = case.case_id
    from tests.test_store import _review_and_sign

    _review_and_sign(store, cid, first="zhang", second="li", total=320000)
    r = login(app, "zhang").get(f"/cases/{cid}/export.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    store.dispose()


def test_a_new_draft_version_shows_its_changes_and_keeps_the_decisions(web):
    """What the nightly run does to a case under review: a new version; the reviewer's decisions stay, the page
    says what changed and which decisions were made on a claim that changed since."""
    from models.draft import ReviewDraft

    app, store, cid = web
    c = login(app, "zhang")
    keys = claim_keys_of(store, cid)
    v = version_of(store, cid)
    assert _post(c, cid, "decision", claim_key=keys[0], decision="reject", reason="证书不是本单位",
                 rev=rev_of(store, cid)).status_code == 303
    draft = repo.current_draft(store, cid)
    draft["claims"][0]["amount_yuan"] = 10000
    draft["claims"][0]["reasons"].append("修订标准（代替 DB31/T 1—2000），按制订上限 20,000 元的 50% 计 10,000 元")
    draft["total_yuan"] -= 10000
    saved = repo.save_draft(store, cid, ReviewDraft.model_validate(draft), fingerprint="f" * 64, reason="夜间重新处理")
    assert saved.created and saved.version == v + 1
    page = c.get(f"/cases/{cid}").text
    assert f"第 {v + 1} 版相对第 {v} 版的变化" in page and "金额 20,000 → 10,000 元" in page
    assert "作出决定后预审稿本项已有变化" in page
    assert repo.claim_decisions(store, cid)[keys[0]].decision == "reject"
    # the form of the page before the new version is refused, with what changed; the new page's is accepted
    old = _post(c, cid, "decision", claim_key=keys[0], decision="accept", rev=rev_of(store, cid) - 1)
    assert old.status_code == 409 and "生成预审稿" in old.text and f"第 {v + 1} 版" in old.text
    assert _post(c, cid, "decision", claim_key=keys[0], decision="accept", rev=rev_of(store, cid)).status_code == 303
