# The project's commands. `make run` and `make test` work on a fresh machine with python3 (>= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICE_STAMP := $(VENV)/.service-stamp
TEST_STAMP := $(VENV)/.test-stamp
SPECTRAL := .tools/node_modules/.bin/spectral
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run serve worker test spec lint-spec lint bench bench-annotate bench-queue bench-tools bench-http bench-profile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The service and only what it needs to run: what run, serve, worker, spec and the benchmarks install.
$(SERVICE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The test tools too (the [test] extra): what test and lint install.
$(TEST_STAMP): $(SERVICE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## Install the service and the test tools into .venv, for development.
install: $(TEST_STAMP)

# Spectral (the OpenAPI linter) comes from npm and is only used to check the spec.
$(SPECTRAL):
	npm install --prefix .tools --no-audit --no-fund --silent @stoplight/spectral-cli@6.16.3

## Migrate the database (CLAIMS_DATABASE_URL, default SQLite in instance/), load and annotate the seeds, and
## serve the API on $(HOST):$(PORT).
run: $(SERVICE_STAMP)
	$(BIN)/claims db upgrade
	$(BIN)/claims seed
	$(BIN)/claims annotate --all
	$(BIN)/claims keys local
	$(BIN)/claims run --host $(HOST) --port $(PORT)

## Production serving: gunicorn with CLAIMS_WEB_WORKERS processes on CLAIMS_BIND (default 127.0.0.1:8000).
serve: $(SERVICE_STAMP)
	$(BIN)/claims db upgrade
	$(BIN)/claims serve

## An annotation queue worker (run as many as you like against PostgreSQL).
worker: $(SERVICE_STAMP)
	$(BIN)/claims worker

## Install everything and run the whole test suite (SQLite and PostgreSQL).
test: $(TEST_STAMP) $(SPECTRAL)
	CLAIMS_SPECTRAL=$(SPECTRAL) $(BIN)/pytest

## Regenerate openapi.yaml from the code.
spec: $(SERVICE_STAMP)
	CLAIMS_DATABASE_URL=sqlite:// $(BIN)/claims openapi write --format yaml openapi.yaml

lint-spec: $(SPECTRAL)
	$(SPECTRAL) lint --fail-severity=error --ruleset .spectral.yaml openapi.yaml

lint: $(TEST_STAMP)
	$(BIN)/ruff check api tests bench

bench-annotate: $(SERVICE_STAMP)
	$(BIN)/python bench/annotate_bench.py

bench-queue: $(SERVICE_STAMP)
	$(BIN)/python bench/queue_bench.py

## Benchmarks (bench/RESULTS.md): the production server against the minimal floor on SQLite and PostgreSQL,
## import/export, search, the annotation queue. CLAIMS sets the corpus size (the bars are for 1000000: long
## on 2 cores); SCALES the other sizes for the flat-latency check. wrk comes from Debian's packages.
CLAIMS ?= 100000
SCALES ?= 10000
BENCH_SECONDS ?= 10
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

bench-tools: $(SERVICE_STAMP)
	command -v wrk >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y wrk)

bench-http: bench-tools
	$(BIN)/python bench/http_bench.py --claims $(CLAIMS) --scales $(SCALES) --duration $(BENCH_SECONDS)
	$(BIN)/python bench/scale_bench.py --sizes $(SCALES),$(CLAIMS)

## py-spy (a sampling profiler, from PyPI, for the benchmark only) on a service worker under each scenario.
bench-profile: bench-tools
	$(BIN)/python -m pip install --quiet py-spy
	$(BIN)/python bench/http_bench.py --claims $(CLAIMS) --duration $(BENCH_SECONDS) --profile bench/out/profiles

bench: bench-http
	$(BIN)/python bench/bulk_bench.py sqlite:///$(CURDIR)/bench/out/bulk.db --claims $(CLAIMS) --fresh
	$(BIN)/python bench/search_bench.py --claims $(CLAIMS)
	$(BIN)/python bench/queue_bench.py
	$(BIN)/python bench/annotate_bench.py

clean:
	rm -rf $(VENV) .tools instance .pytest_cache
