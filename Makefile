# The two commands of the quick start are `make serve` and `make test`.
# Every target creates .venv on first use and installs the pinned versions.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: serve serve-full site test lint format bench clean chromium nginx pdf-libs

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[site,test,pdf]'
	touch $(STAMP)

# Material prints its end-of-life notice on every run; README (Themes) says it once, and
# why the notice's advice (Zensical) does not fit a site that needs this plugin.
QUIET := NO_MKDOCS_2_WARNING=1

# --dirty renders only the pages an edit changed; the plugin drops what a clean build
# would not have (see docs/guide/scale.md, Editing a big site). --no-strict because
# MkDocs warns about every dirty build; `make site` is the strict build.
serve: $(STAMP)  ## build the sample reviews and serve them on http://127.0.0.1:8000/
	$(QUIET) $(BIN)/mkdocs serve --dirty --no-strict

serve-full: $(STAMP)  ## the same with a full rebuild on every save (plain mkdocs serve)
	$(QUIET) $(BIN)/mkdocs serve

# The last commit's time is the build date, so two builds of one commit are identical.
site: $(STAMP)  ## build the site into site/, failing on any problem
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) $(QUIET) $(BIN)/mkdocs build --strict

test: $(STAMP) chromium nginx pdf-libs  ## run the whole test suite (browser and nginx tests included)
	$(BIN)/python -m pytest

chromium:  ## Debian's Chromium for tests/browser (apt-get, with sudo when not root)
	sh scripts/install_chromium.sh

nginx:  ## Debian's nginx for the hosting tests (apt-get, with sudo when not root)
	sh scripts/install_nginx.sh

pdf-libs:  ## Debian's Pango, a font and pdftotext for `review-records pdf` and its tests
	sh scripts/install_pdf_libs.sh

lint: $(STAMP)  ## ruff, ruff format, mypy, and the layering contract (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The samples, then R=100 and 1,000 reviews: check, build, baseline, memory, serve edit, size,
# then search, lunr against Pagefind, in headless Chromium (see docs/guide/scale.md).
bench: $(STAMP) chromium nginx  ## benchmark check, build, serve and search (served by nginx) on synthetic repositories
	$(BIN)/python scripts/bench_scale.py $(BENCH_ARGS)

clean:
	rm -rf site .cache .pytest_cache
