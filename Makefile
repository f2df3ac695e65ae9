# Skillmarket — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the test suite needs (browser tests drive Debian's chromium; the Spark engine's
# tests run Spark, which needs a Java 17 runtime; the browser tests' screenshots draw the data
# label's icon with Noto Color Emoji, a box without it).
APT_PACKAGES := chromium openjdk-17-jre-headless fonts-noto-color-emoji

.PHONY: setup demo test test-fast bench lint format clean validate-real lock test-lower-bounds apt

setup: $(STAMP) apt

# The app runs with the versions pinned in requirements.lock (tested together); pyproject.toml
# keeps ranges for library users. `make lock` refreshes the pins, `make test-lower-bounds` tests
# the lowest versions pyproject.toml admits.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

UV := $(VENV)/bin/uv

$(UV):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv

lock: $(UV)  # re-resolve the newest versions pyproject.toml admits; run `make test` after
	$(UV) pip compile pyproject.toml --extra dev --extra spark --python-version 3.11 --universal \
	  --custom-compile-command "make lock" -o requirements.lock

LOWER := .venv-lower
test-lower-bounds: $(UV) apt  # the declared lower bounds, in a separate venv
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 \
	  --resolution lowest-direct -o $(LOWER).txt
	test -x $(LOWER)/bin/python || $(PYTHON) -m venv $(LOWER)
	$(LOWER)/bin/python -m pip install --quiet -r $(LOWER).txt
	$(LOWER)/bin/python -m pip install --quiet --no-deps -e .
	$(LOWER)/bin/python -m pytest -q -m "not slow and not browser" -p no:cacheprovider

# Installs missing Debian packages when run as root (or with sudo); skips quietly otherwise.
apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "note: install Debian packages$$missing for the browser and Spark tests"; fi; \
	fi

demo: setup
	$(BIN)/skillmarket demo

test: setup
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow and not browser"

BENCH_POSTINGS ?= 100000

bench: setup  # make bench BENCH_POSTINGS=1000000 for the issue's 1M scale (~12 min to generate)
	$(BIN)/skillmarket bench --scenario build --postings $(BENCH_POSTINGS) --output bench/results/build.json

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate-real: setup
	@if [ -d ../shared/realdata/ashby ]; then $(BIN)/python -m pytest -q tests -k realdata; \
	else echo "../shared/realdata not present; skipping"; fi

clean:
	rm -rf data/raw/* data/curated/* data/warehouse.duckdb* .pytest_cache .ruff_cache
	git checkout -- data/raw/README.md data/curated/README.md 2>/dev/null || true
