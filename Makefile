# ggutils: `make` alone lists the targets. Every target sets up .venv first if needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data
REPORTS ?= reports

.DEFAULT_GOAL := help
.PHONY: help install fonts briefings test test-fast bench lab lint strip-notebooks unseen-texts clean

## List the targets
help:
	@awk '/^## /{desc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(desc){split($$1,t,":"); printf "  %-16s %s\n", t[1], desc}; desc=""}' $(MAKEFILE_LIST)

# The font families the briefings' stylesheet names (src/ggutils/brief/templates/briefing/style.css:
# "Noto Sans", "DejaVu Sans"), as Debian packages: PDFs are laid out, and their pages counted
# by the tests, in these fonts rather than whatever the machine falls back to.
FONT_FAMILIES := Noto Sans|DejaVu Sans
FONT_PACKAGES := fonts-noto-core fonts-dejavu-core

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory fonts
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/ggutils kernel >/dev/null
	touch $(STAMP)

## Create .venv, install ggutils with its dependencies and its Jupyter kernel (ggutils kernel)
install: $(STAMP)

## Install the fonts the briefings' stylesheet names (apt-get, as root or with sudo; else a note)
fonts:
	@missing=0; families='$(FONT_FAMILIES)'; IFS='|'; for family in $$families; do \
	    fc-list "$$family" 2>/dev/null | grep -q . || missing=1; done; \
	if [ $$missing -eq 0 ]; then exit 0; fi; \
	if command -v apt-get >/dev/null && [ "$$(id -u)" -eq 0 ]; then SUDO=""; \
	elif command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	else echo "note: install the fonts $(FONT_FAMILIES) (Debian: $(FONT_PACKAGES)) so PDFs" \
	    "print as the tests expect"; exit 0; fi; \
	echo "installing $(FONT_PACKAGES)"; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES) >/dev/null \
	    || { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	         apt-get install -y -qq $(FONT_PACKAGES) >/dev/null; }

## Run the whole pipeline on the shipped data: clean -> project -> briefings (reports/)
briefings: $(STAMP)
	$(BIN)/ggutils --data $(DATA) --reports $(REPORTS) run

# One process per core (pytest-xdist); a test file stays in one process, so its module
# fixtures are built once.
## Run the test suite (sets up .venv first if needed)
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

## Run the tests that do not execute notebooks
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not notebooks"

## Run the benchmarks (prints BENCH lines)
bench: $(STAMP)
	$(BIN)/python -m benchmarks

## Open JupyterLab on notebooks/ with the venv's kernel
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## Lint with ruff
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

## Clear outputs from the committed notebooks
strip-notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb

## Rebuild the unseen texts of issue 25 from clones of their sources (CLONES=folder of <owner>+<name>)
unseen-texts: $(STAMP)
	@test -n "$(CLONES)" || { echo "CLONES=<folder holding tnt305+tai_lieu_noi_bo and hrmaster1982-dev+phapluat-8chude-data clones> is needed"; exit 2; }
	$(BIN)/python -m tests.reference.unseen_texts --clones $(CLONES)

## Remove generated outputs (reports/ and data/processed/)
clean:
	rm -rf $(REPORTS) && find data/processed -type f ! -name .gitkeep -delete
