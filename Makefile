# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
PORT ?= 8501

.PHONY: run test bench bench-routes bench-app chromium events clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(RUN_STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

# Debian's Chromium for the end-to-end browser tests (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; \
	  else echo "Install Chromium with your package manager for the browser tests" >&2; exit 1; fi; }

run: $(RUN_STAMP)
	$(PY) app.py --server.port $(PORT) --server.headless true

test: $(DEV_STAMP) chromium
	$(PY) -m pytest

events: $(RUN_STAMP)
	$(PY) -m geo events seeds

bench: $(RUN_STAMP)
	$(PY) -m geo bench

bench-routes: $(RUN_STAMP)
	$(PY) bench/bench_routes.py

# App benchmark in headless Chromium: time to map visible and slider latency (seeds, 5,000 legs).
bench-app: $(DEV_STAMP) chromium
	$(PY) bench/bench_app.py

clean:
	rm -rf $(VENV) .pytest_cache screenshots
