"""`python -m pipeline bench <what>`: benchmarks that print tables.

Each benchmark is a module `pipeline.bench.<what>` with `run(args) -> int` (the exit code); it is imported only
when asked for, so a benchmark's heavy dependencies (OCR engines, spaCy) never load for another one. `args`
carries `samples` (the samples folder, default "samples"), `engines` (OCR engine names or None) and `repeat`.
Shared output helpers live in `pipeline.bench.table`.
"""

from __future__ import annotations

import importlib
import re
import sys

__all__ = ["run_bench", "sample_truths"]


def sample_truths(args):
    """(samples folder, its ground truths) for a benchmark, or None after saying there are none."""
    from pathlib import Path

    from samples.truth_model import all_truths

    samples = Path(getattr(args, "samples", None) or "samples")
    truths = all_truths(samples / "truth")
    if not truths:
        print(f"no ground truth under {samples / 'truth'}", file=sys.stderr)
        return None
    return samples, truths


def run_bench(what: str, args) -> int:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", what or "") or what == "table":
        print(f"unknown benchmark: {what!r}", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(f"pipeline.bench.{what}")
    except ModuleNotFoundError as exc:
        if exc.name != f"pipeline.bench.{what}":
            raise
        # Benchmarks of the layers above (bench flows lives in flows/) register as entry points.
        from pipeline.cli import BENCHMARK_PLUGINS, plugins

        found = [ep for ep in plugins(BENCHMARK_PLUGINS) if ep.name == what]
        if not found:
            print(f"benchmark {what!r} is not available yet (no pipeline/bench/{what}.py)", file=sys.stderr)
            return 2
        module = found[0].load()
    run = getattr(module, "run", None)
    if run is None:
        print(f"pipeline.bench.{what} has no run(args)", file=sys.stderr)
        return 2
    return int(run(args) or 0)
