# claimwatch: the two commands of the quick start are `make demo` and `make test`.
# Everything installs into .venv from the package registries; nothing else is downloaded.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= kb.db
PORT   ?= 8001
SHARED ?= ../shared

.PHONY: install demo test test-fast bench eval browser redis clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## The bundled sample end to end: serve it, crawl, extract, browse on http://127.0.0.1:$(PORT)/
demo: install
	$(BIN)/claimwatch demo --db $(DB) --port $(PORT)

## Everything the tests need (a headless browser, a Redis server), then the tests.
test: install browser redis
	$(BIN)/python -m pytest -q

## The tests without the system packages (browser/Redis tests skip with a reason).
test-fast: install
	$(BIN)/python -m pytest -q -x

## Debian's chromium for the page tests (needs root and apt; skipped elsewhere).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "make: could not install chromium; browser tests will be skipped"; \
	  else echo "make: chromium not installed and not root; browser tests will be skipped"; fi; }

## Debian's redis-server for the distributed-crawl tests (started by the tests themselves).
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
	      || echo "make: could not install redis-server; distributed tests will be skipped"; \
	  else echo "make: redis-server not installed and not root; distributed tests will be skipped"; fi; }

## Speed and memory figures (not tests): extraction, crawling, Datasette.
bench: install
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## The extractor on the shared dev set: precision, recall, F1.
eval: install
	PATH="$(CURDIR)/$(BIN):$$PATH" bash $(SHARED)/eval/run.sh

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
