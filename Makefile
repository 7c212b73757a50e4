# The one entry point: `make run`, `make test`, `make lint`, `make bench`, `make messages`.
# Everything runs from the project's own virtual environment in .venv, created on first use.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP_BASE := $(VENV)/.installed-base
STAMP_DEV := $(VENV)/.installed-dev

# Python 3.11 or newer: python3.11 if it is there, otherwise python3 when it is recent enough.
PYTHON ?= $(shell for p in python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

HOST ?= 127.0.0.1
# The gunicorn workers and background jobs of `make run` share one cache directory (throttles count across them);
# the tests keep each process's own memory.
run serve: export SAMBAT_CACHE_URL ?= file://$(CURDIR)/var/cache
# Links in e-mails, the API and Open311 point at the address being served (PORT=8021 make run included).
run serve: export SAMBAT_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
PORT ?= 8000
# Extra arguments: `make test TESTS=sambat.portal`, `make bench BENCH_ARGS="--complaints 1000000"`.
TESTS ?=
PARALLEL ?= auto
BENCH_ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run serve test lint format bench bench-routing bench-faults messages install install-dev clean model

help:
	@echo "make run       install, migrate, load the Kota Malang demo and serve on http://$(HOST):$(PORT)/"
	@echo "make test      run the test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint      ruff, mypy, manage.py check, makemigrations --check"
	@echo "make format    rewrite the code with ruff (format + safe fixes)"
	@echo "make bench     routing classifier speed and accuracy, then seed PostgreSQL and measure submission, inbox,"
	@echo "               tracking, evaluation, dashboard and Open311 (make bench-routing: the classifier only)"
	@echo "make bench-faults  reports through the API while PostgreSQL is stopped and restarted: none lost or doubled"
	@echo "make messages  update the id/en translation catalogues and compile them (needs gettext)"
	@echo "make model     rebuild the shipped routing model from ../shared/data/routing/train_surabaya.csv"

# --- Environment ---------------------------------------------------------------------------------

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 or newer is needed (python3.11 or python3)." >&2; exit 1; fi
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV). On Debian/Ubuntu: apt-get install python3-venv" >&2; exit 1; }

# The stamps make a second run skip pip entirely until a requirements file changes.
$(STAMP_BASE): requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(STAMP_DEV): requirements/base.txt requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt -r requirements/dev.txt
	@touch $@ $(STAMP_BASE)

install: $(STAMP_BASE)
install-dev: $(STAMP_DEV)

# --- Running -------------------------------------------------------------------------------------

run: $(STAMP_BASE)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	@$(MAKE) --no-print-directory serve

# gunicorn serves the site (DEBUG off, whitenoise serves static files); the outbox worker, the SLA sweep (reminders,
# warnings, escalations, auto-close every 10 minutes) and the SP4N-LAPOR! sync (every minute; it exits at once when
# the connector is not configured) run beside it. Ctrl-C stops gunicorn; the EXIT trap then stops the background
# jobs, which ignore SIGINT.
serve: $(STAMP_BASE)
	@echo
	@echo "Sambat is running on http://$(HOST):$(PORT)/ (staff sign-in: http://$(HOST):$(PORT)/akun/masuk/). Ctrl-C stops it."
	@$(PY) manage.py deliver_outbox --loop & worker=$$!; \
	$(PY) manage.py sla_sweep --loop --interval 600 & sweeper=$$!; \
	$(PY) manage.py lapor_sync --loop & lapor=$$!; \
	trap 'kill $$worker $$sweeper $$lapor 2>/dev/null; wait $$worker $$sweeper $$lapor 2>/dev/null' EXIT; \
	trap 'exit 0' INT TERM; \
	$(VENV)/bin/gunicorn sambat.wsgi --bind $(HOST):$(PORT) --workers 2 --worker-class gthread --threads 4 \
		--graceful-timeout 5 --no-control-socket --access-logfile -

# --- Checks --------------------------------------------------------------------------------------

test: $(STAMP_DEV)
	$(PY) manage.py test --noinput --parallel $(PARALLEL) $(TESTS)

lint: $(STAMP_DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP_DEV)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: bench-routing
	$(PY) -m bench.run $(BENCH_ARGS)
	$(PY) bench/evaluation.py $(BENCH_ARGS)
	$(PY) bench/dashboard.py $(BENCH_ARGS)
	$(PY) bench/open311.py $(BENCH_ARGS)

# Load with a fault injected: reports through the API while PostgreSQL is stopped for 8 s and started again.
# It stops this machine's PostgreSQL cluster: never run it beside a database in use.
bench-faults: $(STAMP_BASE)
	$(PY) bench/faults.py $(BENCH_ARGS)

# The classifier alone (no database needed): latency on one core, then accuracy on complaints written in the
# style of other cities (bench/data/other_cities.csv, never used for training).
bench-routing: $(STAMP_BASE)
	$(PY) bench/classify.py
	$(PY) manage.py routing_evaluate --csv bench/data/other_cities.csv --text-column text --label-column label

# The shipped routing model (sambat/routing/default_model/model.npz): same data, same file.
model: $(STAMP_BASE)
	$(PY) manage.py routing_train --default-model

# The compiled .mo files are committed, so running Sambat never needs gettext; updating them does.
messages: $(STAMP_BASE)
	@command -v msgfmt >/dev/null || { echo "gettext is needed: apt-get install gettext" >&2; exit 1; }
	$(PY) manage.py makemessages -l id -l en --domain django --ignore 'var/*' --ignore 'bench/*' --add-location file
	$(PY) manage.py compilemessages -l id -l en --ignore '.venv' --ignore 'var'

clean:
	rm -rf var/static .mypy_cache .ruff_cache $(STAMP_BASE) $(STAMP_DEV)
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
