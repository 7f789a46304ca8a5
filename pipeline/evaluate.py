"""`python -m pipeline eval samples/`: every sample packet's draft against its declared ground truth.

Compared: eligibility status, claims (article, clause, level, rank, amount, status), cap steps (rule, amounts),
the total, and for a packet with a 申报表 its comparison with the claims (each line's status and amounts, and the
summary). Prints one table row per packet and every difference below it; exits 1 on any difference.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml

from models.draft import Period, ReviewDraft


def load_truths(samples: Path) -> list[dict]:
    truths = []
    for p in sorted((samples / "truth").glob("*.yaml")):
        truths.append(yaml.safe_load(p.read_text(encoding="utf-8")))
    return truths


def draft_for(truth: dict, samples: Path, use_ocr: bool = True) -> ReviewDraft:
    from pipeline.process import ProcessOptions, process_packet_path

    period = Period(**truth["period"])
    as_of = date.fromisoformat(str(truth["as_of"]))
    opts = ProcessOptions(as_of=as_of, period=period, use_ocr=use_ocr,
                          ledger_granted_yuan=int(truth.get("ledger_granted_yuan") or 0))
    return process_packet_path(samples / "packets" / truth["packet"], opts)


def _claim_key(c) -> tuple:
    return (c["article"], c.get("clause"), c.get("rank"))


def _same_level(a, b) -> bool:
    # Items without a level in the catalog (CMA, CNAS, product certifications) match a truth of any level.
    return a.get("level") is None or b.get("level") is None or a["level"] == b["level"]


def compare(truth: dict, draft: ReviewDraft) -> list[str]:
    exp = truth["expected"]
    diffs = []
    if draft.eligibility.status != exp["eligibility"]:
        bad = [f"{c.rule}={c.status}" for c in draft.eligibility.checks if c.status != "pass"]
        diffs.append(f"eligibility: expected {exp['eligibility']}, got {draft.eligibility.status} ({', '.join(bad)})")
    failed = {c.rule for c in draft.eligibility.checks if c.status != "pass"}
    for rule in exp.get("failed_checks") or []:
        if rule not in failed:
            diffs.append(f"check {rule}: expected to fail or need review, it passed or is missing")
    got = [c.model_dump(mode="json") for c in draft.claims]
    used: set[int] = set()
    for t in exp.get("claims") or []:
        match = None
        for i, g in enumerate(got):
            if i in used or _claim_key(g) != _claim_key(t) or not _same_level(g, t):
                continue
            files = {e["file"] for e in g["evidence"]}
            if t.get("file") and t["file"] not in files:
                continue
            match = i
            break
        if match is None:
            diffs.append(f"claim missing: art {t['article']}({t.get('clause')}) {t['item']} {t.get('rank') or ''} "
                         f"{t['amount_yuan']:,} {t['status']}")
            continue
        used.add(match)
        g = got[match]
        if g["amount_yuan"] != t["amount_yuan"] or g["status"] != t["status"]:
            diffs.append(f"claim {g['claim_id']} {t['item']}: expected {t['amount_yuan']:,} {t['status']}, "
                         f"got {g['amount_yuan']:,} {g['status']} ({'；'.join(g['reasons'][:2])})")
    for i, g in enumerate(got):
        if i not in used:
            diffs.append(f"unexpected claim {g['claim_id']}: art {g['article']}({g['clause']}) {g['item']} "
                         f"{g['amount_yuan']:,} {g['status']}")
    exp_caps = [(c["rule"], c["amount_before"], c["amount_after"]) for c in exp.get("caps") or []]
    got_caps = [(c.rule, c.amount_before, c.amount_after) for c in draft.caps]
    if sorted(exp_caps) != sorted(got_caps):
        diffs.append(f"caps: expected {exp_caps}, got {got_caps}")
    if draft.total_yuan != exp["total_yuan"]:
        diffs.append(f"total: expected {exp['total_yuan']:,}, got {draft.total_yuan:,}")
    if exp.get("declared"):
        diffs += _compare_declared(exp["declared"], draft)
    return diffs


def _compare_declared(exp: dict, draft: ReviewDraft) -> list[str]:
    if draft.declared is None:
        return ["declared: expected a 申报表 compared with the claims, the draft has none"]
    diffs = []
    if not draft.declared.summary.startswith(exp["summary"]):
        diffs.append(f"declared summary: expected “{exp['summary']}…”, got “{draft.declared.summary}”")
    got = draft.declared_vs_supported
    want = exp.get("lines") or []
    if len(got) != len(want):
        diffs.append(f"declared: expected {len(want)} lines, got {len(got)} "
                     f"({'; '.join(f'{g.item} {g.status}' for g in got)})")
    for i, (w, g) in enumerate(zip(want, got), start=1):
        for key in ("article", "clause", "status", "declared_yuan", "supported_yuan"):
            if key in w and w[key] != getattr(g, key):
                diffs.append(f"declared line {i} ({g.item}): {key} expected {w[key]!r}, got {getattr(g, key)!r} "
                             f"({g.reason})")
    return diffs


def run_eval(samples: Path, args=None) -> int:
    truths = load_truths(samples)
    if not truths:
        print(f"no ground truth under {samples / 'truth'}", file=sys.stderr)
        return 2
    rows, all_diffs = [], {}
    for truth in truths:
        try:
            draft = draft_for(truth, samples)
            diffs = compare(truth, draft)
            got = (draft.eligibility.status, len(draft.claims), draft.total_yuan)
        except Exception as exc:  # a crash is a difference too, and the other packets go on
            diffs, got = [f"crashed: {type(exc).__name__}: {exc}"], ("-", 0, 0)
        exp = truth["expected"]
        rows.append((truth["packet"], exp["eligibility"], got[0], len(exp.get("claims") or []), got[1],
                     exp["total_yuan"], got[2], "OK" if not diffs else f"{len(diffs)} diff"))
        if diffs:
            all_diffs[truth["packet"]] = diffs
    header = ("packet", "elig exp", "elig got", "claims exp", "claims got", "total exp", "total got", "result")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    print(fmt.format(*header))
    for r in rows:
        print(fmt.format(*[f"{v:,}" if isinstance(v, int) and i >= 5 else v for i, v in enumerate(r)]))
    for packet, diffs in all_diffs.items():
        print(f"\n{packet}:")
        for d in diffs:
            print(f"  - {d}")
    ok = len(rows) - len(all_diffs)
    print(f"\n{ok}/{len(rows)} packets match their ground truth")
    return 0 if not all_diffs else 1
