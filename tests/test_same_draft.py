"""The same documents uploaded the way applicants really send them give the same draft as plain PDFs.

Packet p03-annual-cap's documents (licence, credit report, mayor's quality award, brand certification, a
Shanghai-standard notice: three claims and the annual cap) are drawn from the samples' layouts twice:

- as sent: the licence as a text-layer PDF whose page was turned (/Rotate 90, it displays and extracts
  sideways) and again as an OFD e-licence (GB/T 33190), the award certificate as a palette PNG with a
  transparent background, the certification as a 16-bit greyscale PNG, the notice as a HEIC photo
  (pillow-heif), the credit report inside a macOS zip (UTF-8 names without the flag, __MACOSX forks);
- plain: every document a text-layer PDF (the licence twice, under two titles).

Both drafts must agree on everything a reviewer decides with: applicant, eligibility and its checks, every
claim (article, clause, item, level, rank, amount, status), the caps and the total.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from PIL import Image

from models.draft import Period
from tests.badfiles import _set_rotate, macos_zip
from tests.ofdmaker import build_ofd

pytestmark = pytest.mark.slow


def _truth():
    from samples.truth_model import TRUTH_DIR, load_truth

    return load_truth(TRUTH_DIR / "p03-annual-cap.yaml")


def _layouts(truth, name: str):
    from samples.build import _layouts as layouts

    return layouts(truth.packet, next(f for f in truth.files if f.file == name))


def _pdf(truth, name: str, title: str | None = None) -> bytes:
    from samples.render.pdf import text_layer_pdf

    return text_layer_pdf([(lay, None) for lay in _layouts(truth, name)], title=title or name,
                          author=truth.applicant.name)


def _image(truth, name: str) -> Image.Image:
    from samples.render.raster import draw_page

    (layout,) = _layouts(truth, name)
    return draw_page(layout)


def _save(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _transparent_png(img: Image.Image) -> bytes:
    grey = img.convert("L")
    rgba = Image.new("RGBA", grey.size, (0, 0, 0, 0))
    rgba.putalpha(grey.point(lambda v: 255 - v))
    return _save(rgba.quantize(32), "PNG")


def _png16(img: Image.Image) -> bytes:
    return _save(Image.fromarray(np.asarray(img.convert("L")).astype(np.uint16) * 257), "PNG")


def _heic(img: Image.Image) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    return _save(img, "HEIF", quality=92)


def _ofd(truth, name: str) -> bytes:
    (layout,) = _layouts(truth, name)
    mm = 25.4 / 72
    lines = [(round(t.x * mm, 3), round(t.y * mm, 3), round(t.size * mm, 3), t.text) for t in layout.texts]
    return build_ofd([lines], title="电子营业执照")


def _write(folder, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _decisions(draft) -> dict:
    d = draft.model_dump(mode="json")
    return {
        "applicant": {k: d["applicant"][k] for k in ("name", "uscc", "kind", "address")},
        "eligibility": d["eligibility"]["status"],
        "checks": sorted((c["rule"], c["status"]) for c in d["eligibility"]["checks"]),
        "claims": sorted((c["article"], c["clause"], c["item"], c["level"], c["rank"], c["amount_yuan"], c["status"])
                         for c in d["claims"]),
        "caps": sorted((c["rule"], c["amount_before"], c["amount_after"]) for c in d["caps"]),
        "total": d["total_yuan"],
        "types": sorted(r["type"] for r in d["documents"]),
    }


def test_uploads_as_sent_give_the_same_draft_as_plain_pdfs(tmp_path):
    from pipeline.intake import open_packet
    from pipeline.process import ProcessOptions, run_packet

    truth = _truth()
    lic, report, award, cert, notice = "营业执照.jpg", "信用报告.pdf", "市长质量奖证书.jpg", "IMG_5521.jpg", "上海标准名单.pdf"
    _write(tmp_path / "as-sent", {
        "营业执照（横放）.pdf": _set_rotate(_pdf(truth, lic), 90),
        "电子营业执照.ofd": _ofd(truth, lic),
        "市长质量奖证书.png": _transparent_png(_image(truth, award)),
        "品牌认证.png": _png16(_image(truth, cert)),
        "IMG_0001.HEIC": _heic(_image(truth, notice)),
        "材料.zip": macos_zip({"申报材料/信用报告.pdf": _pdf(truth, report)}),
    })
    _write(tmp_path / "plain", {
        "营业执照.pdf": _pdf(truth, lic),
        "营业执照（电子）.pdf": _pdf(truth, lic, title="电子营业执照"),
        "市长质量奖证书.pdf": _pdf(truth, award),
        "品牌认证.pdf": _pdf(truth, cert),
        "上海标准名单.pdf": _pdf(truth, notice),
        "信用报告.pdf": _pdf(truth, report),
    })
    opts = ProcessOptions(as_of=date(2026, 3, 31), period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    sent = run_packet(open_packet(tmp_path / "as-sent"), opts).draft
    plain = run_packet(open_packet(tmp_path / "plain"), opts).draft

    names = {d.file for d in sent.documents}
    assert "材料.zip/申报材料/信用报告.pdf" in names and not any("__MACOSX" in n for n in names)
    assert all(d.status == "ok" for d in sent.documents), [(d.file, d.status, d.error) for d in sent.documents]
    assert _decisions(sent) == _decisions(plain)
    assert plain.total_yuan == 1_000_000 and len(plain.claims) == 3  # the packet's ground truth
    turned = next(d for d in sent.documents if d.file == "营业执照（横放）.pdf")
    assert turned.rotations == {1: 270}  # read upright; the evidence is cropped from the turned page
