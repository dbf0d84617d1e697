# Two entry points, each doing all set-up from a fresh clone:
#   make run   - the whole conformance suite against the embedded reference, reports written to reports/
#   make test  - the project's own tests
PYTHON ?= python3.11
VENV := .venv
MITM_VENV := .venv-mitm
PY := $(VENV)/bin/python
# Test parallelism; the machine has 2 cores.
WORKERS ?= 2

.PHONY: run test setup clean bench serve

setup: $(VENV)/.installed $(MITM_VENV)/.installed

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

run: setup
	$(VENV)/bin/ssf-conformance run

test: setup
	$(PY) -m pytest -q -n $(WORKERS) tests

bench: setup
	$(PY) -m benchmarks

serve: setup
	$(VENV)/bin/ssf-conformance serve

clean:
	rm -rf $(VENV) $(MITM_VENV) reports/allure-results reports/html
