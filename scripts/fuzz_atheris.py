"""Coverage-guided fuzzing of the sniffer, the readers and the extraction patterns with atheris (optional).

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python scripts/fuzz_atheris.py read -atheris_runs=20000
    .venv/bin/python scripts/fuzz_atheris.py patterns -max_total_time=300

Targets: `sniff` (any bytes), `read` (any bytes as an upload: only ReadError may come out), `patterns` (any text
through every finder: offsets slice to the match text). A crash is written by libFuzzer as crash-<hash>.
The same properties run briefly under hypothesis in tests/test_fuzz.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from pipeline import extract
    from pipeline.intake import _file
    from pipeline.read import ReadError, read_file
    from pipeline.sniff import sniff

FINDERS = [extract.find_dates, extract.find_years, extract.find_amounts, extract.find_usccs,
           extract.find_standard_codes, extract.find_replaces, extract.find_cert_numbers, extract.find_levels,
           extract.find_ranks]


def target_sniff(data: bytes) -> None:
    sniff(data)


def target_read(data: bytes) -> None:
    try:
        read_file(_file("fuzz", data), use_ocr=False)
    except ReadError:
        pass


def target_patterns(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(400)
    extract.check_uscc(text[:24])
    for finder in FINDERS:
        for m in finder(text):
            if text[m.start:m.end] != m.text:
                raise AssertionError(f"{finder.__name__}: {m!r} does not slice to its text")


TARGETS = {"sniff": target_sniff, "read": target_read, "patterns": target_patterns}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options]")
    name = sys.argv.pop(1)
    atheris.Setup(sys.argv, TARGETS[name])
    atheris.Fuzz()
