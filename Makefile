# The two commands a new machine needs: `make chat` and `make test`. Everything else is here too.
VENV     := .venv
BIN      := $(VENV)/bin
PIP      := $(BIN)/pip install --constraint constraints.txt
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: chat test bench bench-large lint clean

$(BIN)/python:
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) --editable .
	touch $@

# The local extra builds llama-cpp-python from source (pip caches the wheel); its multimodal
# library is not needed, and leaving it out shortens the build. It is built for AVX2, not for
# the building CPU: llama.cpp's native build uses AMX on CPUs that have it, and its AMX kernels
# crash on every multi-token prompt (seen with 0.3.36 on a Xeon with amx_int8).
LLAMA_CMAKE := -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	CMAKE_ARGS="$(LLAMA_CMAKE)" $(PIP) --editable '.[test,local]'
	touch $@ $(VENV)/.installed

chat: $(VENV)/.installed /usr/bin/tesseract
	$(BIN)/carechat serve

# Browser tests drive Debian's chromium through Playwright (never `playwright install`).
/usr/bin/chromium:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends chromium fonts-dejavu-core

# Scanned PDFs are read by Debian's Tesseract (English data) through pytesseract.
/usr/bin/tesseract:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng

# The tests check the PDFs they write with poppler-utils (pdftotext, pdftoppm).
/usr/bin/pdftotext:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends poppler-utils

test: $(VENV)/.installed-test /usr/bin/chromium /usr/bin/tesseract /usr/bin/pdftotext lint
	$(BIN)/python -m pytest

$(VENV)/.installed-bench: pyproject.toml constraints.txt $(VENV)/.installed-test
	$(PIP) --editable '.[test,bench]'
	touch $@

# reportlab (a test extra) writes the PDFs of the corpus; the bench extra is the naive pipeline.
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/encoders.py
	$(BIN)/python benchmarks/ingest.py --chunks 1000 10000
	$(BIN)/python benchmarks/query.py --chunks 1000 10000
	$(BIN)/python benchmarks/load.py

# 100,000 chunks: the real answer path on a store filled with copies of ingested chunks.
bench-large: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/query.py --chunks 100000

lint: $(VENV)/.installed-test
	$(BIN)/ruff check assistant ingest evals tests benchmarks
	$(BIN)/mypy assistant ingest evals

clean:
	rm -rf $(VENV) data test-output
