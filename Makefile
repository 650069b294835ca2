# Two commands on a fresh machine:
#   make demo  - create .venv, install supportsim, compare the built-in schemes on the default scenario
#   make test  - install what the tests need, lint, type-check and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: demo test lint typecheck pytest notebooks notebooks-refresh bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/supportsim compare

lint: $(TSTAMP)
	$(BIN)/ruff check src tests experiments notebooks
	$(BIN)/ruff format --check src tests experiments

typecheck: $(TSTAMP)
	$(BIN)/mypy

# Headless Chromium and its driver for the report's browser test (Debian packages). As root
# (CI) they are installed; otherwise with sudo if available, else the test is skipped locally.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
		else echo "make browser: not root and no sudo; the browser test will be skipped"; exit 0; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

pytest: $(TSTAMP) browser
	MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 --dist loadfile

# Every notebook in notebooks/ runs top to bottom (nbmake) as a copy outside notebooks/ (so
# they must find the repository's files from anywhere); their assert cells check the lessons
# and print the figures they check as `KEY name = value`, which must match the saved outputs.
NBRUN := build/notebooks
notebooks: $(TSTAMP)
	rm -rf $(NBRUN) && mkdir -p $(NBRUN) && cp notebooks/*.ipynb $(NBRUN)/
	MPLBACKEND=Agg $(BIN)/python -m pytest --nbmake --overwrite -p no:cacheprovider $(NBRUN) -n 2
	$(BIN)/python notebooks/check_saved.py --fresh $(NBRUN) notebooks/*.ipynb

# Re-execute every notebook and rewrite its saved outputs in place (then commit them).
notebooks-refresh: $(TSTAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest --nbmake --overwrite -p no:cacheprovider notebooks -n 2

test: lint typecheck pytest notebooks

bench: $(TSTAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python experiments/benchmark_speed.py
	$(BIN)/python experiments/benchmark_engines.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
