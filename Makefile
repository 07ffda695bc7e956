# The two commands a newcomer needs: `make briefings` and `make test`.
# Each creates (or reuses) .venv and installs what it needs there.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: briefings test tables bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

briefings: $(STAMP)  ## render the briefings for the bundled sample corpus into reports/
	$(BIN)/briefing render --out reports

test: $(STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest -q

tables: $(STAMP)  ## write the tidy tables of the sample corpus into tables/
	$(BIN)/briefing tables --out tables --format csv

bench: $(STAMP)  ## print the benchmark figures
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) tables .pytest_cache
