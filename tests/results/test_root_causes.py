"""One finding per root cause (issue 10, item 5): the registry, the recorder's `blocked` status,
and how results.json, the summary, requirement statuses and expected-results treat them."""
import pytest

from harness.checks.base import Verdict
from harness.results.document import build_results
from harness.results.expected import compare, load_expectations
from harness.results.recorder import STATUS_ORDER, ConformanceFailure, ScenarioRecorder
from harness.results.root_causes import (
    METADATA, RECEIVER, STREAM, RootCauses, advice_for, collect_root_causes, reason_of,
    root_cause_id,
)


def create_failed(cause_registry: RootCauses, scenario: str = "TX-A", retry: bool = True):
    return cause_registry.register(STREAM, "check_create_returns_201: 400 invalid_request",
                                   summary="create stream: expected 201, actual 400",
                                   expected=201, actual=400, evidence=("ex-1",),
                                   advice="fix it", scenario=scenario, retry=retry)


def test_the_first_failure_is_registered_once_and_found_again_by_its_signature():
    registry = RootCauses()
    first = create_failed(registry)
    again = create_failed(registry, scenario="TX-B")
    assert again is first and len(registry) == 1 and first.scenario == "TX-A"
    assert registry.find(STREAM, "check_create_returns_201: 400 invalid_request") is first
    # Failing another way is another root cause; another precondition is too.
    assert registry.find(STREAM, "check_create_returns_201: 429") is None
    assert registry.find(METADATA, "check_create_returns_201: 400 invalid_request") is None


def test_ids_are_stable_across_processes_and_differ_by_signature():
    assert root_cause_id(STREAM, "x") == root_cause_id(STREAM, "x")  # xdist workers agree
    assert root_cause_id(STREAM, "x") != root_cause_id(STREAM, "y")
    assert root_cause_id(STREAM, "x").startswith("RC-stream-created-")
    assert root_cause_id(f"{RECEIVER} (push stream)", "x").startswith("RC-receiver-provisioned-")


def test_only_a_failure_that_cost_a_deadline_blocks_without_trying_again():
    registry = RootCauses()
    create_failed(registry)
    assert registry.blocking(STREAM) is None          # a fast refusal: try, compare, block
    timed = registry.register(STREAM, "ConformanceFailure: the implementation did not answer",
                              summary="no answer", retry=False)
    assert registry.blocking(STREAM) is timed
    assert registry.blocking(METADATA) is None


def test_signatures_ignore_the_request_line_and_advice_follows_the_failure():
    assert reason_of("the implementation did not answer: POST https://t/x?a=1: no answer "
                     "within the deadline (1.0s)") == ("the implementation did not answer: no "
                                                       "answer within the deadline (1.0s)")
    assert "credentials" in advice_for(STREAM, 401)
    assert "rate-limits" in advice_for(STREAM, 429)
    assert "did not answer in time" in advice_for(METADATA, None, "no answer within the deadline")


def recorder(scenario_id="TX-B") -> ScenarioRecorder:
    return ScenarioRecorder(scenario_id, "name", "feature", ["SSF-STREAM-19"])


def failed_create() -> Verdict:
    return Verdict("check_create_returns_201", ("SSF-STREAM-19",), False, "create stream",
                   201, 400, ("ex-1",))


def test_blocked_is_a_status_of_its_own_between_warning_and_skipped():
    assert STATUS_ORDER.index("warning") < STATUS_ORDER.index("blocked") < STATUS_ORDER.index(
        "skipped")
    cause = create_failed(RootCauses())
    rec = recorder()
    rec.block(cause)
    record = rec.record.to_dict()
    assert record["status"] == "blocked" and record["root_cause"] is None
    assert record["blocked_by"] == {"id": cause.id, "precondition": STREAM,
                                    "summary": cause.summary}
    assert record["message"] == f"blocked by {cause.id} (stream created): {cause.summary}"


def test_a_scenario_with_failures_of_its_own_is_not_blocked_but_failed():
    rec = recorder()
    rec.add(failed_create())
    with pytest.raises(ConformanceFailure):
        rec.block(create_failed(RootCauses()))
    assert rec.record.status == "failed" and rec.record.blocked_by is None


def test_the_finding_fails_with_the_root_cause_heading_its_message():
    cause = create_failed(RootCauses())
    rec = recorder("TX-A")
    rec.mark_root_cause(cause)
    rec.add(failed_create())
    with pytest.raises(ConformanceFailure) as raised:
        rec.finish()
    first, second = str(raised.value).splitlines()[:2]
    assert first == (f"ROOT CAUSE {cause.id} (stream created): create stream: expected 201, "
                     "actual 400. What to do: fix it")
    assert second.startswith("[FAILED] check_create_returns_201")
    assert rec.record.root_cause["id"] == cause.id and rec.record.status == "failed"


def run_records(workers: int = 1) -> list[dict]:
    """Records as a run with `workers` xdist workers gives them: each worker finds the root
    cause once (its own registry) and blocks its later scenarios."""
    records = []
    for worker in range(workers):
        registry = RootCauses()
        finding = recorder(f"TX-A{worker}")
        cause = create_failed(registry, scenario=finding.record.id)
        finding.mark_root_cause(cause)
        finding.add(failed_create())
        with pytest.raises(ConformanceFailure):
            finding.finish()
        records.append(finding.record.to_dict())
        for n in range(3):
            blocked = ScenarioRecorder(f"TX-B{worker}{n}", "n", "f", ["SSF-STREAM-11"])
            blocked.block(registry.find(STREAM, cause.signature))
            records.append(blocked.record.to_dict())
    return records


def test_results_count_blocked_and_list_each_root_cause_once_even_across_workers():
    records = run_records(workers=2)
    causes = collect_root_causes(records)
    assert len(causes) == 1
    assert causes[0]["reported_by"] == ["TX-A0", "TX-A1"] and causes[0]["blocked"] == 6
    assert causes[0]["expected"] == 201 and causes[0]["actual"] == 400
    assert causes[0]["evidence"] == ["ex-1"] and causes[0]["advice"] == "fix it"
    doc = build_results(records, target={}, roles=("transmitter",), started_at="a",
                        finished_at="b")
    assert doc["summary"]["blocked"] == 6 and doc["summary"]["failed"] == 2
    assert doc["root_causes"] == causes
    # A blocked scenario's requirements are not evaluated, never failed.
    assert doc["requirements"]["SSF-STREAM-11"]["status"] == "blocked"
    assert doc["requirements"]["SSF-STREAM-19"]["status"] == "failed"


def test_blocked_scenarios_are_expected_when_their_root_cause_is(tmp_path):
    results = build_results(run_records(), target={}, roles=("transmitter",), started_at="a",
                            finished_at="b")
    assert [u["id"] for u in compare(results, [])["unexpected"]] == [
        "TX-A0", "TX-B00", "TX-B01", "TX-B02"]
    path = tmp_path / "x.expected.yaml"
    path.write_text("expected:\n- {id: TX-A0, status: failed, reason: we require aud}\n")
    assert compare(results, load_expectations(path))["ok"]
    path.write_text("expected:\n- {id: TX-B00, status: blocked, reason: known}\n")
    out = compare(results, load_expectations(path))
    assert [u["id"] for u in out["unexpected"]] == ["TX-A0", "TX-B01", "TX-B02"]
