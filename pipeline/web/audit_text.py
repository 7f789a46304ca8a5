"""The audit log in the reviewer's words: one row per entry, the action named, before → after spelled out."""

from __future__ import annotations

import json

from pipeline.render import labels as L
from pipeline.store.accounts import ROLE_ZH

ACTION_ZH = {"status": "状态变更", "claim_decision": "初审：项目决定", "eligibility_override": "初审：资格认定",
             "note": "备注", "submit": "提交复核", "check": "复核意见", "return": "退回初审",
             "sign_off": "复核：签署办结", "reopen": "重新打开", "assign": "分配", "ledger": "台账登记",
             "ledger_correction": "台账更正", "view_original": "查看原件（下载）", "view_page": "查看原件整页",
             "user_create": "新建用户", "user_password": "重设密码", "user_active": "启用/停用用户",
             "user_role": "变更角色", "draft": "生成预审稿", "round_create": "新建申报批次",
             "login_failed": "登录失败", "login_refused": "登录被拒（失败次数过多）"}
_STATUS = {"received": "已接收", "processing": "处理中", "drafted": "待初审", "in_review": "初审中",
           "submitted": "待复核", "decided": "已办结"}
_DECISION = {"accept": "予以支持", "adjust": "核定金额", "reject": "不予支持"}
_VERDICT = {"confirm": "确认", "return": "退回"}


def _fmt(action: str, value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return _STATUS.get(value, value)
    if not isinstance(value, dict):
        return str(value)
    if action == "claim_decision":
        d = value.get("decision")
        text = _DECISION.get(d, d or "—")
        if d == "adjust" and value.get("amount_yuan") is not None:
            text += f" {int(value['amount_yuan']):,} 元"
        if value.get("reason"):
            text += f"（{value['reason']}）"
        if value.get("by"):
            text += f"，{value['by']}"
        return text
    if action == "eligibility_override":
        return f"{L.label(L.ELIGIBILITY_STATUS, value.get('status'))}（{value.get('reason') or ''}）"
    if action == "check":
        v = value.get("verdict")
        return _VERDICT.get(v, v or "—") + (f"（{value['reason']}）" if value.get("reason") else "")
    if action == "note":
        return value.get("text") or ""
    if action == "draft":
        return f"第 {value.get('version')} 版" + (f"（{value['reason']}）" if value.get("reason") else "")
    if action == "reopen" and "reason" in value:
        return (f"{_STATUS.get(value.get('status'), value.get('status'))}；理由：{value['reason']}；"
                f"台账冲回 {int(value.get('reversed_yuan') or 0):,} 元")
    if action == "return" and "returned" in value:
        return f"初审中；退回 {len(value['returned'])} 项" + (f"；意见：{value['note']}" if value.get("note") else "")
    if action == "sign_off":
        if "total_yuan" in value:
            return (f"{_STATUS.get(value.get('status'), value.get('status'))}，核定 {int(value['total_yuan']):,} 元"
                    + (f"；意见：{value['note']}" if value.get("note") else ""))
        return _STATUS.get(value.get("status"), str(value.get("status")))
    if action in ("login_failed", "login_refused"):
        return (f"来自 {value.get('address')}" + ("（已登录过的浏览器）" if value.get("known_device") else "")
                + (f"，本分钟内共 {value['count']} 次" if value.get("count") else ""))
    parts = []
    for k, v in value.items():
        if k == "status":
            v = _STATUS.get(v, v)
        elif k == "role":
            v = ROLE_ZH.get(v, v)
        elif k == "active":
            v = "启用" if v else "停用"
        elif k in ("amount_yuan", "total_yuan") and isinstance(v, int):
            v = f"{v:,} 元"
        elif k == "taken":
            v = "本人领取" if v else ""
        if v is None:
            v = "（无）"
        parts.append(f"{v}")
    return "，".join(str(p) for p in parts if p != "")


def audit_row(a, labels: dict[str, str]) -> dict:
    def load(s):
        if s is None:
            return None
        try:
            return json.loads(s)
        except ValueError:
            return s

    target = a.target or ""
    target = {"assignee": "初审人", "checker": "复核人", "eligibility": "申报资格"}.get(target, target)
    return {"at": a.at, "actor": a.actor, "action": ACTION_ZH.get(a.action, a.action),
            "target": labels.get(a.target or "", target),
            "before": _fmt(a.action, load(a.before)), "after": _fmt(a.action, load(a.after)),
            "has_before": a.before is not None}
