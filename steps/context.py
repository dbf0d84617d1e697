"""Typed per-scenario state and the two ways a step hands a verdict to the recorder."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import pytest

from harness.checks.base import Response
from harness.jose import DecodedSET
from harness.results.recorder import ConformanceFailure, ScenarioRecorder
from harness.results.root_causes import RootCauses
from harness.suite.driver import TransmitterDriver
from harness.suite.http import HarnessHttpError, HttpResult
from harness.suite.pytest_plugin import RECORDER
from harness.suite.session import TransmitterSession
from steps.setup_outcomes import command_evidence
from steps.state import TransmitterState
from steps.verdicts import RecordsVerdicts


def as_response(result: HttpResult) -> Response:
    return Response(result.status, result.headers, result.text, result.method, result.url,
                    (result.request_id,))


@dataclass
class ScenarioContext(RecordsVerdicts):
    recorder: ScenarioRecorder
    session: TransmitterSession
    driver: TransmitterDriver
    push_key: str = field(default_factory=lambda: secrets.token_hex(6))
    response: Response | None = None
    stream: dict | None = None
    second: Response | None = None
    created: list[str] = field(default_factory=list)
    state: str | None = None
    received: DecodedSET | None = None
    received_push = None
    received_sets: list[DecodedSET] = field(default_factory=list)
    push_mark: int = 0
    polled: dict[str, str] = field(default_factory=dict)
    acked: set[str] = field(default_factory=set)
    kept: TransmitterState = field(default_factory=TransmitterState)   # for later steps
    last_elapsed: float = 0.0
    root_causes: RootCauses = field(default_factory=RootCauses)  # the run's (per process)

    def __repr__(self) -> str:
        # allure-pytest-bdd shows step arguments with repr(): never let state (tokens) leak there.
        return f"<ScenarioContext {self.recorder.record.id}>"

    def call(self, fn, *args, **kwargs) -> Response:
        """Run a driver action; a timeout is the implementation's failure, not ours."""
        try:
            result = fn(*args, **kwargs)
            self.response = as_response(result)
            self.last_elapsed = result.elapsed
        except HarnessHttpError as exc:
            if "no answer within the deadline" in str(exc):
                raise ConformanceFailure(f"the implementation did not answer: {exc}") from exc
            raise
        return self.response

    @property
    def stream_id(self) -> str:
        if not self.stream or "stream_id" not in self.stream:
            raise RuntimeError("no stream in this scenario yet")
        return self.stream["stream_id"]


@pytest.fixture
def ctx(request: pytest.FixtureRequest, suite: TransmitterSession,
        root_causes: RootCauses) -> ScenarioContext:
    recorder = request.node.stash.get(RECORDER, None)
    if recorder is None:
        raise RuntimeError("ctx is only available inside a conformance scenario")
    context = ScenarioContext(recorder, suite, TransmitterDriver(suite),
                              root_causes=root_causes)
    context.driver.evidence = command_evidence(suite.run_dir, recorder)  # command triggers
    context.push_mark = suite.collector.mark()
    yield context
    # Clean up the streams this scenario created, so scenarios stay independent.
    for stream_id in context.created:
        try:
            suite.http and context.driver.metadata and context.driver.delete_stream(stream_id)
        except Exception:  # noqa: BLE001 - cleanup must not mask the scenario's verdict
            pass
