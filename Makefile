# Every target creates .venv from pyproject.toml when it is missing or older than it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: run test soak venv bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[dev,bench]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/corechat serve --demo --host 127.0.0.1 --port 3000

test: $(STAMP)
	$(BIN)/python -m pytest

# The reliability suite's long versions (100 kills per store, bigger bursts); figures printed, seed in
# CORECHAT_RELIABILITY_SEED. Set CORECHAT_TEST_DATABASE_URL / CORECHAT_TEST_REDIS_URL for PostgreSQL and Redis.
soak: $(STAMP)
	CORECHAT_SOAK=1 $(BIN)/python -m pytest tests/reliability -s

# wrk (the Debian package) is the load generator; installed here when missing.
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { apt-get update && apt-get install -y wrk; }
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
