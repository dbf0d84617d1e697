# Two entry points, each doing all set-up from a fresh clone:
#   make run   - the whole conformance suite against the embedded reference, reports written to reports/
#   make test  - the project's own tests
PYTHON ?= python3.11
VENV := .venv
MITM_VENV := .venv-mitm
PY := $(VENV)/bin/python
# Test parallelism; the machine has 2 cores.
WORKERS ?= 2

.PHONY: run test setup clean bench serve fuzz test-wheel test-walkthrough matrix load

setup: $(VENV)/.installed $(MITM_VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -U pip
	$(PY) -m pip install -q --disable-pip-version-check -e .
	touch $@

# mitmproxy lives in its own environment: its pins would downgrade h11, cryptography and jwcrypto
# in the suite's environment (see ../shared/tooling.md section 1).
$(MITM_VENV)/.installed:
	test -x $(MITM_VENV)/bin/python || $(PYTHON) -m venv $(MITM_VENV)
	$(MITM_VENV)/bin/python -m pip install -q --disable-pip-version-check -U pip
	$(MITM_VENV)/bin/python -m pip install -q --disable-pip-version-check "mitmproxy>=11,<12"
	touch $@

# The Allure CLI for the HTML report comes from npm (pinned in package-lock.json); without Node
# the run still works and the report command says how to get the HTML.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "Node.js/npm not found: the HTML report will be skipped (install Node 20+, then make setup)"; fi

# The whole conformance suite (both roles) against the embedded reference, then the reports.
run: setup
	$(VENV)/bin/ssf-conformance run --role all; rc=$$?; \
	$(VENV)/bin/ssf-conformance report; rrc=$$?; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi; exit $$rrc

# The self-test's suite runs (one per fault and per legal variation) go to long-lived batch
# workers that run beside the other tests, at a lower CPU priority (tests/selftest/conftest.py).
test: setup
	$(PY) -m pytest -q -n $(WORKERS) tests

# The wheel outside the repository (tests/cli/test_wheel.py, ~2.5 min: it installs the
# dependencies into a fresh venv and runs the transmitter role against `serve`).
test-wheel: setup
	SSF_TEST_WHEEL=1 $(PY) -m pytest -q tests/cli/test_wheel.py

# docs/testing-your-implementation.md, every command in it against `serve` (~60 s).
test-walkthrough: setup
	SSF_TEST_WALKTHROUGH=1 $(PY) -m pytest -q -s tests/cli/test_walkthrough.py

bench: setup
	$(PY) -m benchmarks

# The long fuzz of the reference servers (tests/reference/fuzz): FUZZ_EXAMPLES requests per
# server, random each run; prints requests sent and 5xx found. `make test` runs a short pass.
FUZZ_EXAMPLES ?= 20000
fuzz: setup
	SSF_FUZZ_PROFILE=long SSF_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -s tests/reference/fuzz

# The interop matrix (reference x reference, every seed flow, push and poll) and load runs
# against the embedded reference (docs/interop.md); not part of `make test`.
matrix: setup
	$(VENV)/bin/ssf-conformance matrix

LOAD_COUNT ?= 1000
load: setup
	$(VENV)/bin/ssf-conformance load --role transmitter --count $(LOAD_COUNT) --concurrency 4
	$(VENV)/bin/ssf-conformance load --role receiver --count $(LOAD_COUNT) --concurrency 4 \
	    --reports reports/load-receiver

serve: setup
	$(VENV)/bin/ssf-conformance serve

clean:
	rm -rf $(VENV) $(MITM_VENV) node_modules reports/allure-results reports/html reports/html-single
