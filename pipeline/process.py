"""One packet in, one review draft out: intake → reading → splitting and classification → facts → decisions.

Each stage is a plain function; a document that fails at any stage is recorded with its reason and the
others go on (the draft then says which documents could not be used).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from models.draft import DocumentRecord, Period, ReviewDraft
from models.reading import DocumentText, FileText
from pipeline.classify import split_and_classify
from pipeline.intake import Packet, PacketFile, open_packet
from pipeline.kinds import kind
from pipeline.privacy import mask
from pipeline.read import ReadError, read_file

log = logging.getLogger(__name__)

GENERATOR = "jinshan-review 0.1.0"


@dataclass
class ProcessOptions:
    as_of: date
    period: Period
    use_ocr: bool = True
    ocr_options: object | None = None
    ledger_path: Path | None = None
    ledger_granted_yuan: int | None = None  # overrides the ledger file (the case store passes this)
    credit_report_max_age_days: int = 92  # "three months" unless the annual notice says otherwise
    # pages of each trusted text layer also checked against OCR when the packet is read by OCR anyway (it has
    # images): OCR of a few line crops, ~0.3 s a page (see pipeline.read.verify)
    text_layer_spot_check: int = 1
    timings: dict[str, float] = field(default_factory=dict)
    reader_stats: dict[str, object] = field(default_factory=dict)  # file → sandbox.ReadStats (CPU s, peak MB)


@dataclass
class ReadPacket:
    """A packet after reading: every file accounted for, as documents or as errors."""

    packet: Packet
    records: list[DocumentRecord]
    documents: list[DocumentText]
    files: list[FileText]


def read_packet(packet: Packet, opts: ProcessOptions) -> ReadPacket:
    records: list[DocumentRecord] = []
    documents: list[DocumentText] = []
    files: list[FileText] = []
    seen: dict[str, str] = {}
    log.info("packet opened", extra={"packet": packet.packet_id, "files": len(packet.files)})
    from pipeline.forkserver import warm_up
    from pipeline.read.sandbox import ReadStats

    warm_up()
    uses_ocr = opts.use_ocr and any(f.media_type.startswith("image/") and not f.error for f in packet.files)
    spot_check = opts.text_layer_spot_check if uses_ocr else 0
    for f in packet.files:
        ids = {"packet": packet.packet_id, "document": f.name, "sha256": f.sha256[:12]}
        if f.sha256 and f.sha256 in seen and not f.error:
            records.append(_error_record(f, f"与“{seen[f.sha256]}”内容完全相同（重复上传），不重复计算", status="error"))
            log.warning("document refused: %s", records[-1].error, extra=ids)
            continue
        if f.sha256:
            seen.setdefault(f.sha256, f.name)
        started = time.perf_counter()
        stats = opts.reader_stats[f.name] = ReadStats()
        try:
            ft = read_file(f, ocr_options=opts.ocr_options, use_ocr=opts.use_ocr, spot_check=spot_check, stats=stats)
        except ReadError as exc:
            records.append(_error_record(f, str(exc)))
            log.warning("document not read: %s", records[-1].error,
                        extra={**ids, "seconds": round(time.perf_counter() - started, 3), **_stats(stats)})
            continue
        except Exception as exc:  # an unexpected failure in one file never stops the packet
            log.exception("reading failed", extra=ids)
            records.append(_error_record(f, f"读取时发生内部错误（{type(exc).__name__}），请人工查看原件"))
            continue
        finally:
            opts.timings[f.name] = time.perf_counter() - started
        files.append(ft)
        for doc in split_and_classify(ft):
            documents.append(doc)
            unread = [p for p in ft.pages if p.page in doc.pages and not p.spans]
            status = "partial" if unread else "ok"
            records.append(DocumentRecord(
                file=f.name, type=kind(doc.type).kind, pages=doc.pages, status=status,
                error=(mask(_unread_text(unread)) if unread else None),
                sha256=f.sha256, media_type=f.media_type, type_evidence=doc.type_evidence,
                rotations={p.page: p.rotation for p in ft.pages if p.page in doc.pages and p.rotation},
                warnings=[mask(p.warning) for p in ft.pages if p.page in doc.pages and p.warning],
            ))
            log.info("document read", extra={**ids, "type": doc.type, "pages": f"{doc.pages[0]}-{doc.pages[-1]}",
                                             "status": status, "seconds": round(opts.timings[f.name], 3),
                                             **_stats(stats)})
            # what the reader saw, for diagnosing a misclassification (masked like every log record)
            log.debug("document text: %s", " ".join(s.text for s in doc.spans)[:160], extra=ids)
    return ReadPacket(packet=packet, records=records, documents=documents, files=files)


def _stats(stats) -> dict:
    """The reader's CPU seconds and peak memory (child process), and this process's peak so far, for the log."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"process_peak_mb": round(own, 1)}
    if stats is not None and stats.peak_mb:
        out.update(reader_cpu_s=round(stats.cpu_seconds, 3), reader_peak_mb=round(stats.peak_mb, 1))
    return out


def _unread_text(unread) -> str:
    """第2、3页未读出文字, with the reader's reason where the page could not be read at all."""
    broken = [p for p in unread if p.reason.startswith("本页无法读取")]
    text = f"第{'、'.join(str(p.page) for p in unread)}页未读出文字"
    if broken:
        text += "（" + "；".join(f"第{p.page}页{p.reason}" for p in broken) + "）"
    return text


def _error_record(f: PacketFile, error: str, status: str = "error") -> DocumentRecord:
    # error texts reach logs and the operator's screen: no ID or phone numbers in them
    return DocumentRecord(file=f.name, type="unknown", pages=[], status=status, error=mask(error),
                          sha256=f.sha256 or None, media_type=f.media_type or None)


@dataclass
class PacketResult:
    """A draft with what it was made from: the renderers crop evidence out of the originals."""

    draft: ReviewDraft
    read: ReadPacket

    @property
    def sources(self) -> dict[str, bytes]:
        return {f.name: f.data for f in self.read.packet.files if f.data}

    @property
    def rotations(self) -> dict[tuple[str, int], int]:
        from pipeline.render.evidence import rotations_from_draft

        return rotations_from_draft(self.draft)


def process_packet(packet: Packet, opts: ProcessOptions) -> ReviewDraft:
    return run_packet(packet, opts).draft


def run_packet(packet: Packet, opts: ProcessOptions) -> PacketResult:
    from pipeline.decide import assess

    read = read_packet(packet, opts)
    assessment = assess(read.documents, opts)
    draft = ReviewDraft(
        packet_id=packet.packet_id,
        policy=assessment.policy,
        as_of=opts.as_of,
        period=opts.period,
        applicant=assessment.applicant,
        eligibility=assessment.eligibility,
        claims=assessment.claims,
        caps=assessment.caps,
        total_yuan=assessment.total_yuan,
        documents=read.records,
        flags=assessment.flags + _document_flags(read.records),
        generated_by=GENERATOR,
        declared=assessment.declared,
        declared_vs_supported=assessment.declared_vs_supported,
    )
    return PacketResult(draft=draft, read=read)


def _document_flags(records: list[DocumentRecord]) -> list[str]:
    bad = [r for r in records if r.status != "ok"]
    warned = [r for r in records if r.warnings]
    flags = []
    # masked: flags travel further than the draft (summaries, artifacts); documents[].file keeps the name as uploaded
    if bad:
        flags.append(mask(f"有 {len(bad)} 份材料未能完整读取，请人工查看原件：" + "；".join(f"{r.file}（{r.error}）" for r in bad)))
    if warned:
        flags.append(mask(f"有 {len(warned)} 份材料的读取方式需留意，请核对原件：" + "；".join(
            f"{r.file}（{'；'.join(r.warnings)}）" for r in warned)))
    return flags


def process_packet_path(path: Path, opts: ProcessOptions) -> ReviewDraft:
    return process_packet(open_packet(path), opts)
