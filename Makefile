# Huiliu 回流 — make install | run | test | lint | demo | bench
SHELL := /bin/bash
PY_BOOT ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed

.PHONY: install run test lint demo bench lock model clean up down eval learn

install: $(STAMP) model

# the virtual environment with every pinned package (uv keeps a cache, so a re-install is quick)
$(STAMP): requirements.lock
	test -x $(PY) || $(PY_BOOT) -m venv $(VENV)
	$(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(UV) pip sync --python $(PY) requirements.lock
	touch $(STAMP)

# the default embedding model, prepared once into ~/.cache/huiliu/models (outside git)
model: $(STAMP)
	$(PY) -m matcher.embedding.prepare

run: install
	$(PY) -m gateway

test: install
	$(PY) -m pytest -q
	$(VENV)/bin/lint-imports

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# load the realistic sample into a running system (start it first with make run)
demo: $(STAMP)
	$(PY) -m deploy.demo.load --base-url http://127.0.0.1:$${HUILIU_PORT:-8000}

bench: install
	$(PY) tests/benchmarks/bench_index.py
	$(PY) tests/benchmarks/bench_push.py

# matching quality on the labelled benchmark (matcher/evaluation/benchmark): vector vs keyword vs huiliu
eval: install
	$(PY) -m matcher.evaluation --slice full

# learning the rerank weights from outcomes, on an outcome log simulated on the benchmark:
# held-out AUC and NDCG@10 with the current and the fitted weights (matcher/learning)
learn: install
	$(PY) -m matcher.learning simulate --slice full

lock: $(STAMP)
	$(UV) pip compile --python $(PY) requirements.in -o requirements.lock

clean:
	rm -rf var

# distributed mode: Kafka, PostgreSQL and every service as its own process
up: install
	$(PY) -m deploy.local.cluster up

down:
	$(PY) -m deploy.local.cluster down
