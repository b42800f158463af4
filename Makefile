# Two commands matter: `make serve` (build and serve the guide with live reload) and `make test`
# (every test). Both set up what they need first and skip that when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build offline test lint typecheck validate depth words schema new-case pages bench clean

# --- environment (re-made only when a lock file changes) --------------------------------------
$(VENV)/.stamp: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.stamp node_modules/.stamp

# --- the two README commands ----------------------------------------------------------------
serve: setup
	SITE_URL=http://$(HOST):$(PORT)/ $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

test: setup
	$(PY) -m pytest

# --- contributor tools ------------------------------------------------------------------------
build: setup
	$(BIN)/mkdocs build --strict

validate: $(VENV)/.stamp
	$(BIN)/fieldguide validate

depth: $(VENV)/.stamp
	$(BIN)/fieldguide depth

words: $(VENV)/.stamp
	$(BIN)/fieldguide words

schema: $(VENV)/.stamp
	$(BIN)/fieldguide export-schema

new-case: $(VENV)/.stamp
	@test -n "$(SLUG)" || (echo "usage: make new-case SLUG=my-case [TITLE='My case']"; exit 2)
	$(BIN)/fieldguide new-case $(SLUG) $(if $(TITLE),--title "$(TITLE)")

offline: setup
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline
	@echo "Open site-offline/index.html in a browser (no server needed)."

pages: $(VENV)/.stamp
	$(BIN)/fieldguide write-pages build/pages

lint: $(VENV)/.stamp
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(VENV)/.stamp
	$(BIN)/mypy

bench: setup
	$(PY) scripts/benchmark.py

clean:
	rm -rf site site-offline build .pytest_cache .mypy_cache .ruff_cache
