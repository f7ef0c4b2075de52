# Two entry points (see README.md):
#   make run   install spheremap into .venv and start the app on the bundled data
#   make test  install spheremap with its test extras into .venv and run the whole suite
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin

.PHONY: run test install install-test lint data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

run: install
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: install-test
	$(BIN)/ruff check --output-format concise .
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rebuild every layer from its sources (needs npm for the Natural Earth packages).
data: install-test
	$(BIN)/python scripts/build_geodata.py

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache
