# The project's commands. `make run` and `make test` work on a fresh machine with python3 (>= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SPECTRAL := .tools/node_modules/.bin/spectral
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run serve worker test spec lint-spec lint bench bench-annotate bench-queue bench-tools bench-http bench-profile clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Spectral (the OpenAPI linter) comes from npm and is only used to check the spec.
$(SPECTRAL):
	npm install --prefix .tools --no-audit --no-fund --silent @stoplight/spectral-cli@6.16.3

## Migrate the local SQLite database, load and annotate the seeds, and serve the API on $(HOST):$(PORT).
run: install
	$(BIN)/claims db upgrade
	$(BIN)/claims seed
	$(BIN)/claims annotate --all
	$(BIN)/claims keys local
	$(BIN)/claims run --host $(HOST) --port $(PORT)

## Production serving: gunicorn with CLAIMS_WEB_WORKERS processes on CLAIMS_BIND (default 127.0.0.1:8000).
serve: install
	$(BIN)/claims db upgrade
	$(BIN)/claims serve

## An annotation queue worker (run as many as you like against PostgreSQL).
worker: install
	$(BIN)/claims worker

## Install everything and run the whole test suite (SQLite and PostgreSQL).
test: install $(SPECTRAL)
	CLAIMS_SPECTRAL=$(SPECTRAL) $(BIN)/pytest

## Regenerate openapi.yaml from the code.
spec: install
	CLAIMS_DATABASE_URL=sqlite:// $(BIN)/claims openapi write --format yaml openapi.yaml

lint-spec: $(SPECTRAL)
	$(SPECTRAL) lint --fail-severity=error --ruleset .spectral.yaml openapi.yaml

lint: install
	$(BIN)/ruff check api tests bench

bench-annotate: install
	$(BIN)/python bench/annotate_bench.py

bench-queue: install
	$(BIN)/python bench/queue_bench.py

## Benchmarks (bench/RESULTS.md): the production server against the minimal floor on SQLite and PostgreSQL,
## import/export, search, the annotation queue. CLAIMS sets the corpus size (the bars are for 1000000: long
## on 2 cores); SCALES the other sizes for the flat-latency check. wrk comes from Debian's packages.
CLAIMS ?= 100000
SCALES ?= 10000
BENCH_SECONDS ?= 10
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

bench-tools: install
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
