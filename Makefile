# One task runner for developers and CI alike; `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES ?= sources
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.DEFAULT_GOAL := all
.PHONY: all books pdf check situs test test-fast lint golden install-check schema help clean

all: $(STAMP) ## Set up .venv if needed; rebuild the books that changed, .docx and (with LibreOffice) .pdf
	@$(BIN)/sopgen build --sources $(SOURCES) --output output --pdf

$(STAMP): pyproject.toml  # an author's make: sopgen and what it needs to run, nothing more
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(TEST_STAMP): $(STAMP)  # a developer's make test: the test tools too
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

books: $(STAMP) ## Rebuild the .docx books that changed
	@$(BIN)/sopgen build --sources $(SOURCES) --output output

pdf: books ## Convert the books whose .docx changed to PDF (LibreOffice needed)
	@$(BIN)/sopgen pdf --output output

check: $(STAMP) ## Validate the sources and print a summary (all problems at once)
	$(BIN)/sopgen check --sources $(SOURCES)

situs: $(STAMP) ## Publish every SOP as a static, searchable site in output/situs (books and PDFs first)
	@$(BIN)/sopgen situs --sources $(SOURCES) --buku output

test: lint ## Lint, then run the whole test suite (LibreOffice included)
	$(BIN)/python -m pytest

test-fast: $(TEST_STAMP) ## The edit loop: every test that needs no LibreOffice
	$(BIN)/python -m pytest -m "not libreoffice" -q

lint: $(TEST_STAMP) ## ruff: unused or undefined names, import order, style errors
	$(BIN)/ruff check sopgen tests bench tools

install-check: ## pip install . (not editable) into a fresh venv, then run every command from it
	@set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	$(PYTHON) -m venv "$$dir/venv"; \
	"$$dir/venv/bin/pip" install --quiet --disable-pip-version-check .; \
	cd "$$dir"; sopgen="$$dir/venv/bin/sopgen"; \
	cp -r "$(CURDIR)/$(SOURCES)" "$$dir/sources"; \
	"$$sopgen" --help >/dev/null; \
	"$$sopgen" check --sources sources -q; \
	"$$sopgen" list --sources sources >/dev/null; \
	"$$sopgen" build --sources sources --output output -q; ls output/*.docx >/dev/null; \
	if "$$dir/venv/bin/python" -c "import sys; from sopgen.pdf import find_soffice; sys.exit(find_soffice() is None)"; \
	then "$$sopgen" pdf --output output >/dev/null; ls output/*.pdf >/dev/null; fi; \
	"$$sopgen" status --sources sources >/dev/null; \
	cp -r sources sumber-lama; "$$sopgen" revisi kecamatan-kanigaran --tanggal 2026-11-30 --sources sources >/dev/null; \
	"$$sopgen" perubahan --dari sumber-lama --sources sources --output output >/dev/null; ls output/perubahan/kecamatan-kanigaran.docx >/dev/null; \
	"$$sopgen" situs --sources sources --buku output --output situs -q; ls situs/index.html situs/aset/cari.js situs/kecamatan-kanigaran/index.html >/dev/null; \
	"$$sopgen" schema --output schema-keluar >/dev/null; ls schema-keluar/sop.schema.json >/dev/null; \
	"$$sopgen" new unit-baru "Surat Masuk" --sources sources >/dev/null; \
	"$$sopgen" import output --unit hasil-impor --sources sources >/dev/null; ls sources/hasil-impor/*.yaml >/dev/null; \
	"$$sopgen" preview --sources sources --output output --port 8799 >preview.log 2>&1 & preview=$$!; \
	for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1; "$$dir/venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8799/')" 2>/dev/null && break; done; \
	"$$dir/venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8799/')"; \
	kill $$preview; wait $$preview || true; \
	echo "install-check: the installed wheel ran check, list, build, pdf, status, schema, new, import, revisi, perubahan, situs and preview"

golden: $(TEST_STAMP) ## Rewrite tests/expected/ from the current output (review its git diff)
	$(BIN)/python -m tests.golden

schema: $(STAMP) ## Regenerate schema/*.schema.json from the contract
	$(BIN)/sopgen schema --output schema

clean: ## Remove generated output (the .venv stays)
	rm -rf output

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12
