"""The reviewers' workspace driven in headless Chromium (Debian's /usr/bin/chromium through Playwright; the
browser comes from scripts/setup-system.sh, never from `playwright install`): log in, open a case, adjust a
claim, sign off, see the ledger updated, download the signed-off form. The case page is saved as a screenshot
(WEB_SCREENSHOT_DIR, default the test's folder; `docs/web-case.png` is one of these).

The case is sample p03 (three honours, annual cap), registered and processed by the store's functions."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web_fixtures import PASSWORDS, ROOT, build_template

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("JINSHAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from pipeline.web import WebSettings, create_app

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (scripts/setup-system.sh installs it)")
    pytest.importorskip("playwright")
    root = tmp_path_factory.mktemp("web-browser")
    case = build_template(root, [ROOT / "samples" / "packets" / "p03-annual-cap"])
    store = case.open()
    port = _free_port()
    app = create_app(store, WebSettings())
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", case, store
    srv.should_exit = True
    thread.join(timeout=10)
    store.dispose()


@pytest.fixture
def browser(tmp_path):
    from playwright.sync_api import sync_playwright

    profile = tmp_path / "chromium-profile"
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
        try:
            yield ctx
        finally:
            ctx.close()


def test_review_a_case_in_the_browser(server, browser, tmp_path):
    from sqlalchemy import select

    from pipeline.store import repo
    from pipeline.store.schema import LedgerEntry

    base, case, store = server
    page = browser.new_page()

    # no session: the login page, whatever was asked for
    page.goto(f"{base}/cases/{case.case_id}")
    assert "/login" in page.url
    page.fill("#username", "zhang")
    page.fill("#password", PASSWORDS["zhang"])
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{base}/cases/{case.case_id}")

    # the queue
    page.click("text=待审案件")
    page.wait_for_url(f"{base}/")
    row = page.locator("tr", has_text="上海金山拓峰智能装备股份有限公司")
    assert "1,000,000 元" in row.inner_text()
    page.fill("input[name=q]", "91310116MA1H0R8W5T")
    page.click("form.filters button[type=submit]")
    assert page.locator("tbody tr").count() == 1

    # the case page: applicant, checks, claims with evidence crops that loaded from the originals
    page.click("text=上海金山拓峰智能装备股份有限公司")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "上海金山拓峰智能装备股份有限公司"
    imgs = page.locator("figure.ev img")
    assert imgs.count() > 5
    widths = page.evaluate("Array.from(document.querySelectorAll('figure.ev img')).map(i => i.naturalWidth)")
    assert all(w > 50 for w in widths), widths
    assert "1,000,000 元" in page.locator("#granted").inner_text()

    # click a crop: the whole page with the box, beside the claims (the case page stays)
    case_url = page.url
    page.locator("figure.ev a").first.click()
    for _ in range(200):
        if page.evaluate("document.getElementById('pageview-img').naturalWidth") > 500:
            break
        time.sleep(0.05)
    assert page.url == case_url and page.locator("#pageview").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#pageview").is_visible()
    # the whole page of its own (a new tab without the script)
    whole = page.locator("figure.ev a").first.get_attribute("href")
    page.goto(base + whole)
    assert "整页" in page.locator("h1").inner_text()
    assert page.evaluate("document.querySelector('img.pageimg').naturalWidth") > 500
    page.go_back()

    # adjust the 市长质量奖 (最高 800,000) to 300,000 with a reason; above the ceiling is refused first
    card = page.locator(".card", has_text="上海市市长质量奖（组织）").last
    card.locator("input[value=adjust]").check()
    card.locator("input[name=amount]").fill("900000")
    card.locator("textarea[name=reason]").fill("获奖证书为组织奖，按本年度资金安排核减")
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "超过本项上限 800,000 元" in page.locator(".msg.err").first.inner_text()
    card = page.locator(".card", has_text="上海市市长质量奖（组织）").last
    assert card.locator("textarea[name=reason]").input_value() == "获奖证书为组织奖，按本年度资金安排核减"
    card.locator("input[value=adjust]").check()
    card.locator("input[name=amount]").fill("300,000")
    card.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "已保存项目决定" in page.locator(".msg.ok").inner_text()
    assert "900,000 元" in page.locator("#granted").inner_text()
    assert "玖拾万元整" in page.locator("#granted").inner_text()
    audit = page.locator("#audit + table").inner_text()
    assert "项目决定" in audit and "核定金额 300,000 元" in audit and "张三" in audit

    shots = Path(os.environ.get("WEB_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "web-case.png"), full_page=True)

    # the other claims accepted, eligibility confirmed, submitted; 李四 confirms and signs off
    for _ in range(page.locator(".card[data-open]").count()):  # each accept reloads the page with one fewer
        page.locator(".card[data-open]").first.focus()
        with page.expect_navigation():
            page.keyboard.press("a")
        page.wait_for_load_state("networkidle")
    assert page.locator(".card[data-open]").count() == 0
    form = page.locator("form[action$='/eligibility']")
    form.locator("input[value=eligible]").check()
    form.locator("textarea[name=reason]").fill("已核对营业执照和信用报告原件，符合第三条")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.click("text=提交复核")
    page.wait_for_load_state()
    assert "已提交复核" in page.locator(".msg.ok").inner_text()
    li = browser.new_page()  # the same browser profile: 李四's login replaces 张三's session from here on
    li.goto(f"{base}/login?next=/cases/{case.case_id}")
    li.fill("#username", "li")
    li.fill("#password", PASSWORDS["li"])
    li.click("form.login button[type=submit]")
    li.wait_for_url(f"{base}/cases/{case.case_id}")
    n = li.locator("form[data-check]").count()
    for i in range(n):
        f = li.locator("form[data-check]").nth(i)
        f.locator("input[value=confirm]").check()
        f.locator("button[type=submit]").click()
        li.wait_for_load_state()
    li.fill("#signoff ~ .signbox textarea[name=note]", "同意支持，市长质量奖按核定金额拨付")
    li.check("input[name=confirm]")
    li.click("text=复核签署")
    li.wait_for_load_state("networkidle")
    assert "已签署办结" in li.locator(".msg.ok").inner_text()
    page.goto(f"{base}/cases/{case.case_id}")
    assert page.locator("form[action$='/decision']").count() == 0  # read-only now
    page.screenshot(path=str(shots / "web-case-signed.png"), full_page=False)
    assert repo.get_case(store, case.case_id).status == "decided"

    # the signed-off 审核意见表
    with page.expect_download() as dl:
        page.click("text=下载审核意见表（Word）")
    saved = tmp_path / "form.docx"
    dl.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"

    # the ledger
    page.click("header >> text=资金台账")
    page.wait_for_load_state()
    ledger = page.locator("#ledger").inner_text()
    assert "91310116MA1H0R8W5T" in ledger and "900,000 元" in ledger and "案件签署" in ledger
    page.screenshot(path=str(shots / "web-ledger.png"), full_page=True)
    with store.session() as s:
        amounts = s.scalars(select(LedgerEntry.amount_yuan).where(LedgerEntry.case_id == case.case_id)).all()
    assert amounts == [900000]

    # logging out ends the session: the case is no longer served
    page.click("text=退出")
    page.wait_for_url(re.compile(r".*/login.*"))
    resp = page.goto(f"{base}/cases/{case.case_id}/v1/ev/c0-0.jpg")  # a browser asks for HTML: the login page
    assert "/login" in resp.url and resp.headers["content-type"].startswith("text/html")
    img = page.request.get(f"{base}/cases/{case.case_id}/v1/ev/c0-0.jpg", headers={"accept": "image/*"})
    assert img.status == 401  # with the browser's cookies, which no longer name a session


# ---------------------------------------------------------------- a round, end to end, three accounts

@pytest.fixture(scope="module")
def round_server(tmp_path_factory):
    """An empty store with three accounts (初审 张三, 复核 李四, an administrator) behind a real server."""
    import uvicorn

    from pipeline.store import accounts, open_store
    from pipeline.web import WebSettings, create_app

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (scripts/setup-system.sh installs it)")
    pytest.importorskip("playwright")
    root = tmp_path_factory.mktemp("web-round")
    url, data = f"sqlite:///{root / 'cases.db'}", root / "data"
    store = open_store(url, data)
    accounts.create_user(store, "zhang", PASSWORDS["zhang"], role="reviewer", display_name="张三")
    accounts.create_user(store, "li", PASSWORDS["li"], role="checker", display_name="李四")
    accounts.create_user(store, "admin", PASSWORDS["admin"], role="admin", display_name="王管理")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store, WebSettings(soffice=None)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root, url, data, store
    srv.should_exit = True
    thread.join(timeout=10)
    store.dispose()


def _login(page, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", user)
    page.fill("#password", PASSWORDS[user])
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_a_round_end_to_end_with_three_accounts(round_server, tmp_path):
    import io
    import subprocess
    import sys

    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright

    from pipeline.store import ledger, repo
    from tests.web_fixtures import P02, TEXT_LAYER

    base, root, url, data, store = round_server
    shots = Path(os.environ.get("WEB_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        ctx = {u: browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN", accept_downloads=True)
               for u in ("admin", "zhang", "li")}
        admin, zhang, li = (ctx[u].new_page() for u in ("admin", "zhang", "li"))

        # -- the administrator creates the round
        _login(admin, base, "admin")
        admin.click("header >> text=申报批次")
        admin.fill("input[name=name]", "2025年度质量发展专项资金（第一批）")
        admin.fill("input[name=period_start]", "2025-01-01")
        admin.fill("input[name=period_end]", "2025-12-31")
        admin.fill("input[name=review_date]", "2026-03-31")
        admin.fill("input[name=deadline]", "2099-04-30")
        admin.click("text=新建批次")
        assert "已新建申报批次" in admin.locator(".msg.ok").inner_text()

        # -- intake into the round (the operator's command: a Prefect flow)
        inbox = tmp_path / "inbox" / "p02-text"
        inbox.mkdir(parents=True)
        for name in TEXT_LAYER:
            shutil.copy(P02 / name, inbox / name)
        env = {**os.environ, "JINSHAN_STORE_URL": url, "JINSHAN_DATA_DIR": str(data),
               "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180", "PREFECT_LOGGING_LEVEL": "WARNING"}
        done = subprocess.run([sys.executable, "-m", "pipeline", "intake", str(inbox.parent), "--round",
                               "2025年度质量发展专项资金（第一批）"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        cid = repo.list_cases(store)[0].id

        # -- 初审 by 张三: the queue of the round, the page beside the claim, keys, a stale tab refused
        _login(zhang, base, "zhang")
        zhang.select_option("select[name=round]", label="2025年度质量发展专项资金（第一批）")
        zhang.click("form.filters button[type=submit]")
        row = zhang.locator("#queue tbody tr", has_text="上海金山华标精细化工有限公司")
        assert "剩" in row.inner_text() and "未分配" in row.inner_text()
        row.locator("a").first.click()
        zhang.wait_for_load_state("networkidle")
        case_url = zhang.url
        zhang.locator("figure.ev a[data-page]").first.click()
        for _ in range(200):  # (wait_for_function would need 'unsafe-eval', which the page's CSP refuses)
            if zhang.evaluate("document.getElementById('pageview-img').naturalWidth") > 300:
                break
            time.sleep(0.05)
        assert zhang.url == case_url and zhang.locator("#pageview").is_visible()  # beside, not instead
        zhang.keyboard.press("Escape")
        stale = ctx["zhang"].new_page()  # a second tab, opened now
        stale.goto(case_url)

        national = zhang.locator(".card", has_text="主导制订国家标准")
        national.focus()
        zhang.keyboard.press("d")  # 核定金额: the amount field takes the focus
        zhang.keyboard.type("200000")
        national.locator("textarea[name=reason]").fill("起草单位排名第二，按实际贡献核减")
        national.locator("button[type=submit]").click()
        zhang.wait_for_load_state("networkidle")
        assert "已保存项目决定" in zhang.locator(".msg.ok").inner_text()
        zhang.locator(".card", has_text="地方标准").focus()
        with zhang.expect_navigation():
            zhang.keyboard.press("a")  # 予以支持
        zhang.wait_for_load_state("networkidle")
        assert "已保存项目决定" in zhang.locator(".msg.ok").inner_text()

        card = stale.locator(".card", has_text="主导制订国家标准")
        card.locator("input[value=reject]").check()
        card.locator("textarea[name=reason]").fill("从旧页面提交的决定")
        card.locator("button[type=submit]").click()
        stale.wait_for_load_state()
        assert "已有变化" in stale.locator(".msg.err").first.inner_text()
        decisions = repo.claim_decisions(store, cid)
        assert sorted(d.decision for d in decisions.values()) == ["accept", "adjust"]

        form = zhang.locator("form[action$='/eligibility']")
        form.locator("input[value=eligible]").check()
        form.locator("textarea[name=reason]").fill("已核对营业执照原件，住所在金山区亭林镇")
        form.locator("button[type=submit]").click()
        zhang.wait_for_load_state()
        zhang.click("text=提交复核")
        zhang.wait_for_load_state()
        assert "已提交复核" in zhang.locator(".msg.ok").inner_text()
        # the same person cannot sign: no form, and a forged post is refused
        assert zhang.locator("form[action$='/signoff']").count() == 0
        assert "不能复核或签署本案件" in zhang.locator("#checkbox").inner_text()
        token = zhang.locator("input[name=csrf_token]").first.get_attribute("value")
        rev = zhang.locator("input[name=rev]").first.get_attribute("value")
        r = zhang.request.post(f"{case_url}/signoff", form={"csrf_token": token, "rev": rev, "confirm": "1",
                                                            "granted": "220000"})
        assert r.status == 403 and repo.get_case(store, cid).status == "submitted"

        # -- 复核 and sign-off by 李四
        _login(li, base, "li")
        li.goto(case_url)
        for i in range(1, 3):
            li.locator(f".card[data-claim='{i}']").focus()
            with li.expect_navigation():
                li.keyboard.press("c")  # 确认
            li.wait_for_load_state("networkidle")
        check = li.locator("form[data-check]", has=li.locator("input[name=target][value=eligibility]"))
        check.locator("input[value=confirm]").check()
        check.locator("button[type=submit]").click()
        li.wait_for_load_state()
        li.check("input[name=confirm]")
        li.click("text=复核签署")
        li.wait_for_load_state()
        assert "已签署办结" in li.locator(".msg.ok").inner_text()
        assert "220,000 元" in li.locator("#granted").inner_text()
        li.screenshot(path=str(shots / "web-round-signed.png"), full_page=False)

        # -- the administrator reopens it: the grant is reversed by a new entry
        admin.goto(case_url)
        admin.fill("form[action$='/reopen'] textarea[name=reason]", "财政复核：国家标准起草排名需以发布稿为准，重新核定")
        admin.click("text=重新打开案件")
        admin.wait_for_load_state()
        assert "已重新打开案件" in admin.locator(".msg.ok").inner_text()
        admin.click("header >> text=资金台账")
        text = admin.locator("#ledger").inner_text()
        assert "撤销冲回" in text and "-220,000 元" in text and "案件签署" in text

        # -- 初审 lowers the national standard, submits again; 复核 confirms and signs again
        zhang.goto(case_url)
        national = zhang.locator(".card", has_text="主导制订国家标准")
        national.locator("input[value=adjust]").check()
        national.locator("input[name=amount]").fill("150,000")
        national.locator("textarea[name=reason]").fill("按发布稿起草单位排名第三核定")
        national.locator("button[type=submit]").click()
        zhang.wait_for_load_state()
        zhang.click("text=提交复核")
        zhang.wait_for_load_state()
        li.goto(case_url)
        n = li.locator("form[data-check]").count()
        assert n == 3  # two claims and the eligibility finding: every confirmation was cleared by the reopening
        for i in range(n):
            f = li.locator("form[data-check]").nth(i)
            f.locator("input[value=confirm]").check()
            f.locator("button[type=submit]").click()
            li.wait_for_load_state()
            assert "已保存复核意见" in li.locator(".msg.ok").inner_text()
        li.check("input[name=confirm]")
        li.click("text=复核签署")
        li.wait_for_load_state()
        assert "170,000 元" in li.locator("#granted").inner_text()
        with store.session() as s:
            assert ledger.granted(s, "91310116MA1G7N4P2K", 2025) == 170000
        assert [e.amount_yuan for e in reversed(ledger.entries(store, 2025))] == [220000, -220000, 170000]

        # -- the round's 公示 list and budget summary, downloaded and read back
        zhang.click("header >> text=申报批次")
        books = {}
        for label in ("公示名单（Excel）", "预算汇总（Excel）"):
            with zhang.expect_download() as dl:
                zhang.click(f"text={label}")
            path = tmp_path / label
            dl.value.save_as(path)
            books[label] = load_workbook(io.BytesIO(path.read_bytes()))
        pub = [[c.value for c in r] for r in books["公示名单（Excel）"]["公示名单"].iter_rows(min_row=3)]
        assert pub[0][1] == "上海金山华标精细化工有限公司" and pub[0][4] == 170000
        assert pub[1][0] == "合计" and pub[1][4] == 170000
        budget = [[c.value for c in r] for r in books["预算汇总（Excel）"]["预算汇总"].iter_rows(min_row=3) if r[0].value]
        total = next(r for r in budget if r[0] == "合计")
        draft = repo.current_draft(store, cid)
        assert total[3] == sum(c["amount_yuan"] for c in draft["claims"]) and total[6] == 170000
        assert sum(r[6] for r in budget if r[0].startswith("第十四条")) == 170000
        zhang.screenshot(path=str(shots / "web-rounds.png"), full_page=True)
        browser.close()
