"""Profile fields for pacing (issue 10, item 6): a request rate per target, the pacing deadline,
and the flag that subjects must be added before events flow. Errors name the field."""
from __future__ import annotations

from harness.profiles.model import RateLimit
from tests.profiles.conftest import MINIMAL_TX, with_changes

RUT = {"embedded": True}


def test_defaults_add_no_rate_limit_and_no_subject_rule(load):
    profile = load(MINIMAL_TX)
    assert profile.transmitter.rate_limit is None
    assert profile.transmitter.subjects_must_be_added is False
    assert profile.timeouts.scaled("pacing") == 10.0


def test_rate_limits_subject_rule_and_pacing_are_read(load):
    doc = with_changes(MINIMAL_TX, transmitter__rate_limit={"requests_per_second": 2.5},
                       transmitter__subjects_must_be_added=True, timeouts__pacing=30,
                       receiver={**RUT, "rate_limit": {"requests_per_second": 1, "burst": 3}})
    profile = load(doc)
    assert profile.transmitter.rate_limit == RateLimit(2.5, 1)
    assert profile.transmitter.subjects_must_be_added is True
    assert profile.receiver.rate_limit == RateLimit(1.0, 3)
    assert profile.timeouts.scaled("pacing") == 30.0
    assert profile.public_dict()["transmitter"]["rate_limit"] == {
        "requests_per_second": 2.5, "burst": 1}


def test_bad_rate_limits_are_errors_that_name_the_field(problems):
    found = problems(with_changes(
        MINIMAL_TX, transmitter__rate_limit={"requests_per_second": 0, "burts": 2},
        receiver={**RUT, "rate_limit": {"burst": 0}}))
    assert found["transmitter.rate_limit.requests_per_second"] == "must be > 0, got number 0"
    assert found["transmitter.rate_limit.burts"].startswith('unknown field (did you mean "burst"')
    assert found["receiver.rate_limit.requests_per_second"] == "required"
    assert found["receiver.rate_limit.burst"] == "must be >= 1, got number 0"


def test_a_rate_slower_than_the_pacing_deadline_is_an_error(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__rate_limit={
        "requests_per_second": 0.05}, timeouts__pacing=10))
    assert found["transmitter.rate_limit.requests_per_second"] == (
        "spaces requests 20s apart, more than timeouts.pacing (10s) allows; raise "
        "timeouts.pacing or the rate")


def test_subjects_must_be_added_is_a_boolean(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__subjects_must_be_added="yes"))
    assert found["transmitter.subjects_must_be_added"] == 'expected boolean, got "yes"'
