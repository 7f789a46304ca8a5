"""Every sample document is classified correctly and every multi-document file is split as declared."""

import pytest

from pipeline.classify import split_and_classify
from pipeline.intake import open_packet
from pipeline.read import read_file
from samples.truth_model import all_truths
from tests.conftest import SAMPLES

CASES = [(t, f) for t in all_truths() for f in t.files]


@pytest.mark.slow
@pytest.mark.parametrize("truth,file", CASES, ids=[f"{t.packet}/{f.file}" for t, f in CASES])
def test_documents_are_split_and_typed_as_declared(truth, file):
    packet = open_packet(SAMPLES / "packets" / truth.packet)
    [pf] = [f for f in packet.files if f.name == file.file]
    docs = split_and_classify(read_file(pf))
    assert [(d.type, d.pages) for d in docs] == [(d.type, d.pages) for d in file.documents]
    for d in docs:
        assert d.type_evidence and all("含“" in e for e in d.type_evidence)  # the words that decided it
