"""The reviewer's renderings: review.html (self-contained, cited, evidence cropped) and review.docx (审核意见表)."""

from __future__ import annotations

import io
import re
from html import escape
from datetime import date
from pathlib import Path

import pytest

from models.draft import (
    Applicant,
    CapStep,
    Check,
    Citation,
    Claim,
    DocumentRecord,
    Eligibility,
    Evidence,
    Period,
    PolicyRef,
    ReviewDraft,
)
from pipeline.render.labels import capital_yuan

ROOT = Path(__file__).resolve().parents[1]
P01 = ROOT / "samples" / "packets" / "p01-quality-gold"
CERT = "IMG_0412.jpg"
CREDIT = "信用报告_恒达新材料.pdf"
LICENCE = "营业执照.jpg"

ART3 = Citation(article=3, label="第三条", text="本实施细则扶持对象为在金山区依法设立、经营状态正常、信用记录良好、三年内未发生严重违法行为的各类组织及信用记录良好的个人。")
ART24_3 = Citation(article=24, clause=3, label="第二十四条第（三）项", text="组织或个人最新信用信息报告。")
ART27 = Citation(article=27, label="第二十七条", text="本实施细则自2025年4月1日起实施，有效期至2030年12月31日")
ART23_CAP = Citation(article=23, clause=2, label="第二十三条第（二）项", text="每家组织年度享受质量发展专项资金支持最高不超过100万元")


def _ev(file, page, text, bbox, source="ocr", confidence=0.97):
    return Evidence(file=file, page=page, text=text, bbox=bbox, confidence=confidence, source=source)


def capped_draft() -> ReviewDraft:
    """Packet p01 (上海市质量金奖) for an organisation the ledger says already got 730,000 yuan this year, plus a
    上海品牌 claim without its certificate: the annual cap lowers 300,000 to 270,000."""
    name = "上海金山恒达新材料科技有限公司"
    credit_ev = [
        _ev(CREDIT, 1, "出具日期：2026年03月17日", (60, 160, 194, 170), "text_layer", 1.0),
    ]
    return ReviewDraft(
        packet_id="p01-quality-gold",
        policy=PolicyRef(id="jinshan-quality-2025", version="2025.04.01-1", title="金山区关于质量发展专项政策的实施细则",
                         document_number="金市监质〔2025〕10号"),
        as_of=date(2026, 3, 31),
        period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)),
        applicant=Applicant(
            name=name, uscc="91310116MA1FL2K3X9", kind="organization", address="上海市金山区亭林镇林盛路88号3幢",
            evidence=[_ev(CREDIT, 1, "报告主体：上海金山恒达新材料科技有限公司", (60, 122, 270, 132), "text_layer", 1.0),
                      _ev(CREDIT, 1, "统一社会信用代码：91310116MA1FL2K3X9", (60, 141, 267, 151), "text_layer", 1.0)],
        ),
        eligibility=Eligibility(status="eligible", checks=[
            Check(rule="policy_in_force", article=27, status="pass", reason="审核基准日 2026-03-31 在政策有效期（2025-04-01 至 2030-12-31）内",
                  evidence=[Evidence(file="（无）", text="政策有效期", source="derived")], citation=ART27),
            Check(rule="registered_in_jinshan", article=3, status="pass", reason="住所位于金山区：上海市金山区亭林镇林盛路88号3幢",
                  evidence=[_ev(CREDIT, 1, "上海市金山区亭林镇林盛路88号3幢", (267, 297, 416, 307), "text_layer", 1.0)],
                  citation=ART3),
            Check(rule="materials_credit_report", article=24, status="pass", reason="信用报告出具于 2026-03-17，在有效期内",
                  evidence=credit_ev, citation=ART24_3),
            Check(rule="credit_serious_violation", article=3, status="pass",
                  reason="信用报告未查见 2023-03-31 以来的严重失信或严重违法记录",
                  evidence=[_ev(CREDIT, 2, "未查见该主体被列入严重失信主体名单的记录。", (60, 130, 280, 140), "text_layer", 1.0)],
                  citation=ART3),
        ]),
        claims=[
            Claim(claim_id="C1", article=5, clause=2, item="上海市质量金奖（组织）", level="municipal", rank=None,
                  amount_yuan=300_000, amount_kind="fixed", status="accepted",
                  reasons=["获奖证书载明“上海市质量金奖”，获奖单位与申报主体一致，获奖年度 2025 年在申报期间内"],
                  citation=Citation(article=5, clause=2, label="第五条第（二）项",
                                    text="对获得“上海市质量金奖”的组织，给予30万元的一次性奖励"),
                  evidence=[_ev(CERT, 1, "上海市质量金奖", (195, 606, 520, 656), "ocr", 0.98),
                            _ev(CERT, 1, "上海金山恒达新材料科技有限公司：", (195, 478, 741, 526), "ocr", 0.95),
                            _ev(CERT, 1, "二〇二五年十二月十八日", (673, 1326, 1033, 1375), "ocr", 0.71)],
                  item_id="art05-2-shanghai-quality-gold-award-org", project="government-quality-award"),
            Claim(claim_id="C2", article=11, clause=None, item="首次通过“上海品牌”认证", level="municipal",
                  amount_yuan=300_000, amount_kind="fixed", status="needs_review",
                  reasons=["申报表列有“上海品牌”认证，但材料中未见认证证书，请补正后核定"],
                  citation=Citation(article=11, label="第十一条", text="对首次通过“上海品牌”认证的组织，给予30万元的一次性奖励"),
                  evidence=[], item_id="art11-shanghai-brand-first-certification"),
        ],
        caps=[CapStep(rule="annual_cap", article=23, claim_ids=["C1"], amount_before=300_000, amount_after=270_000,
                      reason="本年度已获支持 730,000 元（台账 ledger-2025.csv），每家组织年度享受质量发展专项资金支持最高不超过 "
                             "1,000,000 元：本次核定金额由 300,000 元调整为 270,000 元",
                      citation=ART23_CAP)],
        total_yuan=270_000,
        documents=[
            DocumentRecord(file=CERT, type="award_certificate", pages=[1], status="ok"),
            DocumentRecord(file=CREDIT, type="credit_report", pages=[1, 2], status="ok"),
            DocumentRecord(file=LICENCE, type="business_licence", pages=[1], status="partial", error="第1页未读出文字"),
            DocumentRecord(file="申报表.docx", type="unknown", pages=[], status="error", error="不支持的文件格式（Word 文档），请转为 PDF 后上传"),
        ],
        flags=["本年度已获支持 730,000 元（台账），本次按年度上限调整",
               "有 2 份材料未能完整读取，请人工查看原件：营业执照.jpg（第1页未读出文字）；申报表.docx（不支持的文件格式）"],
        generated_by="jinshan-review 0.1.0",
    )


def p01_sources() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in P01.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def draft() -> ReviewDraft:
    return capped_draft()


@pytest.fixture(scope="module")
def html(draft) -> str:
    from pipeline.render.html import render_html

    return render_html(draft, p01_sources())


@pytest.mark.parametrize("amount,text", [
    (1_000_000, "壹佰万元整"), (370_000, "叁拾柒万元整"), (20_000, "贰万元整"),
    (1_234_567, "壹佰贰拾叁万肆仟伍佰陆拾柒元整"), (0, "零元整"),
    (800_000, "捌拾万元整"), (1_050, "壹仟零伍拾元整"), (100_020, "壹拾万零贰拾元整"), (10_000_500, "壹仟万零伍佰元整"),
])
def test_capital_yuan(amount, text):
    assert capital_yuan(amount) == text


def test_html_has_applicant_claims_total_caps(html, draft):
    assert draft.applicant.name in html and draft.applicant.uscc in html
    for c in draft.claims:
        assert f">{c.claim_id}<" in html
        assert c.citation.label in html and escape(c.citation.text) in html
        assert f"{c.amount_yuan:,} 元" in html
    for check in draft.eligibility.checks:
        assert check.citation.label in html and escape(check.citation.text) in html
    assert "270,000 元" in html and "贰拾柒万元整" in html
    for s in draft.caps:
        assert f"{s.amount_before:,} 元" in html and f"{s.amount_after:,} 元" in html
    for word in ("通过", "予以支持", "待审核", "市级", "审核意见", "核定金额", "审核人签字", "日期", "申报表.docx"):
        assert word in html


def test_html_embeds_one_image_per_located_evidence(html, draft):
    crops = re.findall(r'<img class="crop" src="(data:image/jpeg;base64,[A-Za-z0-9+/=]+)"', html)
    n_located = sum(1 for c in draft.eligibility.checks for e in c.evidence if e.page) + \
        sum(1 for c in draft.claims for e in c.evidence if e.page) + len(draft.applicant.evidence)
    assert len(crops) == n_located
    for uri in set(crops):
        from PIL import Image
        import base64

        img = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
        assert img.width <= 480 and img.height <= 260


def test_html_is_self_contained(html):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', html):
        assert src.startswith("data:image/")
    for url in re.findall(r'url\(([^)]*)\)', html):
        assert url.strip("\"'").startswith("data:image/")
    assert len(html) < 3_000_000


def test_html_escapes_text():
    from pipeline.render.html import render_html

    d = capped_draft().model_copy(update={"flags": ["<script>alert(1)</script>"]})
    out = render_html(d, {})
    assert "<script>alert" not in out and "&lt;script&gt;" in out


def test_html_embeds_each_page_once(html, draft):
    """Whole pages are CSS backgrounds, one per page however many boxes sit on it."""
    pages = {(e.file, e.page) for evs in [draft.applicant.evidence] + [c.evidence for c in draft.eligibility.checks]
             + [c.evidence for c in draft.claims] for e in evs if e.page}
    assert len(re.findall(r'background-image: url\("data:image/jpeg;base64,', html)) == len(pages)
    assert html.count('class="hl"') == len(re.findall(r'<img class="crop"', html))


def test_html_without_sources_says_why():
    from pipeline.render.html import render_html

    out = render_html(capped_draft(), {})
    assert "未附原件" in out and "<img" not in out


def test_evidence_crop_is_on_the_box():
    """The crop of the 上海市质量金奖 line is mostly the highlighted box, darker text inside."""
    from PIL import Image

    from pipeline.render.evidence import PageCache, evidence_image

    pic = evidence_image(_ev(CERT, 1, "上海市质量金奖", (195, 606, 520, 656)), PageCache(p01_sources()))
    assert pic.crop and pic.page == (CERT, 1) and pic.aspect == (1240, 1754)
    left, top, width, height = pic.box
    assert abs(left - 100 * 195 / 1240) < 0.5 and abs(top - 100 * 606 / 1754) < 0.5 and width > 20
    import base64

    img = Image.open(io.BytesIO(base64.b64decode(pic.crop.split(",", 1)[1]))).convert("RGB")
    w, h = img.size
    r, g, b = img.getpixel((w // 2, 4))  # above the box: paper, not highlighted
    assert not (r > 200 and b < 150)


def test_rotated_page_is_turned_before_cropping():
    from pipeline.render.evidence import PageCache

    pages = PageCache(p01_sources(), {(CERT, 1): 90})
    img, scale = pages.get(CERT, 1)
    assert img.size == (1754, 1240) and scale == 1.0
    pdf_img, k = PageCache(p01_sources()).get(CREDIT, 2)
    assert abs(pdf_img.width / k - 595.28) < 2


def test_docx_opens_and_holds_claims_and_capital_total(draft):
    docx = pytest.importorskip("docx")
    from pipeline.render.docx import render_docx

    data = render_docx(draft)
    doc = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "审核意见表" in text
    for c in draft.claims:
        assert c.item in cells and c.citation.label in cells and f"{c.amount_yuan:,}" in cells
    assert "贰拾柒万元整" in cells and "270,000" in cells
    assert draft.applicant.name in cells
    for word in ("审核人", "复核人", "日期"):
        assert word in text or word in cells
    sec = doc.sections[0]
    assert abs(sec.page_width.mm - 210) < 1 and abs(sec.page_height.mm - 297) < 1
    # Every run names an East Asian font, so LibreOffice does not fall back to a Latin font for Chinese.
    body = doc.element.body.xml
    assert 'w:eastAsia="' in body


def test_write_outputs_all_three(tmp_path, draft):
    pytest.importorskip("docx")
    from pipeline.render import write_outputs

    paths = write_outputs(draft, tmp_path, formats=("json", "html", "docx"), sources=p01_sources())
    assert [p.name for p in paths] == ["review.json", "review.html", "review.docx"]
    assert all(p.stat().st_size > 0 for p in paths)
