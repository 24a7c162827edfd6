# Two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-e2e test-rq lint format migrate demo install clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Local development server on SQLite with the demo data (idempotent), next to the background
# jobs' database worker and the scheduler (README: Background jobs); Ctrl-C stops all three.
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	DEBUG=1 $(PY) manage.py run_schedule & schedule=$$!; \
	trap 'kill $$worker $$schedule 2>/dev/null; wait; trap - EXIT; exit 0' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

migrate: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

# Lint, the layer contract (an app imports only the apps below it), migrations check and the
# whole suite (SQLite, or DATABASE_URL when set). Browser tests run when Chromium is installed
# and are reported as skipped otherwise.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/pytest -ra $(PYTEST_ARGS)

test-e2e: $(STAMP)
	DEBUG=1 $(BIN)/pytest -ra -m e2e tests/e2e $(PYTEST_ARGS)

# The background-job, import and export tests once more with their tasks on RQ, through the
# local Redis (CRM_TEST_REDIS_URL, default redis://127.0.0.1:6379/13), as production with
# REDIS_URL runs them.
RQ_TESTS ?= tests/crm/test_jobs.py tests/crm/test_jobs_rq.py tests/crm/test_bulk.py \
	$(wildcard tests/imports tests/ofbiz tests/crm/test_exports.py)
test-rq: $(STAMP)
	CRM_TEST_TASKS=rq DEBUG=1 $(BIN)/pytest -ra -p no:randomly $(RQ_TESTS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*

# Benchmark against DATABASE_URL (seed it first: manage.py seed_scale --parties N).
bench: $(STAMP)
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the seeded database."; exit 2; }
	$(PY) bench/run.py $(BENCH_ARGS)
