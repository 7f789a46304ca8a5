"""THE table of layout families: kind, tag, deliveries.

tag `tune`:   families extraction may be developed and tuned against.
tag `report`: held-out families. They are generated and measured, and the benchmark prints their figure beside
              the tune figure, but nobody looks at their misses to change extraction: never write a rule, a label
              variant or a threshold because a `report` document failed. A report figure that drops below the
              tune figure is the signal that the mechanism was fitted to the tune layouts.

Deliveries: `name` or `name@rotation`, rotation being 90/180/270 (the content turned clockwise), `any` (one of
0/90/180/270 drawn from the document's seed) or `land90`/`land270` (only the landscape pages of a multi-page
scan turned, as when an annex is scanned sideways). Document k of a family uses deliveries[k % len].
"""

from __future__ import annotations

from dataclasses import dataclass

TUNE, REPORT = "tune", "report"


@dataclass(frozen=True)
class Family:
    name: str
    kind: str
    tag: str
    deliveries: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    # business_licence
    Family("lic_label_column_right", "business_licence", TUNE, ("scan_jpg", "photo_jpg@any")),
    Family("lic_boxed_landscape", "business_licence", REPORT, ("text_pdf", "scan_pdf@90")),
    Family("lic_registry_print", "business_licence", TUNE, ("text_pdf", "scan_pdf")),
    Family("lic_copy_wrapped_margin", "business_licence", TUNE, ("copy_jpg", "copy_pdf@180")),
    Family("lic_grid_portrait_cells", "business_licence", TUNE, ("scan_pdf", "text_pdf")),
    Family("lic_original_two_columns", "business_licence", TUNE, ("scan_jpg", "text_pdf", "photo_jpg@any")),
    Family("lic_transition_regno_han", "business_licence", TUNE, ("scan_pdf", "copy_jpg", "text_pdf")),
    Family("lic_app_label_above", "business_licence", TUNE, ("scan_png", "text_pdf", "photo_jpg@any")),
    # credit_report
    Family("credit_sh_entity_tables", "credit_report", TUNE, ("text_pdf", "scan_pdf")),
    Family("credit_xyzg_numbered_records", "credit_report", TUNE, ("scan_pdf", "text_pdf")),
    Family("credit_person_two_column", "credit_report", REPORT, ("text_pdf", "photo_jpg@any")),
    Family("credit_summary_matrix", "credit_report", TUNE, ("scan_jpg", "scan_png")),
    Family("credit_landscape_wide_table", "credit_report", REPORT, ("text_pdf", "scan_pdf@land90")),
    Family("credit_person_header_grid", "credit_report", TUNE, ("scan_pdf", "text_pdf")),
    Family("credit_org_open_wide_table", "credit_report", TUNE, ("text_pdf", "scan_pdf")),
    Family("credit_org_record_cards", "credit_report", TUNE, ("scan_pdf", "text_pdf")),
    # award_certificate
    Family("award_landscape_caption_above", "award_certificate", TUNE, ("scan_jpg", "text_pdf", "photo_jpg@any")),
    Family("award_comrade_sentence", "award_certificate", TUNE, ("photo_jpg@90", "scan_pdf")),
    Family("award_project_units_table", "award_certificate", REPORT, ("text_pdf", "scan_jpg")),
    Family("award_prose_inline_recipient", "award_certificate", TUNE, ("scan_jpg", "copy_jpg")),
    Family("award_bilingual_portrait", "award_certificate", REPORT, ("scan_png", "photo_jpg@180")),
    Family("award_units_numbered_lines", "award_certificate", TUNE, ("scan_pdf", "text_pdf")),
    Family("award_bilingual_landscape", "award_certificate", TUNE, ("text_pdf", "scan_jpg")),
    Family("award_wall_plaque", "award_certificate", REPORT, ("photo_jpg", "scan_jpg")),
    Family("award_org_salutation_line", "award_certificate", TUNE, ("scan_jpg", "text_pdf")),
    Family("award_person_photo_form", "award_certificate", TUNE, ("text_pdf", "scan_png", "photo_jpg@any")),
    # award_notice
    Family("notice_annex_wrapped_grid", "award_notice", TUNE, ("text_pdf", "scan_pdf")),
    Family("notice_numbered_lines", "award_notice", TUNE, ("scan_pdf", "text_pdf")),
    Family("notice_prose_grant", "award_notice", REPORT, ("scan_jpg", "text_pdf")),
    Family("notice_group_merged_rank", "award_notice", TUNE, ("copy_pdf", "text_pdf")),
    Family("notice_landscape_name_list", "award_notice", REPORT, ("text_pdf", "scan_pdf@land270")),
    Family("notice_gov_site_info_grid", "award_notice", TUNE, ("text_pdf", "scan_pdf")),
    Family("notice_rank_subheadings", "award_notice", TUNE, ("scan_pdf", "text_pdf")),
    # standard
    Family("std_gbt_stacked_dates", "standard", TUNE, ("text_pdf", "scan_pdf")),
    Family("std_db31_units_per_line", "standard", REPORT, ("scan_pdf", "copy_pdf")),
    Family("std_group_lead_participating", "standard", TUNE, ("text_pdf", "scan_pdf")),
    Family("std_industry_cover_replaces", "standard", TUNE, ("scan_pdf", "text_pdf")),
    Family("std_enterprise_units_table", "standard", TUNE, ("text_pdf", "scan_pdf")),
    Family("std_units_runon_sentence", "standard", TUNE, ("scan_pdf", "text_pdf")),
    Family("std_group_bilingual_cover", "standard", REPORT, ("scan_pdf", "text_pdf")),
    # approval
    Family("approval_reply_boxed_table", "approval", TUNE, ("scan_pdf", "text_pdf")),
    Family("approval_batch_annex_table", "approval", REPORT, ("text_pdf", "scan_pdf")),
    Family("approval_municipal_prose_inline", "approval", TUNE, ("photo_jpg@any", "scan_jpg")),
    Family("approval_international_bilingual", "approval", TUNE, ("text_pdf", "copy_jpg")),
    # certification
    Family("cert_mgmt_label_column", "certification", TUNE, ("scan_jpg", "text_pdf")),
    Family("cert_cma_boxed_number", "certification", REPORT, ("text_pdf", "photo_jpg@any")),
    Family("cert_product_inline_models", "certification", TUNE, ("scan_pdf", "copy_jpg")),
    Family("cert_cnas_landscape_bilingual", "certification", REPORT, ("scan_jpg", "text_pdf")),
    Family("cert_mgmt_bilingual_portrait", "certification", TUNE, ("text_pdf", "scan_jpg")),
    # appointment
    Family("appoint_notice_textpdf", "appointment", TUNE, ("text_pdf", "scan_pdf")),
    Family("appoint_certificate_centered", "appointment", TUNE, ("photo_jpg@any", "scan_jpg")),
    Family("appoint_filing_table_grid", "appointment", REPORT, ("scan_pdf", "copy_jpg")),
    Family("appoint_board_resolution", "appointment", TUNE, ("text_pdf", "scan_jpg")),
    # other
    Family("other_contents_table", "other", TUNE, ("text_pdf", "scan_pdf")),
    Family("other_commitment_letter", "other", REPORT, ("scan_jpg", "text_pdf")),
    Family("other_name_change_note", "other", TUNE, ("text_pdf", "photo_jpg@any")),
    Family("other_authorization_letter", "other", TUNE, ("scan_pdf", "text_pdf")),
    Family("other_application_report", "other", TUNE, ("text_pdf", "scan_jpg")),
)


def by_name() -> dict[str, Family]:
    return {f.name: f for f in FAMILIES}
