# The two commands: `make demo` (set up, load the demo, serve) and `make test` (set up, check, test).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

.PHONY: help demo test test-full serve venv postgres db browser tilemaker lint typecheck importlint pytest check lock

help:
	@echo "make demo   set everything up, load the demo data, serve on http://127.0.0.1:8000"
	@echo "make test   set everything up, then lint, type checks and the whole test suite"
	@echo "make test-full   the same with the bounded searches widened"

# The worker plans weeks and runs uploaded imports in the background; it stops with the server.
demo: db tilemaker
	$(BIN)/maraude load-demo
	$(BIN)/maraude worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/maraude serve --host 127.0.0.1 --port 8000

test: db browser tilemaker check pytest

# The same, with the bounded searches widened (Schemathesis cases per operation and role).
test-full: db browser tilemaker check
	MARAUDE_SCHEMATHESIS_EXAMPLES=200 MARAUDE_FULL_MATRIX=1 $(BIN)/pytest

check: lint typecheck importlint

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@if ! $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null; then \
	  echo "installing python3-venv"; $(SUDO) apt-get install -y -q python3-venv python3-dev; fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]' --config-settings editable_mode=compat
	@touch $@

# PostgreSQL with PostGIS and pgRouting for the server's own major version, running.
postgres:
	@apt_install() { $(SUDO) apt-get install -y -q "$$@" || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q "$$@"; }; }; \
	if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then \
	  echo "installing PostgreSQL"; apt_install postgresql postgresql-contrib; fi; \
	V=$$(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version_num' 2>/dev/null | sed 's/....$$//' || true); \
	if [ -z "$$V" ]; then V=$$(ls /etc/postgresql | sort -n | tail -n 1); fi; \
	for pkg in postgresql-$$V-postgis-3 postgresql-$$V-pgrouting; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || { echo "installing $$pkg"; apt_install $$pkg; }; \
	done; \
	if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "starting PostgreSQL $$V"; \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$V main start || $(SUDO) service postgresql start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi; \
	pg_isready -h 127.0.0.1 -p 5432

# The page tests drive Debian's Chromium with Playwright (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || { echo "installing chromium"; \
	  $(SUDO) apt-get install -y -q chromium || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }; }

# The basemap's vector tiles are built from the street extract with Debian's tilemaker (the
# demo load builds them; without tilemaker the map draws the streets as lines).
tilemaker:
	@command -v tilemaker >/dev/null || { echo "installing tilemaker"; \
	  $(SUDO) apt-get install -y -q tilemaker || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q tilemaker; }; }

# A signing key for access tokens, made once per checkout and kept out of git.
.env:
	@umask 077; echo "MARAUDE_SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" > $@
	@echo "wrote a new MARAUDE_SECRET_KEY into .env"

# Roles, database and extensions (as a superuser), then the migrations (as the schema owner).
db: venv postgres .env
	@if psql -h 127.0.0.1 -U postgres -Atc 'SELECT 1' >/dev/null 2>&1; then \
	  $(BIN)/maraude db setup; \
	else \
	  echo "no password-less superuser on 127.0.0.1: setting up through the local socket as postgres"; \
	  $(SUDO) runuser -u postgres -- env MARAUDE_ADMIN_DATABASE_URL='postgresql://postgres@/postgres?host=/var/run/postgresql' $(BIN)/maraude db setup; \
	fi
	$(BIN)/maraude db upgrade

serve: db
	$(BIN)/maraude serve --host 127.0.0.1 --port 8000

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

importlint: venv
	$(BIN)/lint-imports

pytest: venv
	$(BIN)/pytest

# Refresh the pinned versions after changing dependencies in pyproject.toml.
lock: venv
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^maraude' > constraints.txt
