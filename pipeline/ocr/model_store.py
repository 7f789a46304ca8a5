"""Model folders for PaddleOCR, built from the installed `rapidocr` wheel, never from the network.

PaddleOCR 3.x with `engine="onnxruntime"` reads a folder holding `inference.onnx` + `inference.yml`.
The PP-OCRv6 small detection and recognition weights ship inside the rapidocr 3.10.0 wheel; the
recognition character list is in the ONNX metadata (key `character`). We copy the weights into
`<cache>/ocr-models/<model name>-<wheel version>/` and write the yml beside them. Each folder is
built in a temporary directory and renamed into place, so two processes racing end with one
complete folder and nobody reads a half-written one. The `ppocr` engine may instead detect with PP-OCRv4 mobile,
read as it is from the rapidocr_onnxruntime 1.4.4 wheel (`DET_WEIGHTS`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

RAPIDOCR_VERSION_PINNED = "3.10.0"
DET_MODEL_NAME = "PP-OCRv6_small_det"
REC_MODEL_NAME = "PP-OCRv6_small_rec"
_DET_FILE = "PP-OCRv6_det_small.onnx"
_REC_FILE = "PP-OCRv6_rec_small.onnx"
_CLS_FILE = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"

_IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "scale": "1./255.", "order": "hwc"}


def cache_root() -> Path:
    """`$JINSHAN_CACHE_DIR` if set, else `~/.cache/jinshan-review`."""
    env = os.environ.get("JINSHAN_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "jinshan-review"


def rapidocr_version() -> str:
    from importlib import metadata

    return metadata.version("rapidocr")


# The wheels whose model files the engines read; `rapidocr_onnxruntime` (installed without its dependencies,
# see the Makefile) is there only for its PP-OCRv4 mobile detection model (`det_weights="PP-OCRv4-mobile"`).
WHEELS = {"rapidocr": RAPIDOCR_VERSION_PINNED, "rapidocr_onnxruntime": "1.4.4"}
# Detection weights (`PpocrOptions.det_weights`): the wheel and the file each is read from.
DEFAULT_DET_WEIGHTS = "PP-OCRv6-small"
DET_WEIGHTS = {DEFAULT_DET_WEIGHTS: ("rapidocr", _DET_FILE),
               "PP-OCRv4-mobile": ("rapidocr_onnxruntime", "ch_PP-OCRv4_det_infer.onnx")}


def wheel_models_dir(package: str = "rapidocr") -> Path:
    """A wheel's model folder, found without importing the package (the engines never run it)."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {package} wheel is not installed; install {package}=={WHEELS[package]}")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def wheel_model(file_name: str, package: str = "rapidocr") -> Path:
    path = wheel_models_dir(package) / file_name
    if not path.is_file():
        raise FileNotFoundError(
            f"{file_name} is not in the installed {package} wheel ({path}); install {package}=={WHEELS[package]}"
        )
    return path


def textline_cls_model() -> Path:
    """The 0/180 text-line orientation classifier shipped in the rapidocr wheel."""
    return wheel_model(_CLS_FILE)


def det_model(weights: str = DEFAULT_DET_WEIGHTS) -> Path:
    if weights not in DET_WEIGHTS:
        raise ValueError(f"unknown detection weights {weights!r}; known: {', '.join(DET_WEIGHTS)}")
    package, file_name = DET_WEIGHTS[weights]
    return wheel_model(file_name, package)


@dataclass(frozen=True)
class PaddleModelDirs:
    det_dir: Path
    det_name: str
    rec_dir: Path
    rec_name: str
    version: str  # goes into OCR cache keys: a change of weights invalidates cached results


def _sha256_prefix(path: Path, n: int = 12) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:n]


def _det_yml() -> dict:
    return {
        "Global": {"model_name": DET_MODEL_NAME},
        "PreProcess": {
            "transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"DetLabelEncode": None},
                {"DetResizeForTest": {"limit_side_len": 736, "limit_type": "min", "max_side_limit": 4000}},
                {"NormalizeImage": dict(_IMAGENET)},
                {"ToCHWImage": None},
                {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}},
            ]
        },
        "PostProcess": {"name": "DBPostProcess", "thresh": 0.3, "box_thresh": 0.6, "max_candidates": 1000, "unclip_ratio": 1.5},
    }


def _rec_yml(characters: list[str]) -> dict:
    return {
        "Global": {"model_name": REC_MODEL_NAME},
        "PreProcess": {
            "transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
                {"RecResizeImg": {"image_shape": [3, 48, 320]}},
                {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]}},
            ]
        },
        "PostProcess": {"name": "CTCLabelDecode", "character_dict": characters},
    }


def _onnx_characters(model: Path) -> list[str]:
    import onnxruntime as ort

    meta = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"]).get_modelmeta()
    raw = meta.custom_metadata_map.get("character")
    if not raw:
        raise ValueError(f"{model} has no 'character' metadata; cannot build the recognition dictionary")
    return raw.splitlines()


def _build_folder(target: Path, model: Path, yml: dict) -> Path:
    if (target / "inference.yml").is_file() and (target / "inference.onnx").is_file():
        return target
    import yaml

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        shutil.copyfile(model, tmp / "inference.onnx")
        with (tmp / "inference.yml").open("w", encoding="utf-8") as f:
            yaml.safe_dump(yml, f, allow_unicode=True, sort_keys=False)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the cache may be shared
        try:
            os.rename(tmp, target)  # atomic; fails if another process got there first
        except OSError:
            if not (target / "inference.yml").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def ensure_paddle_models(root: Path | None = None) -> PaddleModelDirs:
    """Build (once) and return the PaddleOCR model folders; safe to call from racing processes."""
    base = (root or cache_root()) / "ocr-models"
    version = rapidocr_version()
    det_src, rec_src = det_model(), wheel_model(_REC_FILE)
    det_dir = base / f"{DET_MODEL_NAME}-rapidocr{version}"
    rec_dir = base / f"{REC_MODEL_NAME}-rapidocr{version}"
    _build_folder(det_dir, det_src, _det_yml())
    if not (rec_dir / "inference.yml").is_file():
        _build_folder(rec_dir, rec_src, _rec_yml(_onnx_characters(rec_src)))
    tag = f"{DET_MODEL_NAME}+{REC_MODEL_NAME}@rapidocr{version}:{_sha256_prefix(det_src, 8)}{_sha256_prefix(rec_src, 8)}"
    return PaddleModelDirs(det_dir, DET_MODEL_NAME, rec_dir, REC_MODEL_NAME, tag)


# --- the `ppocr` engine: the wheel's ONNX files as they are, and int8 copies built from them -----------------

# int8 copies of the wheel's models, built at install time (`doctor --prepare`), never downloaded:
#  "int8-dynamic": onnxruntime.quantization.quantize_dynamic — weights int8, activations quantised per call.
#      Only MatMul: onnxruntime's dynamic Conv (ConvInteger) ran 1.0–6x slower than float here.
#  "int8-static": quantize_static, QDQ format, per-channel int8 weights, uint8 activations whose ranges are
#      calibrated (min/max) on synthetic scanned pages made from the installed fonts (pipeline/ocr/calibration.py);
#      recognition is calibrated on the line crops the float detector cuts from those pages (calibrating on
#      rendered lines instead cost 0.05–0.2 points on the hard scans). Only Conv: adding MatMul, Add, Mul or
#      the QOperator format was no faster. The model is first converted to opset 17 (per-axis DequantizeLinear).
QUANT_RECIPES: dict[str, dict[str, tuple[str, ...]]] = {
    "int8-dynamic": {"det": ("Conv",), "rec": ("MatMul",)},
    "int8-static": {"det": ("Conv",), "rec": ("Conv",)},
}
QUANT_VERSION = "2"  # bump when a recipe changes: part of the models' version, so of every cache key


@dataclass(frozen=True)
class PpocrModels:
    det: Path
    rec: Path
    version: str  # goes into OCR cache keys


def _copy_metadata(source: Path, model) -> None:
    """The wheel's metadata (the character list above all) onto a converted model."""
    import onnx

    have = {p.key for p in model.metadata_props}
    for p in onnx.load(str(source), load_external_data=False).metadata_props:
        if p.key not in have:
            entry = model.metadata_props.add()
            entry.key, entry.value = p.key, p.value


def _quantise(source: Path, out: str, which: str, recipe: str) -> None:
    import logging

    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)  # the quantiser's advice ("consider pre-processing") on the root logger
    try:
        _quantise_quietly(source, out, which, recipe)
    finally:
        logging.disable(previous)


def _quantise_quietly(source: Path, out: str, which: str, recipe: str) -> None:
    import onnx
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_dynamic, quantize_static

    ops = list(QUANT_RECIPES[recipe][which])
    if recipe == "int8-dynamic":
        quantize_dynamic(str(source), out, op_types_to_quantize=ops, weight_type=QuantType.QInt8)
    else:
        from onnx import version_converter

        from . import calibration

        converted = out + ".opset17.onnx"
        try:
            onnx.save(version_converter.convert_version(onnx.load(str(source)), 17), converted)
            inputs = calibration.det_inputs() if which == "det" else calibration.rec_inputs_from_pages()
            quantize_static(converted, out, _Reader(inputs), quant_format=QuantFormat.QDQ, per_channel=True,
                            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, op_types_to_quantize=ops)
        finally:
            Path(converted).unlink(missing_ok=True)
    model = onnx.load(out)
    _copy_metadata(source, model)
    onnx.save(model, out)


class _Reader:
    """onnxruntime's CalibrationDataReader protocol over an iterator of inputs."""

    def __init__(self, inputs):
        self._it = iter(inputs)

    def get_next(self):
        x = next(self._it, None)
        return None if x is None else {"x": x}

    def __iter__(self):
        return self

    def __next__(self):
        item = self.get_next()
        if item is None:
            raise StopIteration
        return item


def quantised_model(source: Path, which: str, recipe: str, root: Path | None = None) -> Path:
    """The int8 copy of a wheel model (built once; written to a temporary file renamed into place)."""
    target = _quantised_target(which, recipe, root)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{which}.", suffix=".onnx", dir=target.parent)
    os.close(fd)
    try:
        _quantise(source, tmp, which, recipe)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def ppocr_models(det: str = "fp32", rec: str = "fp32", root: Path | None = None,
                 det_weights: str = DEFAULT_DET_WEIGHTS) -> PpocrModels:
    """Model files for the `ppocr` engine: the wheels', or their int8 copies (built from the wheel if missing)."""
    version = rapidocr_version()
    paths = {"det": det_model(det_weights), "rec": wheel_model(_REC_FILE)}
    for which, precision in (("det", det), ("rec", rec)):
        if precision != "fp32":
            paths[which] = quantised_model(paths[which], which, precision, root)  # v6 only (PpocrOptions)
    weights = "" if det_weights == DEFAULT_DET_WEIGHTS else f"({det_weights})"
    tag = (f"PP-OCRv6_small@rapidocr{version}:det{weights}-{det}={_sha256_prefix(paths['det'], 8)}"
           f",rec-{rec}={_sha256_prefix(paths['rec'], 8)}")
    return PpocrModels(paths["det"], paths["rec"], tag)


def _quantised_target(which: str, recipe: str, root: Path | None) -> Path:
    return (root or cache_root()) / "ocr-models" / f"ppocr-{recipe}-q{QUANT_VERSION}-rapidocr{rapidocr_version()}" \
        / f"{which}.onnx"


def missing_models(root: Path | None = None) -> list[str]:
    """Names of the model files `prepare_all` builds that are not there yet."""
    base = (root or cache_root()) / "ocr-models"
    version = rapidocr_version()
    need = [base / f"{DET_MODEL_NAME}-rapidocr{version}" / "inference.yml",
            base / f"{REC_MODEL_NAME}-rapidocr{version}" / "inference.yml"]
    need += [_quantised_target(w, r, root) for r in QUANT_RECIPES for w in ("det", "rec")]
    missing = [str(p.relative_to(base)) for p in need if not p.is_file()]
    for package, file_name in DET_WEIGHTS.values():  # read from the wheel as it is: nothing to build
        try:
            wheel_model(file_name, package)
        except FileNotFoundError:
            missing.append(f"{package}=={WHEELS[package]}:{file_name}")
    return missing


def prepare_all(root: Path | None = None) -> list[str]:
    """Everything the OCR engines load, built at install time (`doctor --prepare`): the PaddleOCR folders and
    the int8 models."""
    out = [str(ensure_paddle_models(root))]
    for recipe in QUANT_RECIPES:
        out.append(str(ppocr_models(det=recipe, rec=recipe, root=root)))
    return out


if __name__ == "__main__":  # build the folders at install time: python -m pipeline.ocr.model_store
    print("\n".join(prepare_all()))
