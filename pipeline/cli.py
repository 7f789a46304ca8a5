"""`python -m pipeline …`: the operator's commands.

Exit status of `process`: 0 when every packet produced a draft (documents that could not be read are listed in
the draft with their reason); 1 with `--strict` when any document of any packet has status "error" (a
"partial" document — some pages unread — does not count); 2 when a packet could not be processed at all.

Logging: `--log-level` (default WARNING) and `--log-file FILE` (JSON lines, owner-only) come before the command;
every record is masked by `pipeline.privacy` (no ID or phone numbers) and carries the packet and document ids.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.privacy import mask, setup_logging

if TYPE_CHECKING:
    from models.draft import Period  # imported where used: `text` and `doctor` need no draft model

log = logging.getLogger("pipeline.cli")


COMMAND_PLUGINS = "jinshan_review.commands"
BENCHMARK_PLUGINS = "jinshan_review.benchmarks"


def plugins(group: str):
    """The entry points of a group, by name (declared in pyproject.toml)."""
    from importlib.metadata import entry_points

    return sorted(entry_points(group=group), key=lambda e: e.name)


def _period(text: str) -> Period:
    from models.draft import Period

    try:
        start, end = text.split("..")
        return Period(start=date.fromisoformat(start), end=date.fromisoformat(end))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"期间格式应为 YYYY-MM-DD..YYYY-MM-DD：{text}") from exc


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


def default_period(as_of: date) -> Period:
    """The declaration period when none is given: the calendar year before the review date."""
    from models.draft import Period

    return Period(start=date(as_of.year - 1, 1, 1), end=date(as_of.year - 1, 12, 31))


def cmd_process(args) -> int:
    from pipeline.forkserver import warm_up

    warm_up()  # first, as in `text`
    from pipeline.intake import open_packet
    from pipeline.process import ProcessOptions, run_packet
    from pipeline.render import write_outputs

    as_of = args.as_of or date.today()
    period = args.period or default_period(as_of)
    opts = ProcessOptions(as_of=as_of, period=period, use_ocr=not args.no_ocr, ledger_path=args.ledger)
    out = Path(args.out)
    failed_docs = failed_packets = 0
    for packet in args.packets:
        try:
            result = run_packet(open_packet(Path(packet)), opts)
        except Exception as exc:  # one bad packet never stops the batch
            failed_packets += 1
            log.error("packet failed", exc_info=True, extra={"packet": Path(packet).name})
            print(mask(f"{packet}: 失败 — {exc}"), file=sys.stderr)
            continue
        draft = result.draft
        paths = write_outputs(draft, out / draft.packet_id, formats=args.format, sources=result.sources,
                              rotations=result.rotations)
        bad = [d for d in draft.documents if d.status == "error"]
        failed_docs += len(bad)
        log.info("draft written", extra={"packet": draft.packet_id, "documents": len(draft.documents),
                                         "failed": len(bad), "out": str(paths[0])})
        print(f"{draft.packet_id}: {len(draft.documents)} documents ({len(bad)} failed), {len(draft.claims)} claims, "
              f"eligibility {draft.eligibility.status}, total {draft.total_yuan:,} yuan -> {paths[0]}")
    if failed_packets:
        return 2
    return 1 if failed_docs and args.strict else 0


def cmd_text(args) -> int:
    from pipeline.forkserver import warm_up

    warm_up()  # first: the bounded reader's fork server imports the parsers while this process imports the rest
    from pipeline.classify import split_and_classify  # now, not after reading: the reading waits for the server
    from pipeline.intake import _file
    from pipeline.read import ReadError, TextView, read_file

    p = Path(args.file)
    f = _file(p.name, p.read_bytes())
    try:
        ft = read_file(f, use_ocr=not args.no_ocr)
    except ReadError as exc:
        print(f"{p.name}: {exc}", file=sys.stderr)
        return 1
    docs = split_and_classify(ft)
    if args.json:
        out = ft.model_dump(mode="json")
        out["documents"] = [d.model_dump(mode="json") for d in docs]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for page in ft.pages:
        print(f"=== {ft.file} page {page.page} ({page.source}; {page.reason}) ===")
        print(TextView([s for s in page.spans], join_broken_lines=False).text.rstrip("\n\f"))
    for d in docs:
        print(f"--- document pages {d.pages}: {d.type} ({'; '.join(d.type_evidence)})")
    return 0


def draft_schema() -> dict:
    """The JSON Schema of review.json: the models' schema, with the document kinds of the registry as the enum of
    documents[].type (the models say only "a name of the kind registry", having no I/O)."""
    from models.draft import ReviewDraft
    from pipeline.kinds import kind_names

    schema = ReviewDraft.model_json_schema()
    schema["$defs"]["DocumentRecord"]["properties"]["type"]["enum"] = list(kind_names())
    return schema


def cmd_schema(args) -> int:
    json.dump(draft_schema(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def cmd_doctor(args) -> int:
    from pipeline.doctor import run_doctor

    return run_doctor(prepare=args.prepare)


def cmd_bench(args) -> int:
    from pipeline.bench import run_bench

    return run_bench(args.what, args)


def cmd_eval(args) -> int:
    from pipeline.evaluate import run_eval

    return run_eval(Path(args.samples), args)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m pipeline", description="金山区质量发展专项政策 申报材料预审")
    ap.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                    help="log level on stderr and in --log-file (default WARNING)")
    ap.add_argument("--log-file", type=Path, help="also write JSON-lines logs here (owner-only; masked)")
    ap.add_argument("--log-format", default="kv", choices=["kv", "json"], help="stderr log format")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("process", help="process packets (folders or .zip) into review drafts")
    p.add_argument("packets", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--as-of", type=_date, help="review date (default: today)")
    p.add_argument("--period", type=_period, help="declaration period YYYY-MM-DD..YYYY-MM-DD (default: last year)")
    p.add_argument("--ledger", type=Path, help="YAML/JSON ledger of amounts already granted this year")
    p.add_argument("--format", nargs="+", default=["json", "html", "docx"], choices=["json", "html", "docx"])
    p.add_argument("--no-ocr", action="store_true", help="skip OCR (text-layer PDFs only)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any document has status error (exit 2 when a packet failed as a whole)")
    p.set_defaults(func=cmd_process)

    p = sub.add_parser("text", help="print the text of a file page by page")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-ocr", action="store_true")
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("schema", help="print the JSON Schema of review.json")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("doctor", help="check models, fonts, disk; --prepare builds the OCR model folders")
    p.add_argument("--prepare", action="store_true")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("bench", help="benchmarks that print tables")
    p.add_argument("what", choices=["ocr", "extract", "e2e", "flows", "web"])
    p.add_argument("--samples", default="samples")
    p.add_argument("--engines", nargs="+", default=None)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--cases", type=int, default=None, help="bench web: cases in the store (default 5000)")
    p.add_argument("--wrong-logins", type=int, default=None, help="bench web: the flood's size (default 200)")
    p.add_argument("--corpus", action="append", type=Path, default=None,
                   help="bench extract: a corpus folder (documents/ + truth.yaml); may be given more than once")
    p.add_argument("--mismatches", action=argparse.BooleanOptionalAction, default=True,
                   help="bench extract: list every miss and false value")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("eval", help="compare the drafts of the sample packets with their ground truth")
    p.add_argument("samples", nargs="?", default="samples")
    p.set_defaults(func=cmd_eval)

    # Commands of the layers above this package (flows: intake, reprocess, serve, cases) register themselves as
    # entry points, so `pipeline` never imports `flows` (models ← pipeline ← flows). Prefect loads only when run.
    for ep in plugins(COMMAND_PLUGINS):
        ep.load()(sub)

    from pipeline.web.cli import add_parsers as add_web_parsers  # web, users (FastAPI loads only when run)

    add_web_parsers(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level, args.log_file, args.log_format)
    return args.func(args)
