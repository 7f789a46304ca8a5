"""Write samples/packets/<packet>/ from samples/truth/<packet>.yaml.

    python -m samples.generate                 # every packet
    python -m samples.generate p01-quality-gold --out /tmp/x

Deterministic: fixed seeds per packet/file/page, no dates taken from the clock.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as `python samples/generate.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.build import render_file  # noqa: E402
from samples.truth_model import TRUTH_DIR, PacketTruth, all_truths  # noqa: E402

PACKETS_DIR = Path(__file__).resolve().parent / "packets"


def generate_packet(truth: PacketTruth, out_root: Path = PACKETS_DIR) -> list[Path]:
    """Replace the packet's folder with exactly the declared files; returns their paths."""
    folder = out_root / truth.packet
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    for f in truth.files:
        path = folder / f.file
        path.write_bytes(render_file(truth, f))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("packets", nargs="*", help="packet names (default: all)")
    ap.add_argument("--truth", type=Path, default=TRUTH_DIR)
    ap.add_argument("--out", type=Path, default=PACKETS_DIR)
    args = ap.parse_args(argv)
    truths = all_truths(args.truth)
    known = {t.packet for t in truths}
    unknown = set(args.packets) - known
    if unknown:
        ap.error(f"unknown packets {sorted(unknown)}; known: {sorted(known)}")
    for t in truths:
        if args.packets and t.packet not in args.packets:
            continue
        paths = generate_packet(t, args.out)
        size = sum(p.stat().st_size for p in paths)
        print(f"{t.packet}: {len(paths)} files, {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
