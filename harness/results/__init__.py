"""Verdict recording per scenario, the results.json contract and expected-results files.

Room rule: imports harness.catalog (levels) only; knows nothing of HTTP, servers or Allure.
"""
from harness.results.recorder import (  # noqa: F401
    CheckResult, ConformanceFailure, ScenarioRecord, ScenarioRecorder,
)
