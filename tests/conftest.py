"""Project tests: gathers the self-test's kill outcomes (from every xdist worker) into
reports/mutation.json and reports/mutation.md at the end of the run."""
import json

_KILLS: list = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        for name, value in getattr(report, "user_properties", []):
            if name == "ssf_kill":
                _KILLS.append(json.loads(value))


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput") or not _KILLS:
        return
    from harness.selftest.matrix import FaultOutcome, write_matrix
    from harness.suite.profiles import PROJECT_ROOT
    outcomes = []
    for item in sorted(_KILLS, key=lambda k: k["fault"]):
        item = dict(item)
        item.pop("killed", None)
        outcomes.append(FaultOutcome(**item))
    write_matrix(outcomes, [], PROJECT_ROOT / "reports")
