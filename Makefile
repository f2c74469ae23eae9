# The two commands: `make run` (demo on http://127.0.0.1:8000) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.12); elsewhere any python3.12 on PATH will do.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3 2>/dev/null)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails and the QR code on certificates point at the server `make run` starts.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test serve bench seed-bench loadtest loadtest-cluster audit-deps install install-dev migrate lint clean check-python

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python found. Install Python 3.12 (with pyenv: 'pyenv install 3.12')."; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
		echo "Python 3.12 or newer is needed (Django 6.1); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
		echo "With pyenv: 'pyenv install 3.12' (this folder's .python-version selects it)."; exit 1; }

$(VENV)/bin/activate: | check-python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks against PostgreSQL on 127.0.0.1; figures go to bench/RESULTS.md. `make seed-bench`
# first: it recreates the database kuf_bench and fills it (ENROLMENTS, default 100000); the
# certificate benchmark uses a database of its own (kuf_bench_certificates).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kuf_bench
ENROLMENTS ?= 100000

seed-bench: install-dev
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS kuf_bench" -c "CREATE DATABASE kuf_bench"
	DATABASE_URL=$(BENCH_DATABASE_URL) PRIVATE_FILES_ROOT=$(CURDIR)/.bench-files $(PY) manage.py migrate -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) PRIVATE_FILES_ROOT=$(CURDIR)/.bench-files $(PY) manage.py seed_bench --enrolments $(ENROLMENTS)

bench: install-dev
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) PRIVATE_FILES_ROOT=$(CURDIR)/.bench-files $(PY) bench/pages.py
	DATABASE_URL=$(BENCH_DATABASE_URL) PRIVATE_FILES_ROOT=$(CURDIR)/.bench-files $(PY) bench/exports.py
	$(PY) bench/certificates.py --count 1000
	$(PY) bench/hashers.py

# Locust against gunicorn on kuf_bench (after `make seed-bench`), then again with PostgreSQL
# restarted in the middle (needs root for pg_ctlcluster); figures go to bench/RESULTS.md.
loadtest: install-dev
	$(PY) -m pip install --quiet -r requirements-load.txt
	DATABASE_URL=$(BENCH_DATABASE_URL) PRIVATE_FILES_ROOT=$(CURDIR)/.bench-files $(PY) bench/loadtest.py

# Several servers on this machine: haproxy, two gunicorn app servers and two task workers on
# PostgreSQL (a fresh kuf_cluster), Redis and SeaweedFS; one server and one worker killed mid-run
# (root: may apt-get install haproxy). Figures go to bench/RESULTS.md.
loadtest-cluster: install-dev
	$(PY) -m pip install --quiet -r requirements-load.txt
	$(PY) bench/cluster.py

# Known vulnerabilities in the pinned requirements (pip-audit, PyPI's advisory data). --strict:
# a package it could not check fails the run instead of passing unseen.
audit-deps: | check-python
	test -x .venv-audit/bin/pip-audit || { $(PYTHON) -m venv .venv-audit && .venv-audit/bin/pip install --quiet -r requirements-audit.txt; }
	.venv-audit/bin/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

lint: install-dev
	$(VENV)/bin/ruff check .

# Production-like: gunicorn with collected static files and the task worker beside it, sharing
# the database cache (rate limits count across workers). Real deployments set
# DJANGO_ENV=production and the settings in the README.
SERVE_CACHE_URL ?= dbcache://portal_cache
serve: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	CACHE_URL=$(SERVE_CACHE_URL) $(PY) manage.py createcachetable
	@trap 'kill 0' EXIT; \
	SITE_URL=$(SITE_URL) CACHE_URL=$(SERVE_CACHE_URL) TASKS_BACKEND=django_tasks_db.DatabaseBackend $(PY) manage.py task_worker & \
	SITE_URL=$(SITE_URL) CACHE_URL=$(SERVE_CACHE_URL) TASKS_BACKEND=django_tasks_db.DatabaseBackend DEBUG=false \
		$(VENV)/bin/gunicorn imh_courses.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --keep-alive 0 --access-logfile -

clean:
	rm -rf $(VENV) .venv-audit staticfiles .pytest_cache
