"""Per-scenario state of a receiver-role scenario (the `rxctx` fixture) and the two ways a step
hands a verdict to the recorder, as in steps/context.py for the transmitter role."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from harness.checks.base import Response
from harness.results.recorder import ConformanceFailure, ScenarioRecorder
from harness.results.root_causes import RootCauses
from harness.suite.forger import ForgedRequest
from harness.suite.hostile_sets import HostileClass
from harness.suite.http import HarnessHttpError, HttpResult
from harness.suite.pytest_plugin import RECORDER
from harness.suite.receiver_driver import DriveUnavailable, ReceiverDriver
from harness.suite.receiver_session import ReceiverSession
from steps.state import ReceiverState
from steps.setup_outcomes import command_evidence
from steps.verdicts import RecordsVerdicts


def as_response(result: HttpResult) -> Response:
    return Response(result.status, result.headers, result.text, result.method, result.url,
                    (result.request_id,))


@dataclass
class Answer:
    """How the RUT answered one SET: a push response, or what its next poll said about it."""
    jti: str | None
    response: Response | None = None     # push
    report: dict | None = None           # poll: {"acked", "set_err"}; None = never mentioned
    polled: bool = False

    @property
    def err(self):
        if self.polled:
            return (self.report or {}).get("set_err", {}) and self.report["set_err"].get("err")
        body = self.response.json(default=None) if self.response is not None else None
        return body.get("err") if isinstance(body, dict) else None


@dataclass
class RxScenarioContext(RecordsVerdicts):
    recorder: ScenarioRecorder
    session: ReceiverSession
    driver: ReceiverDriver
    forged: ForgedRequest | None = None
    hostile: HostileClass | None = None
    answer: Answer | None = None
    answers: list[Answer] = field(default_factory=list)
    email: str | None = None            # the subject this scenario acts on
    kept: ReceiverState = field(default_factory=ReceiverState)   # for later steps
    tap_mark: int = 0
    push_mark: int = 0
    started: float = field(default_factory=time.monotonic)
    root_causes: RootCauses = field(default_factory=RootCauses)  # the run's (per process)

    def __repr__(self) -> str:  # Allure shows step parameters: keep it short and secret-free
        return f"RxScenarioContext({self.recorder.record.id}, {self.session!r})"

    def call(self, fn, *args, **kwargs) -> HttpResult:
        """Run a driver action; the RUT not answering in time is its failure, not ours."""
        try:
            return fn(*args, **kwargs)
        except HarnessHttpError as exc:
            if "no answer within the deadline" in str(exc):
                raise ConformanceFailure(f"the receiver did not answer: {exc}") from exc
            raise

    def skip(self, reason: str) -> None:
        self.recorder.record.status = "skipped"
        pytest.skip(reason)

    def timeout(self, name: str) -> float:
        return self.session.profile.timeouts.scaled(name)

    @property
    def stream_id(self) -> str:
        if not self.session.stream:
            raise RuntimeError("the receiver under test has no stream in this scenario")
        return self.session.stream["stream_id"]


@pytest.fixture
def rxctx(request: pytest.FixtureRequest, rx_suite: ReceiverSession,
          root_causes: RootCauses) -> RxScenarioContext:
    recorder = request.node.stash.get(RECORDER, None)
    if recorder is None:
        raise RuntimeError("rxctx is only available inside a conformance scenario")
    context = RxScenarioContext(recorder, rx_suite, ReceiverDriver(rx_suite),
                                root_causes=root_causes)
    context.driver.evidence = command_evidence(rx_suite.run_dir, recorder)  # command drives
    context.tap_mark = rx_suite.persona.tap.log.mark()
    context.push_mark = rx_suite.persona.pushes.mark()
    try:
        yield context
    finally:
        # Leave the stream enabled for the next scenario if this one changed its status.
        if context.kept.status_changed and rx_suite.stream:
            try:
                context.driver.set_status(rx_suite.stream["stream_id"], "enabled")
            except (HarnessHttpError, DriveUnavailable):
                rx_suite.stream = None  # the next scenario makes a fresh one
