# Every target sets itself up: a fresh machine needs only python3 (3.11) and make.
PYTHON ?= python3
# Where `make run` serves: make run PORT=8001
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.parallax-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test test-postgres bench eval smoke smoke-checks lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel

# torch first and pinned: here 2.13.0 resolves to a local CPU wheel; anything else pulls CUDA.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/parallax demo --port $(PORT)

test: install
	$(BIN)/pytest

# The suite again with every store in a fresh PostgreSQL database: starts Debian's server
# (installing it when missing, as root) unless PARALLAX_TEST_POSTGRES_URL names one already.
test-postgres: install
	url="$${PARALLAX_TEST_POSTGRES_URL:-$$(bash .ci/start-postgres)}" && \
		PARALLAX_TEST_POSTGRES_URL="$$url" $(BIN)/pytest

bench: install
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.compare
	$(BIN)/python -m bench.check_latency
	$(BIN)/python -m bench.index_scale

eval: install
	$(BIN)/python -m tests.eval.run_eval

# The held-out ECB+ topics (23-45), unlabelled: findings printed for reading, never tuned on.
smoke: install
	$(BIN)/python -m bench.heldout

# The same topics as an editor meets them: half stored, every claim of the other half checked.
smoke-checks: install
	$(BIN)/python -m bench.heldout_checks

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf .parallax .pytest_cache .mypy_cache .ruff_cache test-artifacts bench-output
