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

    # click a crop: the whole page with the box
    page.locator("figure.ev a").first.click()
    page.wait_for_load_state("networkidle")
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

    # sign off
    page.fill("#signoff ~ .signbox textarea[name=note]", "同意支持，市长质量奖按核定金额拨付")
    page.check("input[name=confirm]")
    page.click("text=签署办结")
    page.wait_for_load_state("networkidle")
    assert "已签署办结" in page.locator(".msg.ok").inner_text()
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
