"""Who may apply (Art. 3), what must be uploaded (Art. 24), when the policy holds (Art. 27): one check each."""

from __future__ import annotations

import re
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


# ---------------------------------------------------------------- what the credit report shows
# A listing stays in force until it is removed: a removal date, or a status that says so.
_REMOVED = re.compile(r"已移出|已移除|已撤销|已退出|移出名单|已履行|全部履行|履行完毕|已修复|信用修复")
SECTION_LABELS = {"penalties": "行政处罚信息", "dishonest": "严重失信主体名单信息", "abnormal": "经营（活动）异常名录信息",
                  "administrative": "行政管理信息", "licences": "行政许可信息", "judicial": "司法判决及执行信息",
                  "honours": "诚实守信相关荣誉信息", "commitments": "信用承诺信息", "evaluations": "信用评价信息",
                  "enforcement": "行政强制信息", "tax": "欠缴税款信息", "registration": "登记注册基础信息",
                  "other": "其他信息"}


def _in_force(listing: dict, as_of: date) -> tuple[bool, str]:
    """Whether a listing is in force on the review date, and what the report says of its removal."""
    removed = _parse_date(listing.get("removed"))
    if removed is not None and removed <= as_of:
        return False, f"已于 {removed} 移出"
    status = str(listing.get("status") or "")
    if _REMOVED.search(status) and "未履行" not in status.replace("全部未履行", "未履行"):
        return False, f"状态：{status}"
    return True, f"未移出（{status}）" if status else "未载明移出日期"


def _section(report: DocumentFacts, cat: str) -> tuple[bool, str]:
    """Whether the report shows what it holds for a category (records, or that there are none), and if not, why.

    A report read before sections were recorded (facts without `sections`) is taken as read."""
    sections = report.get("sections")
    if sections is None:
        return True, ""
    summary = report.get("summary") or {}
    state = sections.get(cat)
    label = SECTION_LABELS.get(cat, cat)
    if state in ("records", "none"):
        return True, ""
    if cat == "penalties" and sections.get("administrative") in ("records", "none"):
        return True, ""  # 信用中国 V2.0: penalties are among the 行政管理信息, which was read whole
    if cat == "penalties" and state is None and sections.get("administrative") == "unreadable":
        state, label = "unreadable", "行政管理信息（行政处罚）"
    count = summary.get(cat, "absent")
    if count == 0 or count is False:
        return True, ""  # the summary says none
    if state == "unreadable":
        return False, f"信用报告“{label}”一节未能读出记录或“未查见”的说明"
    if count is None:
        return False, f"信用报告以勾选框列示“{label}”，未能识别勾选结果"
    if count != "absent":
        return False, f"信用信息概要记载“{label}”{'有记录' if count is True else f'{count} 条'}，但未能读出记录"
    return False, f"信用报告中未见“{label}”一节，无法确认（未找到不等于没有记录）"


def _records_of(report: DocumentFacts, cat: str) -> list:
    if cat in ("penalties", "dishonest", "abnormal"):
        return list(report.get(cat) or [])
    others = [x for x in report.get("other_records") or [] if isinstance(x, dict)]
    if cat == "administrative":
        return list(report.get("penalties") or []) + [x for x in others if x.get("section") in ("licences",
                                                                                              "enforcement")]
    return [x for x in others if x.get("section") == cat]


def summary_mismatches(report: DocumentFacts | None) -> list[tuple[str, str]]:
    """(category, sentence) for every 信用信息概要 count the records found do not match."""
    if report is None:
        return []
    out = []
    for cat, count in (report.get("summary") or {}).items():
        if count is None or cat not in SECTION_LABELS or cat == "registration":
            continue
        found = len(_records_of(report, cat))
        label = SECTION_LABELS[cat]
        if count is True and found == 0:
            out.append((cat, f"信用信息概要显示“{label}”有记录，报告中未读出记录，请核对原件"))
        elif count is not True and int(count) != found:
            out.append((cat, f"信用信息概要记载“{label}” {int(count)} 条，报告中读到 {found} 条，请核对原件"))
    return out


def check_operating(ctx: Context, report: DocumentFacts | None) -> Check:
    rule = "operating_normally"
    if report is None:
        return _check(ctx, rule, 3, "needs_review", "无信用报告，无法确认是否列入经营异常名录", _no_evidence("材料中无信用报告"))
    listings = [x for x in report.get("abnormal") or [] if isinstance(x, dict)]
    ev = report.evidence("abnormal") or report.evidence("report_no")
    in_force, lifted = [], []
    for x in listings:
        yes, how = _in_force(x, ctx.as_of)
        line = f"{x.get('date') or '日期不详'} 列入{('（' + x['reason'] + '）') if x.get('reason') else ''}，{how}"
        (in_force if yes else lifted).append(line)
    if in_force:
        return _check(ctx, rule, 3, "fail", "信用报告显示列入经营（活动）异常名录且未移出：" + "；".join(in_force), ev)
    known, why = _section(report, "abnormal")
    gaps = [m for c, m in summary_mismatches(report) if c == "abnormal"]
    if not known or gaps:
        return _check(ctx, rule, 3, "needs_review", "；".join([why] * bool(why) + gaps) + "，请核对是否列入经营异常名录",
                      ev)
    note = f"（曾列入、已移出：{'；'.join(lifted)}）" if lifted else ""
    return _check(ctx, rule, 3, "pass", f"信用报告显示未在经营（活动）异常名录中{note}", ev)


def check_credit(ctx: Context, a: Applicant, report: DocumentFacts | None) -> Check:
    """Art. 3: no serious-dishonesty listing in force (whatever its age), no serious violation decided within the
    look-back years before the review date; a part of the report that cannot be read is unknown, not clean."""
    rule = "credit_serious_violation" if a.kind == "organization" else "individual_good_credit"
    years = int(ctx.value("credit_lookback_years"))
    try:
        since = ctx.as_of.replace(year=ctx.as_of.year - years)
    except ValueError:  # 29 February
        since = ctx.as_of.replace(year=ctx.as_of.year - years, day=28)
    if report is None:
        return _check(ctx, rule, 3, "needs_review", "无信用报告，无法确认信用记录良好、三年内无严重违法行为",
                      _no_evidence("材料中无信用报告"))
    listed, serious, minor, lifted, old = [], [], [], [], []
    for x in [x for x in report.get("dishonest") or [] if isinstance(x, dict)]:
        yes, how = _in_force(x, ctx.as_of)
        line = f"{x.get('list') or '严重失信主体名单'}（{x.get('date') or '列入日期不详'} 列入" \
               f"{'，' + x['authority'] if x.get('authority') else ''}），{how}"
        (listed if yes else lifted).append(line)
    unmarked = False
    for x in [x for x in report.get("penalties") or [] if isinstance(x, dict)]:
        d = _parse_date(x.get("date"))
        line = " ".join(str(v) for v in (x.get("date") or "日期不详", x.get("authority"), x.get("number")) if v)
        if x.get("serious") and (d is None or d >= since):
            serious.append(line + ("（决定日期不详）" if d is None else ""))
        elif x.get("serious"):
            old.append(line)
        else:
            minor.append(line)
            unmarked = unmarked or x.get("serious") is None
    ev = report.evidence("dishonest", "penalties") or report.evidence("report_no")
    if listed or serious:
        why = ([f"列入严重失信名单且未移出（名单在列即不符合，与列入时间无关）：{'；'.join(listed)}"] if listed else []) + \
            ([f"{since} 以来（{years}年内）受到严重违法行政处罚：{'；'.join(serious)}"] if serious else [])
        return _check(ctx, rule, 3, "fail", "；".join(why), ev)
    gaps = [why for cat in ("penalties", "dishonest") for ok, why in [_section(report, cat)] if not ok]
    gaps += [m for c, m in summary_mismatches(report) if c in ("penalties", "dishonest", "administrative")]
    notes = []
    if lifted:
        notes.append(f"曾列入、已移出的名单（不影响申报）：{'；'.join(lifted)}")
    if old:
        notes.append(f"{since} 之前的严重违法行政处罚（已超过{years}年）：{'；'.join(old)}")
    if minor:
        notes.append(f"一般行政处罚（非严重违法，不影响申报）：{'；'.join(minor)}")
    if unmarked:
        notes.append("报告未标注处罚是否属于严重违法，系统按一般处罚处理，请核实")
    tail = ("；" + "；".join(notes)) if notes else ""
    if gaps:
        return _check(ctx, rule, 3, "needs_review", "；".join(gaps) + tail, ev)
    return _check(ctx, rule, 3, "pass", f"信用报告未见在列的严重失信名单，未见 {since} 以来的严重违法记录{tail}", ev)


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


def applicant_flags(a: Applicant, all_facts: list[DocumentFacts]) -> list[str]:
    """What the reviewer must see at the top of the draft about who applies and what the credit report says."""
    from pipeline.decide.applicant import CodeAgreement

    out = []
    if isinstance(a.codes, CodeAgreement) and a.codes.status in ("repaired", "unconfirmed", "conflict"):
        out += [f"统一社会信用代码：{n}" for n in a.codes.notes]
    report, _ = _credit(a, all_facts)
    out += [f"信用报告：{m}" for _, m in summary_mismatches(report)]
    return out


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
