# The two commands of the quick start are `make serve` and `make test`.
# Every target creates .venv on first use and installs the pinned versions.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: serve site test lint format bench clean chromium

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[site,test]'
	touch $(STAMP)

serve: $(STAMP)  ## build the sample reviews and serve them on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve

# The last commit's time is the build date, so two builds of one commit are identical.
site: $(STAMP)  ## build the site into site/, failing on any problem
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) $(BIN)/mkdocs build --strict

test: $(STAMP) chromium  ## run the whole test suite (browser tests included)
	$(BIN)/python -m pytest

chromium:  ## Debian's Chromium for tests/browser (apt-get, with sudo when not root)
	sh scripts/install_chromium.sh

lint: $(STAMP)  ## ruff, ruff format, mypy, and the layering contract (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# R=100 and 1,000 reviews: check, build, baseline, memory, serve edit, size (see docs/guide/scale.md).
bench: $(STAMP)  ## benchmark check, build and serve on synthetic repositories
	$(BIN)/python scripts/bench_scale.py $(BENCH_ARGS)

clean:
	rm -rf site .cache .pytest_cache
