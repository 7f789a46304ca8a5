# The two commands of the README: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
DEMO_ARGS ?= --as-of 2026-03-31 --period 2025-01-01..2025-12-31

.PHONY: setup system demo test test-quick schema samples clean

setup: system $(STAMP)

system:
	@bash scripts/setup-system.sh

# rapidocr_onnxruntime: only for its PP-OCRv4 mobile detection model (PpocrOptions.det_weights); its code is
# never run, so its dependencies (another opencv build beside the two paddleocr brings) are not installed
$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps rapidocr_onnxruntime==1.4.4
	$(BIN)/python -m pipeline doctor --prepare
	touch $(STAMP)

demo: setup
	$(BIN)/python -m pipeline process samples/packets/* --out $(OUT) $(DEMO_ARGS)

test: setup
	$(BIN)/python -m pytest -q

test-quick: setup
	$(BIN)/python -m pytest -q -m "not slow"

schema: setup
	$(BIN)/python -m pipeline schema > schemas/review-draft.schema.json

samples: setup
	$(BIN)/python -m samples.generate

clean:
	rm -rf $(VENV) $(OUT)
