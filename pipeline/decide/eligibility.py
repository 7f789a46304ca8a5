"""Who may apply (Art. 3), what must be uploaded (Art. 24), when the policy holds (Art. 27): one check each."""

from __future__ import annotations

from datetime import date, timedelta

from models.draft import Check, Eligibility, Evidence
from models.facts import DocumentFacts
from pipeline.decide.context import Applicant, Context

JINSHAN_AREA_CODE = "310116"
# Words on a licence or in a name that mark a unit the budget may fully fund (Art. 3 第二款).
BUDGET_UNIT_MARKERS = ("机关", "事业单位", "全额拨款", "人民政府", "委员会办公室")


def _parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _check(ctx: Context, rule: str, article: int, status: str, reason: str, evidence=None, clause=None) -> Check:
    return Check(rule=rule, article=article, status=status, reason=reason, evidence=list(evidence or []),
                 citation=ctx.cite(article, clause))


def _no_evidence(why: str, file: str = "（无）") -> list[Evidence]:
    # A check that has nothing on a page still says why, so no decision is unexplained.
    return [Evidence(file=file, page=None, text=why, bbox=None, confidence=1.0, source="derived")]


def check_in_force(ctx: Context) -> Check:
    start, end = ctx.policy.in_force
    ok = start <= ctx.as_of <= end
    reason = (f"审核日期 {ctx.as_of} 在本细则有效期（{start} 至 {end}）内" if ok
              else f"审核日期 {ctx.as_of} 不在本细则有效期（{start} 至 {end}）内")
    return _check(ctx, "policy_in_force", 27, "pass" if ok else "fail", reason,
                  _no_evidence(f"审核日期 {ctx.as_of}（--as-of）"))


def check_registered_in_jinshan(ctx: Context, a: Applicant) -> Check:
    rule = "registered_in_jinshan"
    addr_ev = [e for f in a.facts for e in f.evidence("address")]
    if a.address and _in_jinshan(a.address):
        return _check(ctx, rule, 3, "pass", f"住所位于金山区：{a.address}", addr_ev)
    area = a.uscc[2:8] if a.uscc and len(a.uscc) == 18 else None
    uscc_ev = [e for f in a.facts for e in f.evidence("uscc")]
    if a.address:
        note = f"；统一社会信用代码登记地代码为 {area}" if area else ""
        return _check(ctx, rule, 3, "fail", f"住所不在金山区：{a.address}{note}（登记地代码仅作辅证）", addr_ev + uscc_ev)
    if area == JINSHAN_AREA_CODE:
        return _check(ctx, rule, 3, "needs_review",
                      "未读到住所；统一社会信用代码登记地代码为 310116（金山区），仅作辅证，请核对营业执照住所", uscc_ev)
    return _check(ctx, rule, 3, "needs_review", "未能从营业执照或信用报告读到住所，请人工核对是否在金山区依法设立",
                  uscc_ev or _no_evidence("材料中未读到住所"))


def _in_jinshan(address: str) -> bool:
    """金山区 anywhere, or 金山 right after the city (上海市金山工业区…); not a 金山路 in another city."""
    rest = address.replace(" ", "")
    for city in ("上海市", "上海"):
        if rest.startswith(city):
            rest = rest[len(city):]
            break
    return "金山区" in address or rest.startswith("金山")


def _latest(reports: list[DocumentFacts]) -> DocumentFacts | None:
    return max(reports, key=lambda f: _parse_date(f.get("report_date")) or date.min) if reports else None


def _report_is_applicants(report: DocumentFacts, a: Applicant) -> bool:
    """Whether a credit report is about the applicant: same credit code / ID number, else the same name."""
    if report in a.facts and not any(f.type in ("business_licence", "id_card") for f in a.facts):
        return True  # the applicant was read off this report
    from pipeline.decide.applicant import _codes_match
    from pipeline.extract.uscc import could_be

    theirs = report.get("uscc")
    if a.uscc and theirs and a.kind == "organization":
        return str(theirs) == a.uscc or could_be(str(theirs), a.uscc)
    mine = a.id_number or next((f.get("id_number") for f in a.facts if f.type == "id_card" and f.get("id_number")),
                               None)
    if mine and report.get("id_masked"):
        return _codes_match(str(mine), str(report.get("id_masked")))
    subject = report.get("subject")
    if not subject or not a.name:
        return True  # nothing to compare: the reviewer sees the report's evidence
    from pipeline.extract.fuzzy import same_organization

    return same_organization(subject, a.name)[0]


def _credit(a: Applicant, all_facts: list[DocumentFacts]) -> tuple[DocumentFacts | None, DocumentFacts | None]:
    """The applicant's latest credit report, and the latest report about someone else (if any)."""
    reports = [f for f in all_facts if f.type == "credit_report"]
    mine = [f for f in reports if _report_is_applicants(f, a)]
    return _latest(mine), _latest([f for f in reports if f not in mine])


def check_credit_report_present(ctx: Context, report: DocumentFacts | None,
                                foreign: DocumentFacts | None = None) -> Check:
    rule = "materials_credit_report"
    if report is None and foreign is not None:
        who = f"{foreign.get('subject') or '未读出'}（{foreign.get('uscc') or foreign.get('id_masked') or '无代码'}）"
        return _check(ctx, rule, 24, "needs_review", f"所附信用报告的主体为{who}，不是申报主体，请提交申报主体的最新信用信息报告",
                      foreign.evidence("subject", "uscc", "report_no") or _no_evidence("信用报告主体不一致"), clause=3)
    if report is None:
        return _check(ctx, rule, 24, "needs_review", "未提交信用信息报告（第二十四条第（三）项要求最新信用信息报告），请补正",
                      _no_evidence("材料中无信用报告"), clause=3)
    d = _parse_date(report.get("report_date"))
    ev = report.evidence("report_date", "report_no")
    if d is None:
        return _check(ctx, rule, 24, "needs_review", "信用报告的出具日期未能读出，请核对是否为最新报告", ev, clause=3)
    oldest = ctx.as_of - timedelta(days=ctx.credit_report_max_age_days)
    if d < oldest:
        return _check(ctx, rule, 24, "needs_review",
                      f"信用报告出具于 {d}，早于审核日前 {ctx.credit_report_max_age_days} 天（{oldest}），请要求提交最新报告",
                      ev, clause=3)
    if d > ctx.as_of:
        return _check(ctx, rule, 24, "needs_review", f"信用报告出具日期 {d} 晚于审核日期，请核对", ev, clause=3)
    return _check(ctx, rule, 24, "pass", f"信用报告出具于 {d}，在有效期内", ev, clause=3)


def check_identity(ctx: Context, a: Applicant) -> Check:
    rule = "materials_identity"
    if a.facts:
        kinds = "、".join(sorted({ {"business_licence": "营业执照", "id_card": "身份证", "credit_report": "信用报告"}.get(f.type, f.type) for f in a.facts}))
        ok = any(f.type in ("business_licence", "id_card") for f in a.facts)
        if ok:
            return _check(ctx, rule, 24, "pass", f"已提交身份证明材料（{kinds}）", a.evidence, clause=1)
        return _check(ctx, rule, 24, "needs_review", f"未见营业执照或身份证，仅从{kinds}识别申报主体，请补正身份证明材料",
                      a.evidence, clause=1)
    return _check(ctx, rule, 24, "needs_review", "未能识别申报主体（无营业执照、身份证或信用报告），请补正身份证明材料",
                  _no_evidence("材料中无身份证明"), clause=1)


def check_identity_code(ctx: Context, a: Applicant, all_facts: list[DocumentFacts]) -> Check:
    """The credit code (or ID number) as the documents print it: valid, and the same on every document."""
    from pipeline.decide.applicant import CodeAgreement, person_agreement

    rule = "identity_code_consistent"
    if a.kind == "individual":
        ag = person_agreement(a, all_facts)
        what = "公民身份号码"
    else:
        ag = a.codes if isinstance(a.codes, CodeAgreement) else CodeAgreement()
        what = "统一社会信用代码"
    ev = ag.evidence or a.evidence or _no_evidence(f"材料中未读到{what}")
    if ag.status == "none":
        return _check(ctx, rule, 24, "needs_review", f"未能从身份证明材料读到{what}，请核对原件", ev, clause=1)
    shown = ag.code or ""
    docs = "、".join(ag.agreeing)
    notes = "；".join(ag.notes)
    if ag.status == "verified":
        return _check(ctx, rule, 24, "pass", f"{what} {shown} 在{docs}上一致", ev, clause=1)
    if ag.status == "single":
        return _check(ctx, rule, 24, "pass", f"{what} {shown} 见于{docs}（校验通过，无其他材料可比对）", ev, clause=1)
    if ag.status == "repaired":
        return _check(ctx, rule, 24, "pass", f"{notes}；一致的材料：{docs}", ev, clause=1)
    return _check(ctx, rule, 24, "needs_review", notes or f"{what} {shown} 未能核实，请核对原件", ev, clause=1)


def check_operating(ctx: Context, report: DocumentFacts | None) -> Check:
    rule = "operating_normally"
    if report is None:
        return _check(ctx, rule, 3, "needs_review", "无信用报告，无法确认是否列入经营异常名录", _no_evidence("材料中无信用报告"))
    listings = report.get("abnormal") or []
    ev = report.evidence("abnormal")
    if listings:
        text = "；".join(f"{x.get('date') or ''} {x.get('reason') or ''}".strip() for x in listings)
        return _check(ctx, rule, 3, "fail", f"信用报告显示列入经营异常名录：{text}", ev)
    return _check(ctx, rule, 3, "pass", "信用报告未查见经营异常名录记录", ev or report.evidence("report_no"))


def check_credit(ctx: Context, a: Applicant, report: DocumentFacts | None) -> Check:
    rule = "credit_serious_violation" if a.kind == "organization" else "individual_good_credit"
    years = int(ctx.value("credit_lookback_years"))
    try:
        since = ctx.as_of.replace(year=ctx.as_of.year - years)
    except ValueError:  # 29 February
        since = ctx.as_of.replace(year=ctx.as_of.year - years, day=28)
    if report is None:
        return _check(ctx, rule, 3, "needs_review", "无信用报告，无法确认信用记录良好、三年内无严重违法行为",
                      _no_evidence("材料中无信用报告"))
    serious, minor = [], []
    for x in report.get("dishonest") or []:
        d = _parse_date(x.get("date"))
        if d is None or d >= since:
            serious.append(f"{x.get('list') or '严重失信主体名单'}：{x.get('date') or '日期不详'} "
                           f"{x.get('authority') or ''}".strip())
    for x in report.get("penalties") or []:
        d = _parse_date(x.get("date"))
        line = f"{x.get('date') or '日期不详'} {x.get('authority') or ''} {x.get('number') or ''}".strip()
        if x.get("serious") and (d is None or d >= since):
            serious.append("严重违法行政处罚：" + line)
        else:
            minor.append(line)
    ev = report.evidence("dishonest", "penalties") or report.evidence("report_no")
    if serious:
        return _check(ctx, rule, 3, "fail", f"{since} 以来存在严重违法失信记录：" + "；".join(serious), ev)
    note = f"；另有一般行政处罚（非严重违法，不影响申报）：{'；'.join(minor)}" if minor else ""
    return _check(ctx, rule, 3, "pass", f"信用报告未查见 {since} 以来的严重失信或严重违法记录{note}", ev)


def check_budget_unit(ctx: Context, a: Applicant) -> Check:
    rule = "not_fully_budget_funded"
    if a.kind == "individual":
        return _check(ctx, rule, 3, "pass", "申报人为个人，不适用本项", _no_evidence("个人申报"))
    entity_type = next((f.get("kind") for f in a.facts if f.type == "business_licence" and f.get("kind")), None) \
        or ""
    hits = [m for m in BUDGET_UNIT_MARKERS if m in entity_type or m in (a.name or "")]
    if a.uscc and a.uscc[:1] in ("1", "2"):  # 机构编制 / 外交 registration: government bodies and public institutions
        hits.append(f"统一社会信用代码首位为 {a.uscc[0]}（机构编制登记）")
    ev = [e for f in a.facts for e in f.evidence("type")] or a.evidence
    if hits:
        return _check(ctx, rule, 3, "needs_review",
                      f"可能为财政预算全额拨款单位（{'、'.join(hits)}），请核实经费来源", ev)
    shown = f"（类型：{entity_type}）" if entity_type else ""
    return _check(ctx, rule, 3, "pass", f"非机关或全额拨款事业单位{shown}", ev)


def assess_eligibility(ctx: Context, a: Applicant, all_facts: list[DocumentFacts]) -> Eligibility:
    report, foreign = _credit(a, all_facts)
    checks = [check_in_force(ctx), check_identity(ctx, a), check_identity_code(ctx, a, all_facts)]
    if a.kind == "organization":
        checks += [check_registered_in_jinshan(ctx, a), check_operating(ctx, report), check_budget_unit(ctx, a)]
    checks += [check_credit(ctx, a, report), check_credit_report_present(ctx, report, foreign)]
    if any(c.status == "fail" for c in checks):
        status = "ineligible"
    elif any(c.status == "needs_review" for c in checks):
        status = "needs_review"
    else:
        status = "eligible"
    return Eligibility(status=status, checks=checks)
