# grensloos — the two commands a newcomer needs:
#   make run    set everything up and serve the platform with the demo content on http://127.0.0.1:8000
#   make test   set everything up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k programme"
PYTEST_ARGS ?=

.PHONY: run test install install-dev translations lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	$(BIN)/grensloos compiletranslations

run: install translations
	$(BIN)/grensloos demo
	$(BIN)/grensloos createadmin
	$(BIN)/grensloos serve --port $(PORT)

test: install-dev translations
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/grensloos makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks

format: install-dev
	$(BIN)/ruff format src tests benchmarks

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
