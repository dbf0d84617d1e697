"""Project tests: gathers the self-test's kill outcomes and variation outcomes (from every
xdist worker) into reports/selftest/mutation.{json,md} and reports/selftest/variations.{json,md}
at the end (their own folder: never mixed into a run's report folder)."""
import json

_KILLS: list = []
_VARIATIONS: list = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        for name, value in getattr(report, "user_properties", []):
            if name == "ssf_kill":
                _KILLS.append(json.loads(value))
            elif name == "ssf_variation":
                _VARIATIONS.append(json.loads(value))


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):
        return
    if _VARIATIONS:
        _write_variations()
    if not _KILLS:
        return
    from harness.selftest.matrix import FaultOutcome, write_matrix
    from harness.suite.profiles import PROJECT_ROOT
    outcomes = []
    for item in sorted(_KILLS, key=lambda k: k["fault"]):
        item = dict(item)
        item.pop("killed", None)
        outcomes.append(FaultOutcome(**item))
    write_matrix(outcomes, [], PROJECT_ROOT / "reports" / "selftest")


def _write_variations():
    from harness.selftest.variation_runs import VariationOutcome, write_variation_matrix
    from harness.suite.profiles import PROJECT_ROOT
    outcomes = []
    for item in sorted(_VARIATIONS, key=lambda v: v["variation"]):
        item = dict(item)
        item.pop("green", None)
        outcomes.append(VariationOutcome(**item))
    write_variation_matrix(outcomes, PROJECT_ROOT / "reports" / "selftest")
