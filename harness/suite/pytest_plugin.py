"""pytest plugin for conformance runs: options, the session fixture, the scenario recorder,
tag handling (skips from capabilities), evidence slicing and the results hand-over.

Loaded from the root conftest; it stays inert for the project's own tests (nothing here runs
unless a scenario or the `suite` fixture is used).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness.results.recorder import ScenarioRecorder
from harness.suite.tags import MARKERS, parse_tags, row_requires

RECORDER = pytest.StashKey[ScenarioRecorder]()
SESSION_FIXTURES = {"transmitter": "suite", "receiver": "rx_suite", "directory": "dir_suite"}
MARKS = pytest.StashKey[dict]()
SESSION_KEY = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ssf", "SSF conformance run")
    group.addoption("--ssf-profile", default=None, help="target profile (default: reference)")
    group.addoption("--ssf-strict", action="store_true", help="SHOULD failures fail the run")
    group.addoption("--ssf-no-proxy", action="store_true", help="bypass the recording proxy")
    group.addoption("--ssf-run-dir", default=None, help="where evidence and results go")
    group.addoption("--ssf-timeout-multiplier", type=float, default=None)
    group.addoption("--ssf-tags", default=None,
                    help="boolean expression over scenario tags, e.g. 'area:poll and not id:X'")
    group.addoption("--ssf-list", default=None,
                    help="with --collect-only: write the selected scenarios here (JSON)")
    group.addoption("--ssf-preflight", default=None,
                    help="preflight.json of the run (harness/suite/preflight.py)")


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    expression = config.getoption("--ssf-tags")
    if expression:
        from harness.suite.selection import TagExpressionError, select
        try:
            keep, drop = select(items, expression)
        except TagExpressionError as exc:   # pytest prints it on one line, no traceback
            raise pytest.UsageError(str(exc)) from None
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep


def pytest_collection_finish(session: pytest.Session) -> None:
    """`ssf-conformance list`: the scenarios the selection kept, with their capability tags."""
    path = session.config.getoption("--ssf-list")
    if path:
        from harness.suite.selection import describe
        Path(path).write_text(json.dumps([describe(item) for item in session.items]))


def pytest_configure(config: pytest.Config) -> None:
    for mark in MARKERS.values():
        config.addinivalue_line("markers", f"{mark}(value): SSF scenario tag")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function):
    kind, _, value = tag.partition(":")
    if kind in MARKERS and value:
        getattr(pytest.mark, MARKERS[kind])(value)(function)
        return True
    return None


def _run_dir(config: pytest.Config) -> Path:
    value = config.getoption("--ssf-run-dir") or os.environ.get("SSF_RUN_DIR") or "reports"
    return Path(value)


def _load_profile(config: pytest.Config):
    from harness.profiles import load_profile
    from harness.suite.profiles import default_profile_path
    path = config.getoption("--ssf-profile") or os.environ.get("SSF_PROFILE")
    profile = load_profile(Path(path) if path else default_profile_path())
    multiplier = config.getoption("--ssf-timeout-multiplier")
    if multiplier:
        from dataclasses import replace
        profile = replace(profile, timeouts=profile.timeouts.with_multiplier(multiplier))
    return profile


def _live_session(request: pytest.FixtureRequest, session_class):
    config = request.config
    session = session_class(_load_profile(config), _run_dir(config),
                            use_proxy=not config.getoption("--ssf-no-proxy"))
    session.start()
    return session


@pytest.fixture(scope="session")
def suite(request: pytest.FixtureRequest):
    """The live transmitter-role session: the suite plays the receiver (one per worker)."""
    from harness.suite.session import TransmitterSession
    session = _live_session(request, TransmitterSession)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def rx_suite(request: pytest.FixtureRequest):
    """The live receiver-role session: the suite plays the transmitter (one per worker)."""
    from harness.suite.receiver_session import ReceiverSession
    session = _live_session(request, ReceiverSession)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def dir_suite(request: pytest.FixtureRequest):
    """The live directory-role session: the suite calls a trust directory (one per worker)."""
    from harness.suite.directory_session import DirectorySession
    session = _live_session(request, DirectorySession)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def root_causes():
    """The preconditions that failed so far in this process (per xdist worker): the first
    failure is the finding, later scenarios failing the same way are blocked by it."""
    from harness.results.root_causes import RootCauses
    return RootCauses()


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature, scenario) -> None:
    tags = parse_tags(set(scenario.tags) | set(feature.tags))
    if tags.id is None:
        raise pytest.UsageError(f"scenario {scenario.name!r} needs exactly one @id: tag")
    item = request.node
    recorder = ScenarioRecorder(tags.id, scenario.name, feature.name, list(tags.requirements),
                                strict=request.config.getoption("--ssf-strict"))
    params = getattr(item, "callspec", None)
    if params is not None and "_pytest_bdd_example" in params.params:
        recorder.record.variant = dict(params.params["_pytest_bdd_example"])
    item.stash[RECORDER] = recorder
    # Shown as <property> elements in junit.xml, so CI can key on the stable id.
    item.user_properties.append(("scenario_id", tags.id))
    for requirement in tags.requirements:
        item.user_properties.append(("requirement", requirement))
    role = tags.role or "transmitter"
    _label_for_allure(tags, recorder)
    caps = _profile(item.config).capabilities(role)
    for tag in tags.requires + row_requires(item):
        if not caps.supports(tag):
            recorder.record.status = "skipped"
            recorder.record.not_declared = tag
            pytest.skip(caps.skip_reason(tag))
    _stop_at_preflight(request, recorder, role)
    # The role's live session: `suite` tests a transmitter, `rx_suite` tests a receiver.
    session = request.getfixturevalue(SESSION_FIXTURES[role])
    item.config.stash[SESSION_KEY] = session
    item.stash[MARKS] = session.marks()


PROFILE_KEY = pytest.StashKey[object]()


def _profile(config: pytest.Config):
    if PROFILE_KEY not in config.stash:
        config.stash[PROFILE_KEY] = _load_profile(config)
    return config.stash[PROFILE_KEY]


def _stop_at_preflight(request: pytest.FixtureRequest, recorder: ScenarioRecorder,
                       role: str) -> None:
    """The preflight found the target unusable: the first scenario of the role reports it as
    the root cause, every later one is blocked by it at once (no session, no deadline)."""
    path = request.config.getoption("--ssf-preflight")
    if not path:
        return
    from harness.suite.preflight import PRECONDITION, PROFILE, Preflight
    probe = Preflight.read(Path(path)).stopping_for(role)
    if probe is None:
        return
    causes = request.getfixturevalue("root_causes")
    signature = f"{role} {probe.name}: {probe.kind}"
    known = causes.find(PRECONDITION, signature)
    allure = _allure_module()
    if known is not None:
        recorder.block(known)
        if allure is not None:
            from harness.reporting.allure_verdicts import mark_blocked
            mark_blocked(allure, known)
        pytest.skip(known.blocked_message())
    advice = ("fix the profile, then run `ssf-conformance doctor` until it is all ok"
              if probe.kind == PROFILE else
              "the implementation must answer before anything can be tested: run "
              "`ssf-conformance doctor` until it is all ok")
    cause = causes.register(PRECONDITION, signature, summary=f"{probe.name}: {probe.detail}",
                            expected=f"{probe.name} ok", actual=probe.detail, advice=advice,
                            scenario=recorder.record.id, retry=False)
    recorder.mark_root_cause(cause)
    if allure is not None:
        from harness.reporting.allure_verdicts import mark_root_cause
        mark_root_cause(allure, cause)
    if probe.kind == PROFILE:   # a set-up problem, not the implementation's failure
        raise RuntimeError(cause.headline())
    from harness.results.recorder import ConformanceFailure
    raise ConformanceFailure(cause.headline())


def _allure_module():
    try:
        import allure
    except ImportError:
        return None
    return allure


def _label_for_allure(tags, recorder: ScenarioRecorder) -> None:
    try:
        import allure
    except ImportError:  # reporting is optional for a run
        return
    from harness.reporting.allure_labels import apply_labels
    apply_labels(allure, tags, recorder)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    from harness.suite.scenario_deadline import scenario_deadline, scenario_seconds
    try:
        with scenario_deadline(scenario_seconds(item.config.stash.get(SESSION_KEY, None))):
            result = yield
    finally:
        _save_evidence(item)
    recorder = item.stash.get(RECORDER, None)
    if recorder is not None:
        recorder.finish()  # raises ConformanceFailure when a MUST check failed
    return result


def _save_evidence(item: pytest.Item) -> None:
    """Slice this scenario's exchanges out of the proxies' records and attach them."""
    recorder = item.stash.get(RECORDER, None)
    session = item.config.stash.get(SESSION_KEY, None)
    marks = item.stash.get(MARKS, None)
    if recorder is None or session is None or marks is None:
        return
    record = recorder.record
    key = record.id + "".join(f"-{v}" for v in record.variant.values())
    path = session.write_evidence(key.replace("/", "_").replace(" ", "_"), marks)
    if path is not None:
        record.evidence_files.append(str(path))
        _attach_evidence(path, record.checks)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    recorder = item.stash.get(RECORDER, None)
    if recorder is None or report.when != "call":
        return report
    record = recorder.record
    if report.skipped:
        if record.blocked_by is None:  # a blocked scenario keeps its status and root cause
            record.status = "skipped"
            record.message = str(getattr(call.excinfo, "value", "")) if call.excinfo else ""
    elif report.failed:
        exc = call.excinfo.value if call.excinfo else None
        if isinstance(exc, AssertionError):
            record.status = "failed"
            if not record.message:  # raised by a step itself (e.g. the target did not answer)
                record.message = str(exc)
        else:
            record.status = "broken"
            record.message = f"{type(exc).__name__}: {exc}"
    if record.status in ("failed", "broken"):
        _name_transport_failures(item, record)
    # results.json travels (CI artifacts, auditors): paths relative to the reports folder.
    run_dir = _run_dir(item.config).resolve()
    record.evidence_files = [Path(os.path.relpath(Path(f).resolve(), run_dir)).as_posix()
                             for f in record.evidence_files]
    data = {**record.to_dict(), "duration": round(report.duration, 3)}   # junit.xml's time
    report.user_properties.append(("ssf_scenario", json.dumps(data, default=str)))
    return report


def _name_transport_failures(item: pytest.Item, record) -> None:
    """A failed scenario whose waits ended because a push never got through (a failed TLS
    handshake, a refused connection, a name that does not resolve) says so first, rather than
    only "nothing arrived"; the exchanges are in its evidence."""
    session = item.config.stash.get(SESSION_KEY, None)
    marks = item.stash.get(MARKS, None)
    if session is None or marks is None or not hasattr(session, "transport_failures"):
        return
    try:
        lines = session.transport_failures(marks)
    except Exception:  # noqa: BLE001 - a diagnosis must never change the verdict
        return
    if lines:
        record.message = "\n".join([*lines, record.message] if record.message else lines)


def _attach_evidence(path: Path, checks) -> None:
    try:
        import allure
        from harness.reporting.allure_evidence import attach_evidence
        attach_evidence(allure, path, checks)
    except Exception:  # noqa: BLE001 - evidence attachment must never break a verdict
        pass
