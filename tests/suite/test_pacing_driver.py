"""The driver follows the stream's own rules (issue 10, item 6), against the real reference
transmitter configured for it: min_verification_interval is kept between verification requests
(measured on the server's recorded arrival times), an interval beyond the pacing deadline skips
the scenario with the reason, the deliberate probe still sees its 429, and with default_subjects NONE the test
subject is added before an event is triggered."""
from __future__ import annotations

import pytest

from harness.jose import decode_set
from harness.suite.skips import ScenarioSkipped
from tests.suite.pacing_support import (SESSION_REVOKED, ReferenceTarget, driver_for,
                                        poll_stream)

ALICE = {"format": "email", "email": "alice@example.com"}


def _events_about(driver, stream: dict, email: str) -> list[dict]:
    found = driver.poll_until(stream, 1, 5.0)
    claims = [decode_set(token).claims for token in found.values()]
    return [c for c in claims if SESSION_REVOKED in c["events"] and email in str(c)]


def test_verification_waits_for_the_streams_min_verification_interval(tmp_path):
    with ReferenceTarget(tmp_path, min_verification_interval=1) as target:
        driver = driver_for(target, tmp_path)
        stream = poll_stream(driver)
        assert stream["min_verification_interval"] == 1
        answers = [driver.verify(stream["stream_id"], f"s{i}").status for i in range(3)]
        arrivals = target.app.arrivals("POST", "/ssf/verify")
    assert answers == [204, 204, 204]
    assert len(arrivals) == 3
    assert all(later - earlier >= 1.0 for earlier, later in zip(arrivals, arrivals[1:]))
    assert [w.reason for w in driver.paced] == ["min_verification_interval"] * 2


def test_an_interval_beyond_the_pacing_deadline_skips_instead_of_failing(tmp_path):
    with ReferenceTarget(tmp_path, min_verification_interval=5) as target:
        driver = driver_for(target, tmp_path, extra="timeouts: {pacing: 1}")
        stream = poll_stream(driver)
        assert driver.verify(stream["stream_id"], "first").status == 204
        with pytest.raises(ScenarioSkipped) as info:
            driver.verify(stream["stream_id"], "second")
        arrivals = target.app.arrivals("POST", "/ssf/verify")
    assert "min_verification_interval" in str(info.value) and "timeouts.pacing" in str(info.value)
    assert len(arrivals) == 1      # the request that would break the stream's rule never went


def test_the_too_frequent_probe_is_neither_paced_nor_retried(tmp_path):
    with ReferenceTarget(tmp_path, min_verification_interval=1) as target:
        driver = driver_for(target, tmp_path)
        stream = poll_stream(driver)
        first = driver.verify(stream["stream_id"], "first")
        probe = driver.verify(stream["stream_id"], "second", pace=False)
        arrivals = target.app.arrivals("POST", "/ssf/verify")
    assert (first.status, probe.status) == (204, 429)
    assert "retry-after" in probe.headers and probe.retried_after == ()
    assert len(arrivals) == 2 and driver.paced == []


def test_a_verification_429_with_retry_after_is_waited_out(tmp_path):
    """A transmitter that enforces an interval it does not state still gets a polite client:
    its Retry-After is honoured (here the stream's stated interval is hidden from the driver)."""
    with ReferenceTarget(tmp_path, min_verification_interval=1) as target:
        driver = driver_for(target, tmp_path)
        stream = poll_stream(driver)
        driver.rules.min_interval.clear()
        answers = [driver.verify(stream["stream_id"], s) for s in ("a", "b")]
    assert [a.status for a in answers] == [204, 204]
    assert answers[1].retried_after and answers[1].retried_after[0][0] == 429
    assert [w.reason for w in driver.paced] == ["retry-after"]


def test_with_default_subjects_none_the_test_subject_is_added_before_the_event(tmp_path):
    with ReferenceTarget(tmp_path, default_subjects="NONE") as target:
        driver = driver_for(target, tmp_path)
        assert driver.subjects_must_be_added()
        stream = poll_stream(driver)
        added = driver.prepare_subject(stream["stream_id"], "alice@example.com")
        assert added is not None and added.status == 200
        assert driver.prepare_subject(stream["stream_id"], "alice@example.com") is None
        assert driver.trigger("session-revoked", "alice@example.com").code == 202
        events = _events_about(driver, stream, "alice@example.com")
    assert len(events) == 1
    assert len(target.app.arrivals("POST", "/ssf/subjects/add")) == 1


def test_without_a_way_to_add_subjects_the_scenario_is_skipped(tmp_path):
    with ReferenceTarget(tmp_path, default_subjects="NONE") as target:
        driver = driver_for(target, tmp_path, optional="[status, verification]")
        stream = poll_stream(driver)
        with pytest.raises(ScenarioSkipped, match="transmitter delivers no events for unadded "
                                                  "subjects and cannot add subjects"):
            driver.prepare_subject(stream["stream_id"], "alice@example.com")


def test_a_stream_whose_subjects_the_scenario_manages_is_left_alone(tmp_path):
    with ReferenceTarget(tmp_path, default_subjects="NONE") as target:
        driver = driver_for(target, tmp_path)
        stream = poll_stream(driver)
        assert driver.add_subject(stream["stream_id"], ALICE).status == 200
        assert driver.prepare_subject(stream["stream_id"], "bob@example.com") is None
    assert len(target.app.arrivals("POST", "/ssf/subjects/add")) == 1


def test_default_subjects_all_adds_nothing_unless_the_profile_says_so(tmp_path):
    with ReferenceTarget(tmp_path) as target:
        plain = driver_for(target, tmp_path)
        stream = poll_stream(plain)
        assert plain.subjects_must_be_added() is None
        assert plain.prepare_subject(stream["stream_id"], "alice@example.com") is None
        told = driver_for(target, tmp_path, extra="  subjects_must_be_added: true")
        assert "subjects_must_be_added" in told.subjects_must_be_added()
        assert told.prepare_subject(stream["stream_id"], "alice@example.com").status == 200
