# The two commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin
FILE ?=

.PHONY: run test bench clean system-deps

# Set up (first time) and run the main job: the web platform with demo data on
# http://127.0.0.1:8000/ (SQLite in ./gongkai-data). `make run FILE=报告.pdf` reads one
# report in the terminal instead.
run: $(VENV)/.installed
	@if [ -n "$(FILE)" ]; then $(BIN)/gongkai extract "$(FILE)"; else $(BIN)/gongkai serve --demo; fi

# Set up (first time) and run the whole test suite.
test: $(VENV)/.installed-test system-deps
	@scripts/start-postgres
	$(BIN)/python -m pytest

# LibreOffice, a CJK font, qpdf and poppler for the tests that build PDF fixtures
system-deps:
	@scripts/system-deps

bench: $(VENV)/.installed-test system-deps
	@scripts/system-deps bench
	$(BIN)/python bench/extract_text.py
	$(BIN)/python bench/instructions.py
	$(BIN)/python bench/degrade.py
	$(BIN)/python bench/fuzz.py
	$(BIN)/python bench/sandbox.py
	$(BIN)/python bench/mutations.py
	$(BIN)/python bench/extract_pdf.py
	$(BIN)/python bench/ocr.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/batch.py
	@scripts/start-postgres
	$(BIN)/python bench/load.py

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@scripts/web-assets $(VENV)
	@touch $@

$(VENV)/.installed-test: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@scripts/web-assets $(VENV)
	@touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
