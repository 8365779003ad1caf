# Plenum: `make run` serves the archive; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-sqlite test-postgres lint system-test-packages clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py import_texts --if-empty --status published --verbosity 0 fixtures/
	@echo ""
	@echo "Plenum is at http://$(HOST):$(PORT)/"
	@echo "Curators log in at http://$(HOST):$(PORT)/admin/ -- create an account first with:"
	@echo "    $(PY) manage.py createsuperuser"
	@echo ""
	$(VENV)/bin/gunicorn archive.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile - --no-control-socket

system-test-packages:
	scripts/install-test-packages

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

test-sqlite: $(VENV)/.test-installed
	$(VENV)/bin/pytest

test-postgres: $(VENV)/.test-installed
	scripts/with-postgres $(VENV)/bin/pytest -m "not browser"

test: system-test-packages lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
