"""Property-based tests (hypothesis): the sniffers, the readers and every extraction pattern take any input.

- `sniff` never raises on any bytes, and a readable type comes without an error;
- `read_file` on any bytes, and on mutated PDFs and images, raises nothing but `ReadError`;
- every finder in pipeline.extract never raises on any text, and each match's offsets slice to its `text`.

Example counts are modest so the suite stays fast; atheris targets for longer runs: scripts/fuzz_atheris.py.
"""

import io

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline import extract
from pipeline.intake import PacketFile, _file
from pipeline.read import ReadError, read_file
from pipeline.sniff import READABLE, sniff, sniff_type
from tests.badfiles import cert_pdf, jpeg, png

MAGICS = [b"%PDF-1.4\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM", b"RIFF\x00\x00\x00\x00WEBP",
          b"\x00\x00\x00\x18ftypheic", b"GIF89a", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"Rar!", b""]

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

any_bytes = st.builds(lambda m, tail: m + tail, st.sampled_from(MAGICS), st.binary(max_size=300))


@FAST
@given(any_bytes | st.binary(max_size=200))
def test_sniff_never_raises(data):
    media_type, error = sniff(data)
    assert isinstance(media_type, str) and (error is None or isinstance(error, str))
    assert (media_type in READABLE) == (error is None)
    assert sniff_type(data) == media_type or error is not None


def _read(f: PacketFile):
    try:
        ft = read_file(f, use_ocr=False)
    except ReadError as exc:
        assert str(exc)  # a reason for the reviewer
        return None
    assert ft.pages
    return ft


@SLOW
@given(any_bytes)
def test_read_file_on_any_bytes_raises_only_read_error(data):
    _read(_file("upload", data))


_PDF = cert_pdf()
_IMAGES = [png(30, 20), jpeg(32, 24)]


def _mutate(data: bytes, draw) -> bytes:
    kind = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
    at = draw(st.integers(0, len(data) - 1))
    if kind == "cut":
        return data[:at]
    if kind == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    n = draw(st.integers(1, 64))
    chunk = bytes((b ^ 0xFF) if kind == "flip" else 0 for b in data[at:at + n])
    return data[:at] + chunk + data[at + n:]


@SLOW
@given(st.data())
def test_read_file_on_mutated_pdfs_raises_only_read_error(data):
    mutated = _mutate(_PDF, data.draw)
    assume(mutated)
    f = _file("mutated.pdf", mutated)
    if f.media_type == "application/pdf":
        _read(f)


@SLOW
@given(st.data())
def test_read_file_on_mutated_images_raises_only_read_error(data):
    mutated = _mutate(data.draw(st.sampled_from(_IMAGES)), data.draw)
    _read(_file("mutated.img", mutated))


# --- extraction patterns -----------------------------------------------------------------------------------

# Characters the patterns care about, so the examples reach deep into them; plus anything at all.
_ALPHABET = ("0123456789０１２３〇一二三四五六七八九十百千万亿元角分年月日号第级等奖名"
             "国家市区省上海金山标准GB/TDBQJQ-—–.:：,，（）()《》 \nOoIlZSBXx证书编号注册统一社会信用代码"
             "代替部分修订批准发布实施质量管理体系认证一等二等三等特等金奖银奖铜奖提名")
texts = st.text(alphabet=_ALPHABET, max_size=120) | st.text(max_size=60)

FINDERS = [extract.find_dates, extract.find_years, extract.find_amounts, extract.find_usccs,
           extract.find_standard_codes, extract.find_replaces, extract.find_cert_numbers, extract.find_levels,
           extract.find_ranks]


def _check_matches(finder, text):
    found = finder(text)
    assert isinstance(found, list)
    for m in found:
        assert 0 <= m.start <= m.end <= len(text), (finder.__name__, m)
        assert text[m.start:m.end] == m.text, (finder.__name__, m)
        assert 0.0 <= m.confidence <= 1.0


@FAST
@given(texts)
def test_every_pattern_takes_any_text_and_slices_to_its_text(text):
    for finder in FINDERS:
        _check_matches(finder, text)


@FAST
@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYlo IOSZV-", max_size=24) | st.text(max_size=24))
def test_check_uscc_takes_any_text(code):
    r = extract.check_uscc(code)
    assert isinstance(r.valid, bool) and isinstance(r.note, str)
    if r.valid:
        assert len(r.corrected) == 18


@FAST
@given(st.sampled_from(["GB/T 19001-2016", "DB31/T 1234—2021", "统一社会信用代码：91310116MA1JK0000X",
                        "2025年3月18日", "人民币壹拾万元整", "证书编号：00125Q31234R0M", "一等奖", "国家级"]),
       texts, texts)
def test_patterns_in_any_context(core, before, after):
    text = before + core + after
    for finder in FINDERS:
        _check_matches(finder, text)


def test_fuzz_inputs_are_what_the_readers_get():
    # the helpers above build real files (a sanity check that the mutations start from readable inputs)
    assert _read(_file("c.pdf", _PDF)) is not None
    for img in _IMAGES:
        assert _read(_file("i", img)) is not None
    assert io.BytesIO(_PDF).read(5) == b"%PDF-"
