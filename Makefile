# Two commands matter: `make serve` (build and serve the guide with live reload) and `make test`
# (every test). Both set up what they need first and skip that when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup setup-test serve build offline test lint typecheck validate depth words schema new-case pages bench audit lock clean

# --- environment (re-made only when a lock file changes) --------------------------------------
# Two locked sets, both with hashes: requirements/site.txt is all that reading and building the
# site needs; requirements/test.txt adds the test tools. `make lock` regenerates both.
PIP := $(PY) -m pip --disable-pip-version-check
SITE_STAMP := $(VENV)/.site-stamp
TEST_STAMP := $(VENV)/.test-stamp

$(SITE_STAMP): requirements/site.txt pyproject.toml
	@echo ">> Installing the site's Python packages into $(VENV) (first run: about a minute)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/site.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(TEST_STAMP): $(SITE_STAMP) requirements/test.txt
	@echo ">> Adding the test packages (pytest, Playwright, ruff, mypy, scikit-learn)"
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	@touch $@

# --ignore-scripts: no dependency runs code at install (vnu-jar would fetch a Java runtime when
# none is installed; the W3C check uses the system Java that .ci/run installs).
node_modules/.stamp: package.json package-lock.json
	@echo ">> Installing the pinned Mermaid from npm"
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(SITE_STAMP) node_modules/.stamp
setup-test: setup $(TEST_STAMP)

# --- the two README commands ----------------------------------------------------------------
serve: setup
	SITE_URL=http://$(HOST):$(PORT)/ $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

# Test files run in parallel, one worker per core up to four (pytest-xdist; a file's tests stay
# together, so its fixtures are made once): about 7.5 minutes on two cores instead of 10.
# One file, or one test, runs as usual: `.venv/bin/pytest tests/test_pages.py -k golden`.
test: setup-test
	$(PY) -m pytest --numprocesses auto --maxprocesses 4 --dist loadfile

# --- contributor tools ------------------------------------------------------------------------
# The deployed site draws every diagram as inline SVG, without JavaScript: after MkDocs,
# `fieldguide prerender` renders them in headless Chromium (Playwright, from the test set).
# It also ships the offline edition (the zip of `make offline`), linked from the home page.
OFFLINE_ZIP := build/field-guide-offline.zip
build: offline
	$(BIN)/fieldguide zip-site site-offline $(OFFLINE_ZIP)
	OFFLINE_ZIP=$(OFFLINE_ZIP) $(BIN)/mkdocs build --strict
	$(BIN)/fieldguide prerender site
	$(BIN)/fieldguide search-bundle site

validate: $(SITE_STAMP)
	$(BIN)/fieldguide validate

depth: $(SITE_STAMP)
	$(BIN)/fieldguide depth $(SLUG)

words: $(SITE_STAMP)
	$(BIN)/fieldguide words

schema: $(SITE_STAMP)
	$(BIN)/fieldguide export-schema

new-case: $(SITE_STAMP)
	@test -n "$(SLUG)" || (echo "usage: make new-case SLUG=my-case [TITLE='My case']"; exit 2)
	$(BIN)/fieldguide new-case $(SLUG) $(if $(TITLE),--title "$(TITLE)")

offline: setup-test
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline
	$(BIN)/fieldguide prerender site-offline --inline
	@echo "Open site-offline/index.html in a browser (no server needed)."

pages: $(SITE_STAMP)
	$(BIN)/fieldguide write-pages build/pages

lint: $(TEST_STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

bench: setup-test
	$(PY) scripts/benchmark.py $(if $(SIZES),--sizes $(SIZES)) $(if $(REPEAT),--repeat $(REPEAT))

# Lighthouse (pinned in tools/audit/, apart from the site's packages so CI never installs it)
# and axe on the built site, served like GitHub Pages. AUDIT_ARGS="--runs 1 --no-axe-all" is
# quicker; --readme writes the table into README.md.
tools/audit/node_modules/.stamp: tools/audit/package.json tools/audit/package-lock.json
	npm ci --prefix tools/audit --no-audit --no-fund --loglevel=error
	@touch $@

audit: setup-test tools/audit/node_modules/.stamp
	$(PY) scripts/audit.py $(AUDIT_ARGS)

lock: $(SITE_STAMP)
	$(PIP) install --quiet uv==0.13.9
	$(BIN)/uv pip compile requirements/site.in --generate-hashes --universal \
		--python-version 3.11.5 --no-header -o requirements/site.txt
	$(BIN)/uv pip compile requirements/test.in --generate-hashes --universal \
		--python-version 3.11.5 --no-header -o requirements/test.txt

clean:
	rm -rf site site-offline build .pytest_cache .mypy_cache .ruff_cache
