"""What changed between two review drafts, in sentences a reviewer reads (Chinese). Pure: no I/O.

Claims are matched by their claim key (article, clause, item, and a running number when the same item is
claimed more than once), not by `claim_id`, which is only a position. Each line names the claim and says
what changed and why, e.g. "第十四条第（二）项 主导制定国家标准：金额 150,000 → 300,000 元；原因：…".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

STATUS_ZH = {
    "accepted": "建议通过", "rejected": "建议不予支持", "needs_review": "待人工审核",
    "eligible": "符合申报条件", "ineligible": "不符合申报条件",
    "pass": "通过", "fail": "不通过", "ok": "已读取", "partial": "部分读取", "error": "无法读取",
}


def _zh(status: str | None) -> str:
    return STATUS_ZH.get(status or "", status or "—")


def _yuan(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


def _as_dict(draft: Any) -> dict:
    return draft if isinstance(draft, dict) else draft.model_dump(mode="json")


def claim_keys(claims: list[dict]) -> list[str]:
    """Stable keys for a draft's claims, in order: `art14/2/主导制定国家标准#1`."""
    seen: Counter[str] = Counter()
    keys = []
    for c in claims:
        base = f"art{c.get('article')}/{c.get('clause') if c.get('clause') is not None else '-'}/{c.get('item')}"
        seen[base] += 1
        keys.append(f"{base}#{seen[base]}")
    return keys


def claim_label(c: dict) -> str:
    cit = c.get("citation")
    label = cit.get("label") if isinstance(cit, dict) else None
    if not label:
        clause = f"第（{c['clause']}）项" if c.get("clause") else ""
        label = f"第{c.get('article')}条{clause}"
    return f"{label} {c.get('item')}".strip()


def _new_reasons(old: dict, new: dict) -> list[str]:
    before = set(old.get("reasons") or [])
    return [r for r in new.get("reasons") or [] if r not in before and not r.startswith("口径说明")]


def _because(reasons: list[str]) -> str:
    return f"；原因：{'；'.join(reasons)}" if reasons else ""


def diff_drafts(old: Any, new: Any) -> list[str]:
    """Lines describing every change from `old` to `new`; empty when a reviewer would see no difference."""
    a, b = _as_dict(old), _as_dict(new)
    lines: list[str] = []

    for field, label in (("name", "申请人名称"), ("uscc", "统一社会信用代码")):
        va, vb = (a.get("applicant") or {}).get(field), (b.get("applicant") or {}).get(field)
        if va != vb:
            lines.append(f"{label}：{va or '—'} → {vb or '—'}")

    ea, eb = a.get("eligibility") or {}, b.get("eligibility") or {}
    checks_a = {c["rule"]: c for c in ea.get("checks") or []}
    changed_checks = []
    for c in eb.get("checks") or []:
        prev = checks_a.pop(c["rule"], None)
        if prev is None:
            changed_checks.append(f"新增审查“{c['rule']}”：{_zh(c['status'])}（{c.get('reason')}）")
        elif prev.get("status") != c.get("status"):
            changed_checks.append(f"审查“{c['rule']}”：{_zh(prev['status'])} → {_zh(c['status'])}（{c.get('reason')}）")
    for rule in checks_a:
        changed_checks.append(f"审查“{rule}”不再适用")
    if ea.get("status") != eb.get("status"):
        lines.append(f"申报资格：{_zh(ea.get('status'))} → {_zh(eb.get('status'))}")
    lines.extend(changed_checks)

    ca, cb = a.get("claims") or [], b.get("claims") or []
    old_claims = dict(zip(claim_keys(ca), ca))
    for key, c in zip(claim_keys(cb), cb):
        prev = old_claims.pop(key, None)
        name = claim_label(c)
        if prev is None:
            lines.append(f"新增申报项目 {name}：{_yuan(c.get('amount_yuan'))} 元，{_zh(c.get('status'))}"
                         + _because(_new_reasons({}, c)[:2]))
            continue
        parts = []
        if prev.get("amount_yuan") != c.get("amount_yuan"):
            parts.append(f"金额 {_yuan(prev.get('amount_yuan'))} → {_yuan(c.get('amount_yuan'))} 元")
        if prev.get("status") != c.get("status"):
            parts.append(f"结论 {_zh(prev.get('status'))} → {_zh(c.get('status'))}")
        for f, label in (("level", "级别"), ("rank", "名次")):
            if prev.get(f) != c.get(f):
                parts.append(f"{label} {prev.get(f) or '—'} → {c.get(f) or '—'}")
        reasons = _new_reasons(prev, c)
        if parts:
            lines.append(f"{name}：{'，'.join(parts)}{_because(reasons)}")
        elif reasons:
            lines.append(f"{name}：理由更新：{'；'.join(reasons)}")
    for key, c in old_claims.items():
        lines.append(f"不再列出申报项目 {claim_label(c)}（原 {_yuan(c.get('amount_yuan'))} 元）")

    caps_a = {(c["rule"], c.get("amount_before"), c.get("amount_after")) for c in a.get("caps") or []}
    for c in b.get("caps") or []:
        if (c["rule"], c.get("amount_before"), c.get("amount_after")) not in caps_a:
            lines.append(f"限额（第{c.get('article')}条）：{c.get('reason')}")
    caps_b = {c["rule"] for c in b.get("caps") or []}
    for c in a.get("caps") or []:
        if c["rule"] not in caps_b:
            lines.append(f"不再适用限额（第{c.get('article')}条）：{c.get('rule')}")

    docs_a = {(d["file"], tuple(d.get("pages") or [])): d for d in a.get("documents") or []}
    for d in b.get("documents") or []:
        prev = docs_a.pop((d["file"], tuple(d.get("pages") or [])), None)
        if prev is None:
            lines.append(f"材料 {d['file']}：识别为 {d.get('type')}（{_zh(d.get('status'))}）")
        elif prev.get("type") != d.get("type") or prev.get("status") != d.get("status"):
            lines.append(f"材料 {d['file']}：{prev.get('type')}/{_zh(prev.get('status'))} → "
                         f"{d.get('type')}/{_zh(d.get('status'))}")
    for (file, pages), d in docs_a.items():
        if not any(x["file"] == file for x in b.get("documents") or []):
            lines.append(f"材料 {file} 不再列出")

    if a.get("total_yuan") != b.get("total_yuan"):
        lines.append(f"建议支持总额：{_yuan(a.get('total_yuan'))} → {_yuan(b.get('total_yuan'))} 元")
    for f in b.get("flags") or []:
        if f not in (a.get("flags") or []):
            lines.append(f"新提示：{f}")
    return lines


def same_draft(old: Any, new: Any) -> bool:
    """Equal for the reviewer: everything but `generated_by` (which names the code version)."""
    a, b = dict(_as_dict(old)), dict(_as_dict(new))
    a.pop("generated_by", None)
    b.pop("generated_by", None)
    return a == b
