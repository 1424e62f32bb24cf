# Muster: `make demo` sets up and serves the demo; `make test` runs everything CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= var/demo.db
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
PROOF_ARGS ?=

.PHONY: demo test lint format docs messages bench proof install dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

## demo: load the London-2025 coalition into $(DEMO_DB) and serve the dashboard
demo: install
	@mkdir -p $(dir $(DEMO_DB))
	MUSTER_DATABASE_URL=sqlite:///$(DEMO_DB) MUSTER_PUBLIC_READ=$${MUSTER_PUBLIC_READ:-true} \
	  $(BIN)/muster demo --host $(HOST) --port $(PORT)

## test: install test needs (dev extras, Debian chromium), lint, then the whole suite
test: dev
	scripts/test-deps.sh
	$(MAKE) --no-print-directory lint
	scripts/run-pytest.sh $(BIN)/python $(PYTEST_ARGS)

lint: dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

format: dev
	$(BIN)/ruff check --fix src tests benchmarks scripts
	$(BIN)/ruff format src tests benchmarks scripts

## docs: regenerate the README's CLI reference and configuration table
docs: install
	$(BIN)/python -m muster.cli.reference --write README.md

## messages: re-extract the web interface's messages and merge them into every catalogue
messages: dev
	$(BIN)/pybabel extract -F babel.cfg --no-location --omit-header --sort-output \
	  -o src/muster/web/locale/messages.pot .
	$(BIN)/pybabel update -i src/muster/web/locale/messages.pot -d src/muster/web/locale \
	  --ignore-obsolete

bench: dev
	$(BIN)/python -m benchmarks

## proof: every proof suite at full size (crash, concurrency, bad input, fuzzing, authorisation,
## hardening, audit, 10-minute soak; ~45 min): one table, and proof-report.json
proof: dev
	scripts/test-deps.sh
	$(BIN)/python -m benchmarks.proof $(PROOF_ARGS)

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache var
