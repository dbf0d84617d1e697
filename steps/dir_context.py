"""Per-scenario state of a directory-role scenario (the `dctx` fixture), as steps/context.py is
for the transmitter role."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pytest

from harness.checks.base import Response
from harness.results.recorder import ConformanceFailure, ScenarioRecorder
from harness.suite.directory_driver import DirectoryDriver
from harness.suite.directory_session import DirectorySession
from harness.suite.http import HarnessHttpError, HttpResult
from harness.suite.pytest_plugin import RECORDER
from steps.state import DirectoryState
from steps.verdicts import RecordsVerdicts


def as_response(result: HttpResult) -> Response:
    return Response(result.status, result.headers, result.text, result.method, result.url,
                    (result.request_id,))


@dataclass
class DirScenarioContext(RecordsVerdicts):
    recorder: ScenarioRecorder
    session: DirectorySession
    driver: DirectoryDriver
    response: Response | None = None
    responses: list[Response] = field(default_factory=list)
    statement_id: str | None = None
    kept: DirectoryState = field(default_factory=DirectoryState)   # for later steps
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def __repr__(self) -> str:  # step parameters are shown with repr(): no tokens
        return f"DirScenarioContext({self.recorder.record.id})"

    def call(self, fn, *args, **kwargs) -> Response:
        """Run a driver action; a directory that does not answer in time fails, we do not."""
        try:
            self.response = as_response(fn(*args, **kwargs))
        except HarnessHttpError as exc:
            if "no answer within the deadline" in str(exc):
                raise ConformanceFailure(f"the directory did not answer: {exc}") from exc
            raise
        self.responses.append(self.response)
        return self.response

    def call_each(self, fn, *args, **kwargs) -> list[Response]:
        """A driver action that makes several exchanges; each becomes a response."""
        for result in self.call_many(fn, *args, **kwargs):
            self.response = as_response(result)
            self.responses.append(self.response)
        return self.responses

    @staticmethod
    def call_many(fn, *args, **kwargs) -> list[HttpResult]:
        try:
            return fn(*args, **kwargs)
        except HarnessHttpError as exc:
            if "no answer within the deadline" in str(exc):
                raise ConformanceFailure(f"the directory did not answer: {exc}") from exc
            raise


@pytest.fixture
def dctx(request: pytest.FixtureRequest, dir_suite: DirectorySession) -> DirScenarioContext:
    recorder = request.node.stash.get(RECORDER, None)
    if recorder is None:
        raise RuntimeError("dctx is only available inside a conformance scenario")
    context = DirScenarioContext(recorder, dir_suite, dir_suite.driver)
    try:
        yield context
    finally:
        for undo in reversed(context.cleanups):  # e.g. an organisation made Active again
            try:
                undo()
            except Exception:  # noqa: BLE001 - cleanup must not mask the scenario's verdict
                pass
