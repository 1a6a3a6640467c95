# The two commands a new machine needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
# .python-version makes pyenv's python3 a 3.12; elsewhere take python3.12 when it is installed.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export PORT

.PHONY: run test install install-dev migrate demo bench mutants clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(PY) requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py bootstrap_demo

# The web server and one background worker together (apps/jobs/management/commands/devserver.py):
# one Ctrl+C stops both; the demo login is printed once both are up.
run: migrate
	@echo "Starting IdentityCall Console and its background worker on http://$(HOST):$(PORT)/ ..."
	$(PY) manage.py devserver --demo $(ARGS) $(HOST):$(PORT)

# The suite runs in a random order (pytest-randomly) so hidden order dependencies surface; each run
# picks its seed and a failing run says how to repeat that order. SEED=N repeats one order.
test: install-dev
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install chromium (browser tests need /usr/bin/chromium)"; exit 1; }
	@seed=$${SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "$(PY) -m pytest -p randomly --randomly-seed=$$seed"; \
	$(PY) -m pytest -p randomly --randomly-seed=$$seed || { status=$$?; \
	  echo; echo "make test failed (random order, seed $$seed). Repeat exactly this order with:"; \
	  echo "  $(PY) -m pytest -p randomly --randomly-seed=$$seed    (or: make test SEED=$$seed)"; \
	  exit $$status; }

# Mutation testing of the critical modules (tools/mutants.py; docs/mutants-equivalent.md).
mutants: install-dev
	$(PY) tools/mutants.py

bench: install-dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
