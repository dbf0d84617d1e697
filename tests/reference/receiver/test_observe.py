"""Observation endpoints: status, the event log with filters, the action log, security state."""
import time

from harness.ssf.events import BY_ACTION

from tests.reference.receiver.conftest import ALICE, actions_for, events, push
from tests.reference.receiver.hostile import SESSION_REVOKED

RX = "/ssf/receiver"


def test_status_reports_counts_and_configuration_without_secrets(http, receiver, transmitter):
    push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE))
    push(http, receiver, "garbage")
    body = http.get(receiver.url + RX + "/status").json()
    assert body["status"] == "ok" and body["audience"] == receiver.config.audience
    assert body["counts"]["received"] == 2 and body["counts"]["accepted"] == 1
    assert body["counts"]["rejected"] == 1
    assert body["poller"]["running"] is False and body["faults"] == []
    assert "SSF-DISC-19" in body["warnings"][0]  # the stand-in is plain http
    text = http.get(receiver.url + RX + "/status").text
    for secret in (receiver.config.push_bearer, receiver.config.transmitter_token):
        assert secret not in text


def test_event_log_filters(http, receiver, transmitter):
    before = time.time()
    revoked = transmitter.claims(SESSION_REVOKED, ALICE)
    enabled = transmitter.claims(BY_ACTION["account-enabled"].uri, ALICE)
    for claims in (revoked, enabled):
        push(http, receiver, transmitter.sign(claims))
    push(http, receiver, "garbage")
    assert [e["jti"] for e in events(http, receiver, event_type="account-enabled")] == [
        enabled["jti"]]
    assert [e["jti"] for e in events(http, receiver, event_uri=SESSION_REVOKED)] == [
        revoked["jti"]]
    assert [e["err"] for e in events(http, receiver, accepted="false")] == ["invalid_request"]
    assert len(events(http, receiver, since=before)) == 3
    assert len(events(http, receiver, since=time.time() + 60)) == 0
    assert [e["jti"] for e in events(http, receiver, order="desc", limit=2)] == [
        None, enabled["jti"]]
    assert events(http, receiver, err="invalid_request")[0]["description"]


def test_wait_returns_as_soon_as_the_condition_holds_or_times_out(http, receiver):
    started = time.monotonic()
    assert events(http, receiver, jti="never", wait=0.3) == []
    assert 0.3 <= time.monotonic() - started < 3


def test_action_log_filters(http, receiver, transmitter):
    claims = transmitter.claims(SESSION_REVOKED, ALICE)
    push(http, receiver, transmitter.sign(claims))
    logged = actions_for(http, receiver, claims["jti"])
    user_id = logged[0]["user_id"]
    by_action = http.get(receiver.url + RX + "/actions",
                         params={"action": "sessions-revoked"}).json()["actions"]
    assert [a["jti"] for a in by_action] == [claims["jti"]]
    by_user = http.get(receiver.url + RX + "/actions", params={"user_id": user_id}).json()
    assert by_user["actions"][0]["event_uri"] == SESSION_REVOKED


def test_security_state_lists_every_user_and_looks_up_by_email(http, receiver):
    subjects = http.get(receiver.url + "/ssf/security-state").json()["subjects"]
    assert {s["email"] for s in subjects} == {"alice@example.com", "bob@example.com",
                                              "carol@example.com"}
    one = http.get(receiver.url + "/ssf/security-state/Alice@Example.com").json()
    assert one["email"] == "alice@example.com" and one["sessions"]["active"] == 2


def test_log_of_a_set_with_nan_values_stays_readable(http, receiver, transmitter):
    subject = {"format": "email", "email": "alice@example.com", "score": float("nan")}
    response = push(http, receiver, transmitter.make_set(SESSION_REVOKED, subject))
    assert response.status_code == 400 and response.json()["err"] == "invalid_request"
    logged = events(http, receiver)
    # Claims that are not strict JSON are not kept (nothing unverified may break a read later).
    assert logged[0]["subject"] is None and "NaN" in logged[0]["description"]
