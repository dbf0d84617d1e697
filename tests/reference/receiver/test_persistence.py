"""A restart loses nothing: event log, jti set, IdP state, streams, verifications, and events
accepted but not yet acted on."""
from tests.reference.receiver.conftest import ALICE, actions_for, events, push
from tests.reference.receiver.hostile import SESSION_REVOKED

RX = "/ssf/receiver"


def test_restart_keeps_log_jti_set_idp_state_and_stream(http, receiver, transmitter):
    stream_id = http.post(receiver.url + RX + "/stream", json={}).json()["stream"]["stream_id"]
    state = http.post(receiver.url + RX + "/stream/verify", json={}).json()["state"]
    http.get(receiver.url + RX + "/verifications", params={"state": state, "wait": 5})
    claims = transmitter.claims(SESSION_REVOKED, ALICE)
    assert push(http, receiver, transmitter.sign(claims)).status_code == 202
    assert actions_for(http, receiver, claims["jti"])
    before = events(http, receiver)

    receiver.restart()

    assert events(http, receiver) == before
    replay = transmitter.claims(SESSION_REVOKED, ALICE, jti=claims["jti"], txn="other")
    assert push(http, receiver, transmitter.sign(replay)).json()["err"] == "invalid_request"
    users = http.get(receiver.url + RX + "/idp/users").json()["users"]
    assert len(users) == 3  # demo users are seeded once, not again on restart
    alice = next(u for u in users if u["email"] == "alice@example.com")
    assert {s["state"] for s in alice["sessions"]} == {"revoked"}
    status = http.get(receiver.url + RX + "/status").json()
    assert [s["stream_id"] for s in status["streams"]] == [stream_id]
    assert status["last_verification"]["confirmed"] is True


def test_event_accepted_before_a_crash_is_acted_on_after_restart(http, receiver, transmitter):
    claims = transmitter.claims(SESSION_REVOKED, ALICE)
    # Accepted and committed, but the worker never saw it (as if the process died right after
    # answering 202).
    result = receiver.runtime.engine.ingest(transmitter.sign(claims), "push")
    assert result.outcome == "accepted"
    assert events(http, receiver, jti=claims["jti"])[0]["processed"] is False

    receiver.restart()

    logged = actions_for(http, receiver, claims["jti"])
    assert [a["action"] for a in logged] == ["sessions-revoked"]
    assert events(http, receiver, jti=claims["jti"])[0]["processed"] is True
