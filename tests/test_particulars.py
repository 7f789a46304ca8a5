"""Particulars printed the way letters print them: a bilingual table cell (the Chinese name with its English name
under it), a certificate number given in a sentence (证书编号为…), a letter's title in plain type and the
organisation that signs it."""

from __future__ import annotations

from datetime import date

from models.reading import Cell, DocumentText, Span, Table
from pipeline.extract.documents import extract_facts
from tests.docmaker import facts_of, policy

H = 11


def _span(text, x, y):
    w = sum(H / 2 if ord(c) < 0x80 else H for c in text)
    return Span(text=text, page=1, bbox=(x, y, x + w, y + H), confidence=1.0, source="text_layer")


def test_a_bilingual_cell_gives_the_chinese_name_and_the_english_name_under_it():
    spans = [_span("国家标准化管理委员会", 240, 60), _span("国标委国际函〔2025〕216号", 230, 90),
             _span("关于同意承担ISO/TC 186秘书处工作的批复", 180, 120), _span("上海市金山区永通生物科技股份有限公司：", 60, 150),
             _span("你单位承担下列国际标准化技术机构的秘书处工作：", 80, 175),
             _span("技术机构 Committee", 70, 300), _span("ISO/TC 186", 222, 300),
             _span("名称 Title", 70, 330), _span("纺织品技术委员会", 222, 326), _span("Textiles", 222, 342),
             _span("承担单位 Holder", 70, 367), _span("上海市金山区永通生物科技股份有限公司", 222, 367),
             _span("国家标准化管理委员会", 380, 450), _span("2025年1月1日", 395, 470)]
    cells = [Cell(row=0, col=0, bbox=(66, 293, 216, 318), text="技术机构 Committee"),
             Cell(row=0, col=1, bbox=(216, 293, 529, 318), text="ISO/TC 186"),
             Cell(row=1, col=0, bbox=(66, 318, 216, 359), text="名称 Title"),
             Cell(row=1, col=1, bbox=(216, 318, 529, 359), text="纺织品技术委员会Textiles"),
             Cell(row=2, col=0, bbox=(66, 359, 216, 384), text="承担单位 Holder"),
             Cell(row=2, col=1, bbox=(216, 359, 529, 384), text="上海市金山区永通生物科技股份有限公司")]
    table = Table(page=1, bbox=(66, 293, 529, 384), n_rows=3, n_cols=2, cells=cells, source="pdf_rules")
    doc = DocumentText(file="批复.pdf", sha256="x", pages=[1], type="approval", spans=spans, tables=[table])
    got = {k: v.value for k, v in extract_facts(doc, policy(), date(2025, 12, 31)).fields.items()}
    assert (got["committee"], got["committee_en"], got["code"]) == ("纺织品技术委员会", "Textiles", "ISO/TC 186")


def test_a_training_certificate_number_given_in_a_sentence():
    _, got = facts_of([(60, 60, "绿利（上海）医疗器械有限公司"), (60, 90, "第二届董事会第十二次会议决议"),
                       (40, 130, "一、审议通过《关于聘任公司首席质量官的议案》，同意聘任崔明磊为公司首席质量官。"),
                       (40, 160, "崔明磊已取得相应培训合格证书，证书编号为BZZJ-2024-3018。"),
                       (300, 260, "绿利（上海）医疗器械有限公司"), (320, 290, "2024年9月20日")], kind="appointment")
    assert got["training_cert_no"] == "BZZJ-2024-3018"


def test_a_letters_title_in_plain_type_and_the_organisation_that_signs_it():
    _, got = facts_of([(120, 60, "关于企业名称变更的情况说明"), (40, 100, "上海市金山区市场监督管理局："),
                       (60, 130, "我单位原名称为“上海金山峻煦智能装备股份有限公司”，经核准，名称变更为"),
                       (40, 160, "“上海金山德晟新材料科技股份有限公司”，统一社会信用代码不变。"), (60, 190, "特此说明。"),
                       (300, 260, "上海金山德晟新材料科技股份有限公司"), (340, 290, "2025年5月21日")], kind="other")
    assert got["title"] == "关于企业名称变更的情况说明"
    assert got["applicant"] == "上海金山德晟新材料科技股份有限公司"


def test_a_standards_dates_written_in_chinese_and_a_title_not_joined_to_a_label_under_it():
    _, std = facts_of([(60, 60, "团体标准"), (60, 100, "T/SHBZ 023-2025"), (60, 140, "智能水表检测方法"),
                       (60, 200, "2025年7月22日发布"), (300, 200, "2025年11月1日实施"), (200, 260, "上海市标准化协会发布")],
                      kind="standard")
    assert (std["publish_date"], std["implement_date"]) == ("2025-07-22", "2025-11-01")
    big = Span(text="市场主体信用信息简版报告", page=1, bbox=(120, 60, 420, 85), confidence=0.95, source="ocr")
    spans = [big, _span("编号：沪信简〔2025〕261号", 150, 92), _span("信息主体：上海宸达智能装备股份有限公司", 60, 130),
             _span("上海市公共信用信息服务中心", 300, 300), _span("出具日期：2025年3月25日", 300, 330)]
    doc = DocumentText(file="信用报告.png", sha256="x", pages=[1], type="credit_report", spans=spans)
    assert extract_facts(doc, policy(), date(2025, 12, 31)).get("title") == "市场主体信用信息简版报告"


def test_two_bodies_stacked_beside_one_fabu_are_both_the_standards_issuers():
    """A GB cover prints its two bodies one above the other with 发布 centred beside them: 发布 shares a line with
    the lower body only, and the upper one is an issuer too."""
    def at(text, box):
        return Span(text=text, page=1, bbox=box, confidence=0.95, source="ocr")
    spans = [at("中华人民共和国国家标准", (149, 131, 456, 164)), at("GB 41377—2023", (421, 187, 537, 206)),
             at("不锈钢管件试验方法", (187, 322, 411, 353)), at("2023-03-03发布", (427, 663, 527, 683)),
             at("2023-06-01实施", (427, 687, 526, 708)), at("国家市场监督管理总局", (214, 729, 365, 751)),
             at("国家标准化管理委员会", (213, 752, 365, 773)), at("发布", (416, 743, 458, 767))]
    doc = DocumentText(file="标准.pdf", sha256="x", pages=[1], type="standard", spans=spans)
    got = extract_facts(doc, policy(), date(2025, 12, 31)).get("issuer")
    assert got == "国家市场监督管理总局、国家标准化管理委员会"


def test_a_speck_read_as_a_stop_before_zhi_is_not_part_of_the_term():
    _, got = facts_of([(200, 40, "营业执照"), (60, 100, "统一社会信用代码 91310116MA1JX0TB4P"),
                       (60, 130, "名称 上海永星医疗器械有限公司"), (60, 160, "营业期限 1997.02.26.至2027.02.25"),
                       (60, 190, "住所 上海市金山区亭林镇林盛路58号")], kind="business_licence")
    assert got["term"] == "1997.02.26至2027.02.25"


def test_a_name_after_the_piece_of_a_letter_spaced_label_ocr_kept():
    """名　称： printed letter-spaced on a photocopy, OCR lost 名: 称： and a whole company name after it is the name,
    with a note."""
    f, got = facts_of([(200, 40, "营业执照"), (60, 100, "统一社会信用代码：91310116315346284C"),
                       (90, 130, "称：上海永星医疗器械有限公司"), (60, 160, "类型：有限责任公司（自然人投资或控股）"),
                       (60, 190, "法定代表人：郝平华")], kind="business_licence")
    assert got["name"] == "上海永星医疗器械有限公司"
    assert "标签未完整识别" in f.fields["name"].note


def _ocr(text, box):
    return Span(text=text, page=1, bbox=box, confidence=0.95, source="ocr")


def test_a_licence_read_through_its_marks_and_its_other_column():
    """A code under its label with a line of the other column (证照编号, far right, a little lower) between them in
    reading order; the box or tick OCR reads for the rule between a label and its value (类型☑…) is no part of it."""
    spans = [_ocr("统一社会信用代码", (144, 128, 319, 163)), _ocr("证照编号：833295788444332293", (873, 146, 1131, 177)),
             _ocr("91310116392013215H", (146, 166, 386, 198)), _ocr("营业执照", (429, 290, 844, 386)),
             _ocr("名称上海卓沃智能装备（集团）有限公司", (312, 488, 818, 532)), _ocr("类型☑其他有限责任公司", (306, 553, 609, 598)),
             _ocr("法定代表人☑邓东", (227, 621, 454, 663))]
    doc = DocumentText(file="执照.jpg", sha256="x", pages=[1], type="business_licence", spans=spans)
    got = {k: v.value for k, v in extract_facts(doc, policy(), date(2025, 12, 31)).fields.items()}
    assert (got["uscc"], got["kind"], got["legal_rep"]) == ("91310116392013215H", "其他有限责任公司", "邓东")


def test_an_address_that_wraps_back_to_its_labels_margin():
    """住　所 letter-spaced, OCR giving 住 and 所：… apart; the address, unfinished (…第3), goes on at the margin the
    label starts at (幢5层)."""
    _, got = facts_of([(200, 40, "营业执照"), (80, 100, "统一社会信用代码：91310116MA1HM1BR0E"),
                       (80, 130, "名称：逸达（上海）家居用品有限公司"), (80, 160, "住"),
                       (130, 160, "所：上海市金山区枫泾镇亭平街2577号第3"), (80, 182, "幢5层"),
                       (80, 212, "法定代表人：徐颖萍")], kind="business_licence")
    assert got["address"] == "上海市金山区枫泾镇亭平街2577号第3幢5层"


def test_a_product_certificate_with_half_width_brackets_in_a_label_and_ocrs_yi_for_a_dash():
    _, got = facts_of([(200, 40, "低碳产品认证证书"), (60, 90, "证书编号：CQC2404509743"),
                       (60, 120, "委托人名称：上海升力流体设备(集团)有限公司"),
                       (60, 150, "生产者(制造商)名称：上海升力流体设备(集团)有限公司"), (60, 180, "产品名称：食品接触用包装膜"),
                       (60, 210, "依据标准和技术要求：GB/T45164一2020"), (60, 240, "本次颁证日期：2024.06.08"),
                       (300, 320, "中国质量认证中心有限公司")], kind="certification")
    assert got["manufacturer"] == "上海升力流体设备(集团)有限公司"
    assert got["standard"] == "GB/T45164—2020"


def test_a_letters_number_with_a_round_and_a_square_bracket_round_its_year():
    _, got = facts_of([(200, 40, "上海市市场监督管理局"), (200, 80, "沪市监标技（2023〕311号"),
                       (100, 120, "关于同意筹建上海市专业标准化技术委员会的批复"), (60, 160, "上海某某科技有限公司：")],
                      kind="approval")
    assert got["doc_no"] == "沪市监标技〔2023〕311号"


def test_letters_ocr_read_off_a_seals_ring_are_not_a_line_of_the_page():
    from models.reading import SealText
    from pipeline.read import _without_ring_text

    seal = SealText(page=1, bbox=(772, 1360, 1040, 1628), readings=["上海市市场监督管理局"], confidence=0.95)
    spans = [_ocr("登记机关", (603, 1390, 720, 1435)), _ocr("场监", (847, 1401, 948, 1440)),
             _ocr("上海市市场监督管理局", (784, 1443, 1047, 1488)), _ocr("二〇二〇年八月二十八日", (758, 1487, 1045, 1533))]
    assert [s.text for s in _without_ring_text(spans, [seal])] == ["登记机关", "上海市市场监督管理局", "二〇二〇年八月二十八日"]


def test_a_signature_whose_name_and_date_ocr_split_into_pieces():
    """A photocopy's signature block: the company's name in two pieces (…（集团） | 有限公司) and the date in two
    (二〇二五年十月二十 | 二日), each pair less than a character apart."""
    spans = [_ocr("关于企业名称变更的情况说明", (175, 78, 427, 101)), _ocr("上海市金山区市场监督管理局：", (79, 129, 252, 147)),
             _ocr("我单位原名称为“上海信峰阀门制造有限公司”，经核准，名称变更为“上海麒骏纺织", (103, 157, 511, 177)),
             _ocr("科技（集团）有限公司”，统一社会信用代码不变。", (78, 184, 400, 204)), _ocr("特此说明。", (100, 291, 167, 310)),
             _ocr("上海麒骏纺织科技（集团）", (303, 342, 445, 357)), _ocr("有限公司", (447, 340, 503, 356)),
             _ocr("二〇二五年十月二十", (375, 364, 487, 382)), _ocr("二日", (489, 367, 513, 380))]
    doc = DocumentText(file="说明.pdf", sha256="x", pages=[1], type="other", spans=spans)
    f = extract_facts(doc, policy(), date(2025, 12, 31))
    assert f.get("applicant") == "上海麒骏纺织科技（集团）有限公司"
    from pipeline.extract.reader import DocReader
    from pipeline.extract.readers.common import signature

    assert signature(DocReader(doc))[1].value == "2025-10-22"


def test_a_committee_code_with_a_speck_and_a_certificate_numbered_like_a_letter():
    _, got = facts_of([(200, 40, "上海市市场监督管理局"), (100, 80, "关于同意组建上海市橡胶标准化技术委员会的批复"),
                       (60, 120, "同意组建上海市橡胶标准化技术委员会(编号：SH/TC.034)，由上海金山俊科建材科技股份有限公司"),
                       (60, 150, "承担秘书处工作。"), (300, 220, "上海市市场监督管理局"), (300, 250, "2024年10月7日")],
                      kind="approval")
    assert (got["code"], got["level"]) == ("SH/TC 034", "municipal")
    _, got = facts_of([(240, 60, "荣誉证书"), (230, 90, "沪府质奖〔2024]64号"), (60, 130, "上海金山某某科技有限公司："),
                       (60, 160, "你公司荣获2024年度“上海市市长质量奖”称号。"), (300, 260, "上海市人民政府"),
                       (300, 290, "二〇二四年十月")], kind="award_certificate")
    assert got["cert_no"] == "沪府质奖〔2024〕64号"  # OCR's ] for the closing 〕


def test_a_certification_body_whose_brackets_ocr_dropped_is_named_as_registered():
    _, got = facts_of([(200, 40, "低碳产品认证证书"), (60, 90, "证书编号：CCAEPI-EP-2024-118"),
                       (60, 120, "委托人名称：上海升力流体设备（集团）有限公司"), (60, 150, "产品名称：食品接触用包装膜"),
                       (60, 180, "本次颁证日期：2024.06.08"), (300, 320, "中环联合北京认证中心有限公司")], kind="certification")
    assert got["issuer"] == "中环联合（北京）认证中心有限公司"


def test_two_stacked_bodies_whose_fabu_shares_the_upper_ones_line():
    spans = [_ocr("中华人民共和国国家标准", (143, 126, 449, 160)), _ocr("GB 45778—2024", (421, 178, 531, 199)),
             _ocr("预制混凝土构件生产管理规范", (135, 316, 463, 350)), _ocr("2024-10-17 发布", (436, 656, 536, 675)),
             _ocr("2025-04-01 实施", (437, 681, 538, 699)), _ocr("国家市场监督管理总局", (225, 727, 378, 750)),
             _ocr("发布", (430, 736, 472, 760)), _ocr("国家标准化管理委员会", (226, 751, 378, 772))]
    doc = DocumentText(file="标准.pdf", sha256="x", pages=[1], type="standard", spans=spans)
    assert extract_facts(doc, policy(), date(2025, 12, 31)).get("issuer") == "国家市场监督管理总局、国家标准化管理委员会"


def test_a_training_number_wrapped_with_a_space_after_its_bracket():
    _, got = facts_of([(60, 60, "上海麒骏纺织科技（集团）有限公司"), (100, 100, "关于聘任余霞凯同志为公司首席质量官的通知"),
                       (60, 140, "余霞凯同志已参加首席质量官培训并考核合格(培训合格证书编号:沪质培（"),
                       (40, 170, "2024) 第7860号)。"), (300, 260, "上海麒骏纺织科技（集团）有限公司"), (320, 290, "2024年5月10日")],
                      kind="appointment")
    assert got["training_cert_no"] == "沪质培（2024)第7860号"


def test_ring_text_read_unlike_the_ring_is_still_ring_text_out_in_the_ring():
    from models.reading import SealText
    from pipeline.read import _without_ring_text

    seal = SealText(page=1, bbox=(780, 1375, 996, 1591), readings=["海金山区市场监地局", "海金山区市场监管局"], confidence=0.87)
    spans = [_ocr("山区山", (820, 1390, 934, 1437)), _ocr("上海市金山区市场监督管理局", (718, 1442, 1057, 1478)),
             _ocr("金山区", (850, 1465, 930, 1495))]
    assert [s.text for s in _without_ring_text(spans, [seal])] == ["上海市金山区市场监督管理局", "金山区"]


def test_a_signing_body_whose_first_character_a_copy_lost_is_named_as_registered_with_a_note():
    f, got = facts_of([(200, 40, "上海市人民政府"), (200, 80, "沪府质奖〔2024〕50号"), (60, 120, "荣誉证书"),
                       (60, 160, "授予上海金山某某科技有限公司2024年度上海市市长质量奖。"), (300, 260, "海市人民政府"),
                       (300, 290, "2024年12月25日")], kind="award_certificate")
    assert got["issuer"] == "上海市人民政府"
    assert "首字未识别" in f.fields["issuer"].note


def test_a_licence_authority_printed_apart_from_its_label_beside_a_qr_code():
    """登记机关 on its own, the authority and the date under it further right (right-aligned), a QR code at the
    left whose modules the table finder takes for a ruled table at the authority's height: the authority is the
    body over the date."""
    from pipeline.classify import split_and_classify
    from pipeline.intake import _file
    from pipeline.read import read_file
    from tests.pdfmaker import text_pdf

    lines = [(230, 70, "营业执照", 28), (60, 130, "统一社会信用代码：91310116MA1FL2K3X9"),
             (60, 160, "名称：上海金山领先电器科技有限公司"), (60, 190, "法定代表人：曹萍晨"),
             (300, 384, "登记机关", 12.5), (404, 408, "上海市市场监督管理局", 12.5), (448, 430, "2020年1月23日", 12.5)]
    qr = [(64 + 4 * k, 400, 64 + 4 * k, 450) for k in range(11)] + \
        [(64, 400 + 5 * k, 104, 400 + 5 * k) for k in range(11)]
    docs = split_and_classify(read_file(_file("l.pdf", text_pdf([lines], rules=[qr]))))
    f = extract_facts(docs[0], policy(), date(2025, 12, 31), [])
    assert docs[0].type == "business_licence"
    assert f.fields["authority"].value == "上海市市场监督管理局"
    assert f.fields["issue_date"].value == "2020-01-23"


def test_a_bilingual_management_system_certificate():
    """证书号 Certificate No.：X (the label's English name before the colon), …符合标准：GB/T… on the phrase's own
    line, and the scope's English gloss under it not taken for the scope going on."""
    lines = [(330, 60, "证书号 Certificate No.：CN24E538872", 10), (170, 110, "环境管理体系认证证书", 24),
             (260, 170, "兹证明", 13), (240, 188, "This is to certify that", 9.5),
             (180, 220, "上海金山领先电器科技有限公司", 18),
             (150, 280, "建立的管理体系符合标准：GB/T 24001—2016/ISO 14001:2015", 12),
             (76, 330, "认证范围：", 12), (138, 330, "工业储能电池柜的设计、生产", 12),
             (76, 350, "Scope of certification: as described above", 9),
             (76, 390, "颁证日期：2024年3月5日", 12), (76, 430, "有效期至：2027年3月4日", 12),
             (330, 690, "中国质量认证中心有限公司", 13)]
    _, got = facts_of(lines, kind="certification")
    assert got["number"] == "CN24E538872"
    assert got["standard"] == "GB/T 24001—2016/ISO 14001:2015"
    assert got["scope"] == "工业储能电池柜的设计、生产"
    assert got["holder"] == "上海金山领先电器科技有限公司"


def test_a_landscape_licence_in_two_columns():
    """正本 in two columns: 住☑所 with a mark OCR read in the label's gap, 所上海市… whose 住 was lost standing in the
    right column of the scope's row, and the date under 登记机关 on one row with the site's URL far to its left."""
    spans = [_span("统一社会信用代码91310116629311971B", 60, 60), _span("营业执照", 380, 100),
             _span("名　　称", 70, 190), _span("上海金山鑫祥纺织科技股份有限公司", 150, 190),
             _span("注册资本", 450, 190), _span("人民币5000万元整", 530, 190),
             _span("法定代表人", 70, 220), _span("唐强欣", 150, 220), _span("成立日期", 450, 220),
             _span("2012年06月17日", 530, 220),
             _span("经营范围", 70, 250), _span("一般项目：通用设备制造；机械零件加工。", 150, 250),
             _span("所上海市金山区石化街道益富路6905号1号楼128室", 450, 250),
             _span("登记机关", 520, 420), _span("上海市金山区市场监督管理局", 560, 445),
             _span("国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", 150, 470), _span("二〇二一年八月十日", 620, 470)]
    doc = DocumentText(file="执照.jpg", sha256="x", pages=[1], type="business_licence", spans=spans)
    got = {k: v.value for k, v in extract_facts(doc, policy(), date(2025, 12, 31)).fields.items()}
    assert got["address"] == "上海市金山区石化街道益富路6905号1号楼128室"
    assert got["issue_date"] == "2021-08-10"
    assert got["authority"] == "上海市金山区市场监督管理局"
    spans[12] = _span("住☑所", 450, 250)
    spans.insert(13, _span("上海市金山区石化街道益富路6905号1号楼128室", 500, 250))
    doc = doc.model_copy(update={"spans": spans})
    got = {k: v.value for k, v in extract_facts(doc, policy(), date(2025, 12, 31)).fields.items()}
    assert got["address"] == "上海市金山区石化街道益富路6905号1号楼128室"
