# The two commands a newcomer needs (see README.md):
#   make lab   - set up a private environment and open the workbook in JupyterLab
#   make test  - set up the same environment with test tools and run every test
#   make check - the developers' quick lane: lint, types and the fast unit tests
# Both create .venv/ on first use and only reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help lab test check setup setup-test lint clean

help:
	@echo "make lab    set up and open the workbook in JupyterLab"
	@echo "make test   set up and run all tests (lint, unit, notebooks, browser)"
	@echo "make check  quick lane for developers: lint, types, unit tests not marked slow"
	@echo "make clean  remove the environment and build output (never your entries)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Open Door needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	$(BIN)/python -c "from workbook.publish.launch import install_jupyter_settings as i; i()"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[test]"
	$(BIN)/python -c "from workbook.publish.launch import install_jupyter_settings as i; i()"
	@touch $@ $(VENV)/.installed-lab

setup: $(VENV)/.installed-lab
setup-test: $(VENV)/.installed-test

lab: setup
	$(BIN)/workbook lab

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/mypy

# One worker per core; a file's tests stay together so each file's servers and
# exported sites are made once.
test: lint
	$(BIN)/python -m pytest -n auto --dist loadfile

# Leaves out notebooks, browser tests and tests marked slow (tests/conftest.py).
check: lint
	$(BIN)/python -m pytest -m "not slow" -q

clean:
	rm -rf $(VENV) build dist *.egg-info
