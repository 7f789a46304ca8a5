"""The workspace's case page shows the 申报表 against the materials (TestClient): the summary, one line per declared
item with its status, and what the reviewer's decisions count for it now."""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from pipeline.store import repo
from pipeline.web import WebSettings, create_app
from samples.truth_model import load_truth
from tests.conftest import SAMPLES
from tests.web_fixtures import P02, PASSWORDS, TEXT_LAYER, build_template, copy_of

FORM = "质量发展专项资金申报表.xlsx"  # p02's Excel 申报表: four items, 52 万元


@pytest.fixture(scope="module")
def web_form_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("web-form")
    inbox = root / "inbox" / "p02-with-form"
    inbox.mkdir(parents=True)
    for name in [*TEXT_LAYER, FORM]:
        shutil.copy(P02 / name, inbox / name)
    return build_template(root / "store", packets=[inbox])


@pytest.fixture
def web(web_form_template, tmp_path):
    case = copy_of(web_form_template, tmp_path)
    store = case.open()
    app = create_app(store, WebSettings(secure_cookies=False, soffice=None))
    yield app, store, case.case_id
    store.dispose()


def login(app, user="zhang") -> TestClient:
    c = TestClient(app, base_url="http://testserver", follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"username": user, "password": PASSWORDS[user], "csrf_token": token, "next": "/"})
    assert r.status_code == 303, r.text
    return c


def _section(page: str) -> str:
    return page[page.index('id="declared"'):page.index("一、申报主体信息来源")]


def _lines(section: str) -> list[list[str]]:
    body = section[section.index("<tbody>"):section.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def test_the_case_page_shows_declared_against_supported(web):
    app, store, case_id = web
    assert load_truth(SAMPLES / "truth" / "p02-standards.yaml")  # the form is the sample's
    c = login(app)
    section = _section(c.get(f"/cases/{case_id}").text)
    assert "申报 4 项 52 万元，材料支持 2 项 32 万元" in section
    assert f"申报表：{FORM}" in section and "联系人：周丽" in section
    lines = _lines(section)
    assert [ln[7] for ln in lines] == ["一致", "申报但未见材料", "一致", "申报但未见材料"]
    gbt = lines[0]
    assert gbt[1].startswith("主导制订国家标准 GB/T 46012-2025") and "工作表“申报表”" in gbt[1]
    assert gbt[2].startswith("主导制订国家标准") and gbt[3:6] == ["30 万元", "30 万元", "30 万元"]
    assert lines[1][3:6] == ["10 万元", "0 万元", "—"]


def test_the_line_follows_the_reviewers_decision(web):
    app, store, case_id = web
    c = login(app)
    page = c.get(f"/cases/{case_id}").text
    draft = repo.current_draft(store, case_id)
    from pipeline.store.diff import claim_keys

    keys = dict(zip((cl["item_id"] for cl in draft["claims"]), claim_keys(draft["claims"])))
    index = [cl["item_id"] for cl in draft["claims"]].index("art14-2-national-standard-led") + 1
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    rev = re.search(r'name="rev" value="(\d+)"', page).group(1)
    r = c.post(f"/cases/{case_id}/decision", data={
        "csrf_token": token, "rev": rev,
        "claim_key": keys["art14-2-national-standard-led"], "index": str(index), "decision": "adjust",
        "amount": "200000", "reason": "起草贡献有限，酌情核减"})
    assert r.status_code == 303, r.text
    lines = _lines(_section(c.get(f"/cases/{case_id}").text))
    assert lines[0][3:6] == ["30 万元", "30 万元", "20 万元"]  # declared, proposed, counted after the decision
