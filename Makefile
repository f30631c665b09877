# c5site: `make run` sets up and serves the site; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint demo audit bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py keep_representations

run: setup
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium (never a downloaded one; they skip, with the reason,
# where it is missing: `.ci/run` installs it) and check accessibility with axe-core from npm.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Two workers, one per core; a test file stays on one worker (its fixtures share state).
PYTEST_ARGS ?= -n 2 --dist loadfile

test: $(VENV)/.installed-dev node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint, format and the import layers (pyproject.toml); CI runs it before the tests.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Benchmarks (not part of `make test`): builds a 100k-meeting PostgreSQL corpus once,
# then compares the site and API with Datasette (the peer) and a bare WSGI app (the limit).
.venv-bench/.installed:
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet "datasette~=0.65.1"
	touch $@

bench: $(VENV)/.installed .venv-bench/.installed
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	$(PY) bench/run.py

demo: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

audit: $(VENV)/.installed
	$(PY) manage.py audit_citations

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Fault suite (not part of `make test`): its own Redis and PostgreSQL cluster, killed and
# frozen under load; fails on any 500, any answer slower than 6 s, or no recovery.
.PHONY: chaos
chaos: $(VENV)/.installed
	command -v redis-server >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null)
	$(PY) bench/chaos.py
