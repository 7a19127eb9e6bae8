# One task runner for developers and CI alike; `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES ?= sources
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := all
.PHONY: all books pdf check test test-fast lint golden install-check schema help clean

all: $(STAMP) ## Set up .venv if needed; rebuild the books that changed, .docx and (with LibreOffice) .pdf
	@$(BIN)/sopgen build --sources $(SOURCES) --output output --pdf

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

books: $(STAMP) ## Rebuild the .docx books that changed
	@$(BIN)/sopgen build --sources $(SOURCES) --output output

pdf: books ## Convert the books whose .docx changed to PDF (LibreOffice needed)
	@$(BIN)/sopgen pdf --output output

check: $(STAMP) ## Validate the sources and print a summary (all problems at once)
	$(BIN)/sopgen check --sources $(SOURCES)

test: lint ## Lint, then run the whole test suite (LibreOffice included)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## The edit loop: every test that needs no LibreOffice
	$(BIN)/python -m pytest -m "not libreoffice" -q

lint: $(STAMP) ## ruff: unused or undefined names, import order, style errors
	$(BIN)/ruff check sopgen tests bench tools

install-check: ## pip install . (not editable) into a fresh venv, then build the samples with it
	@set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	$(PYTHON) -m venv "$$dir/venv"; \
	"$$dir/venv/bin/pip" install --quiet --disable-pip-version-check .; \
	cd "$$dir" && "$$dir/venv/bin/sopgen" build --sources "$(CURDIR)/$(SOURCES)" --output "$$dir/output" -q; \
	ls "$$dir/output"/*.docx >/dev/null && echo "install-check: the installed package built the samples"; \
	cp -r "$(CURDIR)/$(SOURCES)" "$$dir/sources"; \
	"$$dir/venv/bin/sopgen" import "$$dir/output" --unit hasil-impor --sources "$$dir/sources" >/dev/null; \
	ls "$$dir/sources/hasil-impor"/*.yaml >/dev/null && echo "install-check: the installed package imported them back"

golden: $(STAMP) ## Rewrite tests/expected/ from the current output (review its git diff)
	$(BIN)/python -m tests.golden

schema: $(STAMP) ## Regenerate schema/*.schema.json from the contract
	$(BIN)/sopgen schema --output schema

clean: ## Remove generated output (the .venv stays)
	rm -rf output

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12
