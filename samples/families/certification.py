"""认证/认可 certificate families: a management-system certificate with its labels right-aligned in a column,
a CMA certificate with the number in a labelled box and the holder a sub-unit, a product certificate with the
models inline (委托人 vs 生产者), and a landscape bilingual CNAS certificate with the name after 兹证明."""

from __future__ import annotations

from datetime import date, timedelta

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, A4_LANDSCAPE, GREY, INK, Sheet, wrap
from samples.families.common import signature
from samples.families.values import R, fmt_date

SYSTEMS = (("质量管理体系认证（ISO 9001）", "质量管理体系认证证书", "GB/T 19001—2016/ISO 9001:2015", "Q"),
           ("环境管理体系认证（ISO 14001）", "环境管理体系认证证书", "GB/T 24001—2016/ISO 14001:2015", "E"),
           ("职业健康安全管理体系认证（ISO 45001）", "职业健康安全管理体系认证证书", "GB/T 45001—2020/ISO 45001:2018",
            "S"),
           ("能源管理体系认证（ISO 50001）", "能源管理体系认证证书", "GB/T 23331—2020/ISO 50001:2018", "En"))
BODIES = ("中国质量认证中心有限公司", "方圆标志认证集团有限公司", "上海质量体系审核中心", "中国船级社质量认证有限公司",
          "北京世标认证中心有限公司", "上海英格尔认证有限公司")
PRODUCT_KINDS = (("节能产品认证", "CQC"), ("绿色产品认证", "CQC"), ("低碳产品认证", "CQC"), ("环境标志产品认证", "CEC"))
PRODUCTS = (("智能低压开关柜", "KYN-", ("630A", "1250A", "1600B", "2500A")),
            ("工业储能电池柜", "ESS-", ("100kWh", "215kWh", "261kWh", "372kWh")),
            ("水性工业涂料", "SX-", ("201", "305", "410", "512")),
            ("高效节能电机", "YE4-", ("132M-4", "160L-4", "180M-4", "200L-4")),
            ("食品接触用包装膜", "BM-", ("25μm", "40μm", "60μm")),
            ("家用燃气灶具", "JZT-", ("2A", "2B", "3C")))


def _dates(r: R, years: int, renewal: bool) -> tuple[date, date, date]:
    issue = V.day_between(r, date(2022, 6, 1), date(2025, 9, 30))
    first = issue - timedelta(days=years * 365 + r.int(-20, 20)) if renewal else issue
    return first, issue, V.years_later(issue, years)


@family("cert_mgmt_label_column")
def mgmt_label_column(r: R, ctx: Ctx) -> Doc:
    """Management-system certificate: title and 证书编号 centred, then labels right-aligned in a column with
    full-width colons (组织名称 / 注册地址 / 认证项目 / 认证依据 / 认证范围 / 初次发证日期 / 本次发证日期 / 有效期至 /
    认证类型), values wrapping under themselves; certification body and seal at the foot; accreditation box."""
    kind, title, std, letter = r.choice(SYSTEMS)
    renewal = r.chance(0.5)
    first, issue, until = _dates(r, 3, renewal)
    holder = V.company(r)
    body = r.choice(BODIES)
    number = f"{r.int(0, 9):03d}{issue:%y}{letter}{r.digits(5)}R{1 if renewal else 0}{r.choice('MSL')}"
    scope = f"{r.choice(PRODUCTS)[0]}的设计、生产和服务"
    f = {"holder": holder, "kind": kind, "number": number, "first_issue_date": first.isoformat(),
         "issue_date": issue.isoformat(), "certification_type": "renewal" if renewal else "initial",
         "valid_until": until.isoformat(), "issuer": body, "standard": std, "scope": scope}
    ds = r.choice(("cn0", "iso", "cn"))
    s = Sheet(A4, ctx.font, (70, 60, 70, 60))
    s.frame(30, (40, 100, 60), 1.6)
    s.put(title, None, 100, 26, "center", font=ctx.title_font, color=(30, 90, 50))
    s.put(f"证书编号：{number}", None, 146, 12, "center")
    col, vx = 200, 208
    y = 200
    rows = [("组织名称", holder), ("注册地址", V.address(r)), ("认证项目", kind), ("认证依据", std), ("认证范围", scope),
            ("初次发证日期", fmt_date(f["first_issue_date"], ds)), ("本次发证日期", fmt_date(f["issue_date"], ds)),
            ("有效期至", fmt_date(f["valid_until"], ds)), ("认证类型", "再认证" if renewal else "初次认证")]
    for lab, val in rows:
        s.put(f"{lab}：", None, y, 12, "right", x1=col)
        lines = wrap(val, s.right - vx, 12.5, ctx.font)
        for k, ln in enumerate(lines):
            s.put(ln, vx, y + k * 20, 12.5)
        y += 20 * len(lines) + 12
    s.put("本证书的有效性可通过国家认证认可监督管理委员会官方网站（www.cnca.gov.cn）查询。", None, y + 10, 9, "center",
          color=GREY)
    s.box(80, 690, 150, 740, stroke=INK, w=0.8)
    s.put("CNAS", 96, 700, 13)
    s.put("C0" + r.digits(2) + "-M", 93, 720, 9)
    signature(s, [body], 700, 13, 22, seal=body, r=44)
    return Doc(f, [s.page], notes="labels right-aligned in a column; 认证类型 printed")


@family("cert_cma_boxed_number")
def cma_boxed_number(r: R, ctx: Ctx) -> Doc:
    """CMA 资质认定证书: the 12-digit number in a labelled box top-right, the holder (often a sub-unit such as
    …检测中心) after 机构名称, 地址, 发证日期 / 有效期至, 发证机关 with the seal; no first-issue date."""
    issue = V.day_between(r, date(2022, 6, 1), date(2025, 9, 30))
    until = V.years_later(issue, 6)
    company = V.company(r)
    holder = company + r.choice(V.SUB_UNITS[:5]) if r.chance(0.7) else company
    number = f"{issue:%y}09{r.digits(8)}"
    f = {"holder": holder, "kind": "检验检测机构资质认定（CMA）", "number": number, "first_issue_date": None,
         "issue_date": issue.isoformat(), "certification_type": None, "valid_until": until.isoformat(),
         "issuer": "上海市市场监督管理局", "address": V.address(r)}
    ds = r.choice(("cn0", "cn", "han"))
    s = Sheet(A4, ctx.font, (76, 70, 76, 70))
    s.frame(26, (120, 90, 40), 2.2)
    s.box(s.right - 180, 58, s.right, 104, stroke=INK, w=0.8)
    s.put("证书编号", s.right - 172, 63, 9, color=GREY)
    s.put(number, s.right - 172, 80, 14)
    s.put("CMA", s.left, 64, 26, font=ctx.title_font, color=(190, 30, 30))
    s.put("检验检测机构", None, 160, 26, "center", font=ctx.title_font)
    s.put("资质认定证书", None, 204, 26, "center", font=ctx.title_font)
    s.put("检验检测机构资质认定（CMA）", None, 254, 12, "center", color=GREY)
    y = 310
    for lab, val in (("机构名称", holder), ("地　　址", f["address"])):
        s.put(f"{lab}：", s.left, y, 13)
        for k, ln in enumerate(wrap(val, s.right - s.left - 80, 13, ctx.font)):
            s.put(ln, s.left + 80, y + k * 22, 13)
        y += 22 * len(wrap(val, s.right - s.left - 80, 13, ctx.font)) + 16
    s.para("经审查，你机构已具备国家有关法律、行政法规规定的基本条件和能力，现予批准，可以向社会出具具有证明作用的数据和"
           "结果，特发此证。资质认定包括检验检测机构计量认证。", s.left, y + 10, s.right - s.left, 12, 22, indent=24)
    s.put("检验检测能力及授权签字人见证书附表。", s.left, y + 110, 12)
    s.put(f"发证日期：{fmt_date(f['issue_date'], ds)}", s.left, 640, 12.5)
    s.put(f"有效期至：{fmt_date(f['valid_until'], ds)}", s.left, 664, 12.5)
    signature(s, ["发证机关：上海市市场监督管理局"], 652, 12.5, 22, seal="上海市市场监督管理局", r=46)
    s.put("本证书由国家认证认可监督管理委员会监制，在中华人民共和国境内有效。", None, s.h - 60, 8.5, "center", color=GREY)
    return Doc(f, [s.page], notes="number in a labelled box; holder often a sub-unit; no first-issue date")


@family("cert_product_inline_models")
def product_inline_models(r: R, ctx: Ctx) -> Doc:
    """Product certificate: 委托人 (holder) and 生产者 (manufacturer, sometimes a branch of the holder), the models
    inline separated by 、 and wrapping, 首次颁证日期 / 本次颁证日期 / 有效期至, a 换证 note when renewed."""
    kind, pre = r.choice(PRODUCT_KINDS)
    product, mp, variants = r.choice(PRODUCTS)
    renewal = r.chance(0.45)
    first, issue, until = _dates(r, 5, renewal)
    holder = V.company(r)
    manufacturer = holder if r.chance(0.5) else holder.replace("有限公司", "有限公司金山分公司")
    models = [mp + v for v in r.sample(variants, r.int(2, len(variants)))]
    number = f"{pre}{issue:%y}{r.digits(8)}"
    std = V.std_code(r, "GB/T", r.int(2015, 2023))
    f = {"holder": holder, "kind": kind, "number": number, "first_issue_date": first.isoformat(),
         "issue_date": issue.isoformat(), "certification_type": "renewal" if renewal else "initial",
         "valid_until": until.isoformat(), "issuer": "中国质量认证中心有限公司" if pre == "CQC" else
         "中环联合（北京）认证中心有限公司", "standard": std, "product": product, "manufacturer": manufacturer,
         "models": models}
    ds = r.choice(("iso", "cn0", "dot0"))
    s = Sheet(A4, ctx.font, (72, 60, 72, 60))
    s.frame(28, (30, 80, 150), 1.4)
    s.put(f"{kind}证书", None, 96, 25, "center", font=ctx.title_font, color=(30, 80, 150))
    s.put(f"证书编号：{number}", None, 140, 12, "center")
    y = 190
    size, lead = 12, 21
    items = [("委托人名称", holder), ("生产者（制造商）名称", manufacturer), ("产品名称", product),
             ("产品型号规格", "、".join(models)), ("依据标准和技术要求", std),
             ("首次颁证日期", fmt_date(f["first_issue_date"], ds)), ("本次颁证日期", fmt_date(f["issue_date"], ds)),
             ("证书有效期至", fmt_date(f["valid_until"], ds))]
    for lab, val in items:
        for k, ln in enumerate(wrap(f"{lab}：{val}", s.right - s.left, size, ctx.font)):
            s.put(ln, s.left + (0 if k == 0 else 24), y, size)
            y += lead
        y += 8
    s.para("换证说明：本证书为到期换发证书，原证书同时作废。" if renewal else "颁证说明：本证书为首次颁发。", s.left, y + 10,
           s.right - s.left, 11, 20)
    s.para("上述产品符合认证实施规则的要求，特发此证。获证产品应按规定使用认证标志，本证书的有效性依据认证机构的定期"
           "监督获得保持。", s.left, y + 44, s.right - s.left, 11, 20, indent=22)
    signature(s, [f["issuer"]], 700, 13, 22, seal=f["issuer"], r=46)
    return Doc(f, [s.page], notes="委托人 vs 生产者; models inline separated by 、; 换证 note when renewed")


@family("cert_cnas_landscape_bilingual")
def cnas_landscape_bilingual(r: R, ctx: Ctx) -> Doc:
    """Landscape CNAS accreditation certificate, Chinese lines each with an English line: 兹证明 / This is to
    certify that, the laboratory (often a sub-unit of the company) centred, the registration number top-right,
    初次认可日期 / 发证日期 / 有效期至 in a row at the foot. Like the corpus, certification_type follows from the
    two printed dates (renewal when the initial accreditation is earlier than this issue)."""
    renewal = r.chance(0.5)
    first, issue, until = _dates(r, 6, renewal)
    company = V.company(r)
    holder = company + r.choice(("检测中心", "理化实验室", "计量检测中心", "质量检验中心"))
    number = f"CNAS L{r.int(1000, 25999)}"
    f = {"holder": holder, "kind": "CNAS实验室认可", "number": number, "first_issue_date": first.isoformat(),
         "issue_date": issue.isoformat(), "certification_type": "renewal" if renewal else "initial",
         "valid_until": until.isoformat(), "issuer": "中国合格评定国家认可委员会"}
    ds = r.choice(("iso", "cn"))
    s = Sheet(A4_LANDSCAPE, ctx.font, (70, 50, 70, 50))
    s.frame(22, (20, 70, 130), 2.0)
    s.put(f"注册号：{number}", None, 56, 11, "right")
    s.put("No. " + number.replace("CNAS ", ""), None, 72, 9, "right", color=GREY)
    s.put("认 可 证 书", None, 100, 30, "center", font=ctx.title_font, color=(20, 70, 130))
    s.put("CERTIFICATE OF ACCREDITATION", None, 142, 12, "center", color=GREY, spacing=1.5)
    s.put(f"认可类别：{f['kind']}", s.left + 40, 166, 10.5, color=GREY)
    s.put("兹证明：", s.left + 40, 192, 14)
    s.put("This is to certify that", s.left + 40, 212, 9.5, color=GREY)
    y = 244
    for ln in wrap(holder, 600, 26, ctx.title_font):
        s.put(ln, None, y, 26, "center", font=ctx.title_font)
        y += 40
    y = s.para("符合ISO/IEC 17025:2017《检测和校准实验室能力的通用要求》（CNAS-CL01《检测和校准实验室能力认可准则》）"
               "的要求，具备承担本证书附件所列检测服务的能力，予以认可。", s.left + 40, y + 10, s.w - 2 * s.left - 80, 13.5,
               25, indent=27)
    s.put("is accredited in accordance with ISO/IEC 17025:2017 for the competence in the fields of testing.",
          s.left + 40, y + 4, 10, color=GREY)
    yy = 452
    for k, (lab, en, val) in enumerate((("初次认可日期", "Initial accreditation", f["first_issue_date"]),
                                        ("发证日期", "Date of issue", f["issue_date"]),
                                        ("有效期至", "Valid until", f["valid_until"]))):
        x = s.left + 10 + k * 190
        s.put(f"{lab}：{fmt_date(val, ds)}", x, yy, 12.5)
        s.put(en, x, yy + 18, 9, color=GREY)
    signature(s, ["中国合格评定国家认可委员会"], 500, 14, 20, seal="中国合格评定国家认可委员会", r=44, x1=s.w - 80)
    return Doc(f, [s.page], notes="landscape, bilingual; laboratory name after 兹证明 without a label")


BODIES_EN = {"中国质量认证中心有限公司": "China Quality Certification Centre", "方圆标志认证集团有限公司":
             "China Fangyuan Mark Certification Group", "上海质量体系审核中心": "Shanghai Audit Center of Quality System",
             "中国船级社质量认证有限公司": "China Classification Society Certification Co., Ltd.",
             "北京世标认证中心有限公司": "Beijing World Standard Certification Center", "上海英格尔认证有限公司":
             "Shanghai Ingeer Certification Co., Ltd."}


@family("cert_mgmt_bilingual_portrait")
def mgmt_bilingual_portrait(r: R, ctx: Ctx) -> Doc:
    """Management-system certificate, portrait, each item a Chinese line and its English line: 兹证明 / This is to
    certify that, the holder centred (its English name invented), the standard, the scope, then dates as
    `label：value` pairs each with an English label line (初次认证日期 / Initial Certification Date …, 换证日期 or
    颁证日期); the body's name in both languages at the foot under its seal; the number at the top right."""
    kind, title, std, letter = r.choice(SYSTEMS)
    renewal = r.chance(0.5)
    first, issue, until = _dates(r, 3, renewal)
    holder = V.company(r)
    body = r.choice(tuple(BODIES_EN))
    number = f"{r.choice(('CN', 'SH', '0'))}{issue:%y}{letter}{r.digits(6)}"
    scope = f"{r.choice(PRODUCTS)[0]}的{r.choice(('设计、生产', '生产和销售', '研发、生产和服务'))}"
    f = {"holder": holder, "kind": kind, "number": number, "first_issue_date": first.isoformat() if renewal else None,
         "issue_date": issue.isoformat(), "certification_type": "renewal" if renewal else None,
         "valid_until": until.isoformat(), "issuer": body, "standard": std, "scope": scope}
    ds = r.choice(("cn", "iso", "dot0"))
    s = Sheet(A4, ctx.font, (76, 60, 76, 60))
    s.frame(28, (30, 60, 120), 1.4)
    s.put(f"证书号 Certificate No.：{number}", None, 70, 10, "right", x1=s.right)
    s.put(title, None, 120, 24, "center", font=ctx.title_font, color=(30, 60, 120))
    s.put("CERTIFICATE OF " + {"Q": "QUALITY", "E": "ENVIRONMENTAL", "S": "OCCUPATIONAL HEALTH AND SAFETY",
                               "En": "ENERGY"}[letter] + " MANAGEMENT SYSTEM", None, 154, 10, "center", color=GREY)
    y = 200
    s.put("兹证明", None, y, 13, "center")
    s.put("This is to certify that", None, y + 18, 9.5, "center", color=GREY)
    s.put(holder, None, y + 46, 18, "center", font=ctx.title_font)
    s.put(f"Shanghai {r.choice(('Jinshan', 'Huaxin', 'Hengtai', 'Chenxing'))} Co., Ltd.", None, y + 72, 9.5, "center",
          color=GREY)
    y += 110
    s.put(f"认证项目：{kind}", None, y - 14, 12, "center")
    y += 16
    s.put(f"建立的管理体系符合标准：{std}", None, y, 12, "center")
    s.put("has established a management system in accordance with the standard above", None, y + 18, 9, "center",
          color=GREY)
    y += 48
    s.put("认证范围：", s.left, y, 12)
    for k, ln in enumerate(wrap(scope, s.right - s.left - 70, 12, ctx.font)):
        s.put(ln, s.left + 62, y + k * 20, 12)
    y += 28
    s.put("Scope of certification: as described above", s.left, y, 9, color=GREY)
    y += 40
    items = []
    if renewal:
        items.append(("初次认证日期", "Initial Certification Date", f["first_issue_date"]))
    items += [(r.choice(("换证日期", "颁证日期")) if renewal else "颁证日期", "Date of Issue", f["issue_date"]),
              ("有效期至", "Valid Until", f["valid_until"])]
    for cn, en, val in items:
        s.put(f"{cn}：{fmt_date(val, ds)}", s.left, y, 12)
        s.put(en, s.left, y + 16, 8.5, color=GREY)
        y += 40
    if renewal:
        s.put("本证书为再认证证书。This certificate is issued upon recertification.", s.left, y, 10)
    signature(s, [body], 690, 13, 20, seal=body, r=44)
    s.put(BODIES_EN[body], None, 712, 9, "right", x1=s.right - 20, color=GREY)
    return Doc(f, [s.page], notes="bilingual portrait: an English line under every item; 再认证 only in a sentence")
