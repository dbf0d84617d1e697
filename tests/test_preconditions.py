"""steps/preconditions.py with the real recorder, registry and verdict mixin: the first failure
of a precondition is the finding, a later one that fails the same way is blocked, and one that
cost a deadline is not tried again (issue 10, item 5)."""
from dataclasses import dataclass, field

import pytest

from harness.checks.base import Verdict
from harness.results.recorder import ConformanceFailure, ScenarioRecorder
from harness.results.root_causes import (
    LEGACY_SSE_FINDING, METADATA, STREAM, TRIGGER, RootCauses,
)
from harness.suite.http import HarnessHttpError, HttpResult
from steps import preconditions as pre
from steps.verdicts import RecordsVerdicts


@dataclass
class Scenario(RecordsVerdicts):
    """The part of a scenario context the preconditions use."""
    recorder: ScenarioRecorder
    root_causes: RootCauses = field(default_factory=RootCauses)


def scenario(registry: RootCauses, sid: str) -> Scenario:
    return Scenario(ScenarioRecorder(sid, "n", "f", ["SSF-STREAM-19"]), registry)


def create(status: int) -> Verdict:
    return Verdict("check_create_returns_201", ("SSF-STREAM-19",), status == 201,
                   "create stream", 201, status, (f"ex-{status}",))


def test_first_failure_is_the_finding_and_the_same_failure_later_is_blocked():
    registry = RootCauses()
    first = scenario(registry, "TX-A")
    with pytest.raises(ConformanceFailure, match=r"^ROOT CAUSE RC-stream-created-"):
        pre.require(first, STREAM, create(400), signature_detail=" invalid_request")
    assert first.recorder.record.root_cause["scenario"] == "TX-A"
    later = scenario(registry, "TX-B")
    with pytest.raises(pytest.skip.Exception, match=r"^blocked by RC-stream-created-"):
        pre.require(later, STREAM, create(400), signature_detail=" invalid_request")
    assert later.recorder.record.status == "blocked"
    assert later.recorder.record.checks == []    # its create verdict is not graded again
    # Another refusal is another root cause; a passing precondition is just recorded.
    other = scenario(registry, "TX-C")
    with pytest.raises(ConformanceFailure):
        pre.require(other, STREAM, create(400), signature_detail=" invalid_client")
    fine = scenario(registry, "TX-D")
    pre.require(fine, STREAM, create(201))
    assert [c.status for c in fine.recorder.record.checks] == ["passed"]
    assert len(registry) == 2


def test_a_fast_refusal_is_tried_again_a_busy_answer_is_not():
    registry = RootCauses()
    with pytest.raises(ConformanceFailure):
        pre.require(scenario(registry, "TX-A"), STREAM, create(400))
    calls = []
    pre.attempt(scenario(registry, "TX-B"), STREAM, lambda: calls.append(1))
    assert calls == [1]
    with pytest.raises(ConformanceFailure):
        pre.require(scenario(registry, "TX-C"), STREAM, create(429))
    with pytest.raises(pytest.skip.Exception, match="actual 429"):
        pre.attempt(scenario(registry, "TX-D"), STREAM, lambda: calls.append(2))
    assert calls == [1]


def test_a_deadline_is_waited_out_once():
    registry = RootCauses()
    calls = []

    def hangs():
        calls.append(1)
        raise ConformanceFailure("the implementation did not answer: GET https://t/.well-known/"
                                 "ssf-configuration: no answer within the deadline (1.0s)")
    with pytest.raises(ConformanceFailure, match="ROOT CAUSE") as raised:
        pre.attempt(scenario(registry, "TX-A"), METADATA, hangs)
    assert "did not answer in time" in str(raised.value)
    with pytest.raises(pytest.skip.Exception, match="blocked by RC-metadata-discovered-"):
        pre.attempt(scenario(registry, "TX-B"), METADATA, hangs)
    assert calls == [1]


def test_an_unreachable_trigger_is_broken_once_then_blocks_whatever_the_url():
    registry = RootCauses()

    def refused(action):
        def call():
            raise HarnessHttpError(f"POST https://t/actions/{action}: ConnectError: refused")
        return call
    with pytest.raises(RuntimeError, match=r"^ROOT CAUSE RC-trigger-works-"):
        pre.attempt(scenario(registry, "TX-A"), TRIGGER, refused("session-revoked"))
    with pytest.raises(pytest.skip.Exception):
        pre.attempt(scenario(registry, "TX-B"), TRIGGER, refused("credential-change"))
    with pytest.raises(RuntimeError, match="failed with HTTP 500"):
        pre.refused(scenario(registry, "TX-C"), TRIGGER, "HTTP 500", "the trigger for x "
                    "failed with HTTP 500: boom", "a 2xx answer", 500, ("ex-9",))
    assert len(registry) == 2


def test_the_legacy_sse_draft_is_named_with_both_exchanges():
    registry = RootCauses()
    probe = HttpResult("GET", "https://t/.well-known/sse-configuration/ssf", 200, {}, "{}",
                       "ex-sse", 0.01)
    served = Verdict("check_metadata_served", ("SSF-DISC-01",), False,
                     "discovery request did not return 200", 200, 404, ("ex-ssf",))
    with pytest.raises(ConformanceFailure, match="legacy SSE draft"):
        pre.require(scenario(registry, "TX-A"), METADATA, served,
                    explain=lambda: pre.legacy_sse_explanation(probe, served))
    (cause,) = registry
    assert LEGACY_SSE_FINDING in cause.summary and "sse-draft" in cause.advice
    assert cause.evidence == ("ex-ssf", "ex-sse")
