# Solidaires — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's public address, for the links built by the server and by the task worker alike
# (e-mails, digests, calendar feeds, QR codes): follows HOST and PORT unless set (decision 1133).
SOLIDAIRES_BASE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
DEMO_SCALE ?= agglo
DEMO_SEED ?= 42
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: run test install system-deps system-fonts lint typecheck audit clean-db help

help:
	@echo "make run   - install, migrate, load territory and demo data, start the worker, serve on http://$(HOST):$(PORT)"
	@echo "make test  - the whole suite (unit, integration, browser)"
	@echo "make lint  - ruff, import layers (lint-imports), declared dependencies (deptry)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Debian packages: the font PDFs use (fonts-dejavu-core, for make run and make test) and
# Chromium for the browser tests (make test only); installed only when missing.
system-fonts:
	@[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { \
		echo "Installing Debian package fonts-dejavu-core (PDF documents)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null; }

system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="chromium"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for browser tests:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: install system-fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_territory --if-empty
	@# The role accounts exist before the demo data, so each section gives them something to see.
	$(PY) manage.py create_demo_accounts >/dev/null
	$(PY) manage.py generate_demo --scale $(DEMO_SCALE) --seed $(DEMO_SEED) --if-empty
	$(PY) manage.py create_demo_accounts
	@echo "Starting the task worker and the server on http://$(HOST):$(PORT) (links: $(SOLIDAIRES_BASE_URL))"
	@export SOLIDAIRES_BASE_URL='$(SOLIDAIRES_BASE_URL)'; \
		$(PY) manage.py db_worker & WORKER=$$!; \
		trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite: unit and integration tests (solidaires/), browser tests (tests/e2e/).
# SQLite in memory by default; set DATABASE_URL=postgres://... for PostgreSQL. Extra pytest
# arguments: make test PYTEST_ARGS="-m 'not e2e'".
test: install system-deps
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Style, layers (import-linter: pyproject.toml, CONTRIBUTING.md) and declared dependencies (deptry).
lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/deptry .

typecheck: install
	$(VENV)/bin/mypy solidaires config

audit: install
	$(VENV)/bin/pip-audit -r requirements.txt --progress-spinner off
