# The README's two set-up commands: `make run` (the demo on SQLite and the sample web) and
# `make test` (the whole suite). Both create .venv and install everything they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# npm ci writes this file; it is newer than package-lock.json once node_modules matches the lock.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: run test bench lint system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	./scripts/ensure-system-deps.sh

# Test-only JavaScript (axe-core for the browser tests), from the npm registry; never vendored.
$(NODE_STAMP): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund

run: $(STAMP)
	$(BIN)/clinics demo

test: $(STAMP) system-deps $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(STAMP)
	@set -e; for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script; done

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts node_modules
