"""Issue 10, receiver bullets: the corrected verdicts, each shown by a run of the suite (the
CLI's arguments in a batch worker, tests/selftest/conftest.py) against the reference receiver
with a fault or a legal variation switched on."""
import json
from pathlib import Path

import pytest

from harness.jose import SETDecodeError, decode_set
from harness.ssf.events import BY_ACTION, STREAM_UPDATED, VERIFICATION


def receiver_run(key, tags, **fields):
    """This test's run: the receiver role with `tags`, plus a fault and/or a variation."""
    return pytest.mark.selftest_run(f"probe:{key}", role="receiver", tags=tags, **fields)


def _rows(run, scenario_id):
    return [r for r in run.results["scenarios"] if r["id"] == scenario_id]


def _checks(row):
    return {(c["id"], c["requirement"]): c["status"] for c in row["checks"]}


def _run(run):
    assert run.results is not None, run.output_tail
    return run


@receiver_run("content-language", "id:RX-HOSTILE-01 or id:RX-HOSTILE-03",
              fault="no-content-language")
def test_a_400_without_content_language_fails_push_10_not_the_signature_rules(selftest_run):
    """A receiver that verifies signatures and refuses alg none, but whose 400 answers carry no
    Content-Language: only PUSH-10 fails, never JOSE-03/JOSE-04."""
    run = _run(selftest_run)
    for scenario_id, rule in (("RX-HOSTILE-01", "JOSE-03"), ("RX-HOSTILE-03", "JOSE-04")):
        (row,) = _rows(run, scenario_id)
        checks = _checks(row)
        assert row["status"] == "failed"
        assert checks[("check_set_refused", rule)] == "passed"
        assert checks[("check_content_language", "PUSH-10")] == "failed"
        assert [k for k, s in checks.items() if s != "passed"] == [
            ("check_content_language", "PUSH-10")]


@receiver_run("refuses-caep", "id:RX-HOSTILE-05 or id:RX-HOSTILE-12",
              fault="refuses-caep-events")
def test_a_receiver_refusing_every_caep_event_does_not_pass_the_hostile_probes(selftest_run):
    """Its profile declares CAEP events, so the probes are CAEP events; their valid twins are
    refused too, and the scenarios are inconclusive (broken, with the reason), never passed."""
    run = _run(selftest_run)
    for scenario_id in ("RX-HOSTILE-05", "RX-HOSTILE-12"):
        (row,) = _rows(run, scenario_id)
        assert row["status"] == "broken", row
        assert "valid twin" in row["message"] and "not acknowledged" in row["message"]


@receiver_run("verification-only", "id:RX-HOSTILE-05 or id:RX-HOSTILE-06",
              fault="accept-wrong-iss", variation="verification-only")
def test_a_receiver_declaring_no_event_is_probed_with_verification_sets(selftest_run):
    """The receiver that rejects every CAEP event by schema and declares none is probed with
    verification SETs: accepting a wrong-issuer one now fails SET-06."""
    run = _run(selftest_run)
    (wrong_iss,) = _rows(run, "RX-HOSTILE-05")
    (wrong_aud,) = _rows(run, "RX-HOSTILE-06")
    assert wrong_iss["status"] == "failed"
    assert _checks(wrong_iss)[("check_set_refused", "SET-06")] == "failed"
    assert wrong_aud["status"] == "passed"
    assert _pushed_event_types(Path(run.reports)) == {VERIFICATION.uri}


@receiver_run("declared-events-only",
              "area:push or area:push-hostile or area:verification or area:subjects",
              variation="declared-events-only", estimate=15.0)
def test_the_suite_pushes_only_event_types_the_receiver_declares(selftest_run):
    """declared-events-only: the receiver requests and accepts the three interop events only;
    every SET the suite and its transmitter push is of those types or a control event."""
    run = _run(selftest_run)
    bad = {r["id"]: r["status"] for r in run.results["scenarios"]
           if r["status"] not in ("passed", "skipped")}
    assert bad == {}, json.dumps(bad)
    declared = {BY_ACTION[a].uri for a in
                ("session-revoked", "credential-change", "device-compliance-change")}
    pushed = _pushed_event_types(Path(run.reports))
    assert pushed and pushed <= declared | {VERIFICATION.uri, STREAM_UPDATED.uri}, pushed


def _pushed_event_types(run_dir) -> set[str]:
    """Event types of every SET pushed to the receiver, read from the recorded exchanges."""
    types: set[str] = set()
    for line in (run_dir / "exchanges" / "rx-receiver.jsonl").read_text().splitlines():
        request = json.loads(line)["request"]
        if request["method"] != "POST" or not request["url"].endswith("/ssf/receiver/push"):
            continue
        try:
            types |= set(decode_set(request["body"]).claims.get("events") or {})
        except (SETDecodeError, TypeError, AttributeError):
            continue  # the malformed and oversized probes are no SET at all
    return types
