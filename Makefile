# CCM Portal: `make run` sets everything up and serves the portal; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# Bytecode is cached (__pycache__, and pytest's rewritten test modules) even where the machine's
# environment sets PYTHONDONTWRITEBYTECODE: without the cache every test worker and every
# subprocess a test starts compiles the whole project and the tests again (about 5 s each).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run install migrate demo test lint worker beat clean-db backup restore bench

# requirements.txt is what the portal runs on (the Docker image installs only that);
# requirements-dev.txt adds the test, benchmark and lint tools. A checkout gets both.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "CCM Portal on http://127.0.0.1:$(PORT)/  (demo logins, password 'demo': isu, coordinator-va, coordinator-ica, focal-iraq)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

# The suite runs in one process per core (pytest-xdist); PYTEST_WORKERS=0 runs it in this one.
# A full run (no PYTEST_ARGS) also fails if a named URL was requested by no test (URL_COVERAGE,
# tests/url_coverage.py). PYTEST_ADDOPTS=--reuse-db keeps the test database between runs.
PYTEST_WORKERS ?= auto
URL_COVERAGE ?= $(if $(PYTEST_ARGS),0,1)
# The import contracts (lint-imports) are checked inside the suite, by tests/test_layers.py.
test: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	URL_COVERAGE=$(URL_COVERAGE) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A ccm_portal worker --loglevel=info

beat: install
	$(BIN)/celery -A ccm_portal beat --loglevel=info

# Performance at ten years of data, against a bare hello view (PostgreSQL, Redis DB 5, gunicorn,
# wrk; see bench/README.md). BENCH_ARGS="--regenerate" rebuilds the benchmark databases.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Backups: the database (pg_dump, or a copy of the SQLite file) and every stored file, into
# backups/<timestamp>/ (BACKUP_DIR); `make restore BACKUP=backups/<timestamp>` puts both back and
# verifies every table's row count and every file's sha256 against the backup's manifest.
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<timestamp>"; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP)
