"""python -m samples.families --out DIR [--set tune|report|all] [--seed N] [--per-family N] [--family NAME ...]"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from samples.families import DEFAULT_PER_FAMILY, DEFAULT_SEED, build_set
from samples.families.deliver import DELIVERIES


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.families", description=__doc__)
    ap.add_argument("--out", type=Path, required=True, help="folder for documents/ and truth.yaml")
    ap.add_argument("--set", dest="which", choices=("tune", "report", "all"), default="all")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--per-family", type=int, default=DEFAULT_PER_FAMILY)
    ap.add_argument("--family", action="append", help="only these families (repeatable)")
    ap.add_argument("--delivery", choices=DELIVERIES, help="write every document this way (debugging)")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    try:
        truth = build_set(args.out, args.which, args.seed, args.per_family, args.family, args.delivery)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in (args.out / "documents").iterdir())
    tags = {n: i["tag"] for n, i in truth["families"].items()}
    by = Counter((e["type"], tags[e["family"]]) for e in truth["entries"])
    kinds = sorted({k for k, _ in by})
    print(f"{truth['documents']} documents in {truth['files']} files ({size / 1e6:.1f} MB) from "
          f"{len(tags)} families, seed {args.seed}, set {args.which} → {args.out}")
    print(f"{'kind':<20}{'tune':>6}{'report':>8}")
    for k in kinds:
        print(f"{k:<20}{by[(k, 'tune')]:>6}{by[(k, 'report')]:>8}")
    print(f"cpu {time.process_time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
