"""Event triggers: every CAEP (8) and RISC (14) action, and the shape of the SETs they make."""
from __future__ import annotations

import pytest

from harness.jose import verify_set
from harness.ssf.events import CAEP_EVENTS, RISC_EVENTS, BY_ACTION
from tests.reference.transmitter.support import ADMIN, ALICE, BOB, SESSION_REVOKED, Tx

ACTIONS = [e.action for e in CAEP_EVENTS + RISC_EVENTS]


@pytest.fixture(scope="module")
def rs_tx(tmp_path_factory, http):
    handle = Tx(tmp_path_factory.mktemp("actions"), http, signing_alg="RS256")
    handle.stream = handle.create(events_requested=list(handle.config.events_supported))
    handle.jwks = handle.call("GET", "/ssf/jwks", token=None).json()
    yield handle
    handle.stop()


def take_one(tx, stream) -> str:
    sets = tx.poll(stream, returnImmediately=True).json()["sets"]
    tx.poll(stream, returnImmediately=True, maxEvents=0, ack=list(sets))
    (token,) = sets.values()
    return token


def test_there_are_22_actions():
    assert len(ACTIONS) == 22 and len(set(ACTIONS)) == 22


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_produces_a_well_formed_set(rs_tx, action):
    etype = BY_ACTION[action]
    timestamped = etype.spec == "CAEP" or action == "credential-compromise"
    body = {"email": "carol@example.com", "txn": f"txn-{action}",
            **({"event_timestamp": 1700000000} if timestamped else {})}
    result = rs_tx.trigger(action, body)
    assert result["event"] == etype.uri
    if etype.deprecated:  # RISC sessions-revoked is not offered (RISC-SR-01)
        assert result["deliveries"] == []
        return
    assert [d["stream_id"] for d in result["deliveries"]] == [rs_tx.stream["stream_id"]]
    decoded = verify_set(take_one(rs_tx, rs_tx.stream), rs_tx.jwks)
    header, claims = decoded.header, decoded.claims
    assert header["alg"] == "RS256" and header["typ"] == "secevent+jwt" and header["kid"]
    assert claims["iss"] == rs_tx.config.issuer and claims["aud"] == "rx-a"
    assert claims["jti"] == result["deliveries"][0]["jti"] and isinstance(claims["iat"], int)
    assert claims["txn"] == f"txn-{action}"
    assert claims["sub_id"] == {"format": "email", "email": "carol@example.com"}
    assert "sub" not in claims and "exp" not in claims
    (payload,) = claims["events"].values()
    assert list(claims["events"]) == [etype.uri]
    assert set(etype.required) <= set(payload)
    assert {k: payload[k] for k in etype.example} == etype.example
    if timestamped:
        assert payload["event_timestamp"] == 1700000000
    else:
        assert payload == etype.example  # e.g. {} for RISC events without attributes


def test_event_override_and_default_timestamp(rs_tx):
    rs_tx.trigger("credential-change", {"subject": ALICE, "event": {
        "change_type": "revoke", "credential_type": "fido2-roaming"}})
    claims = verify_set(take_one(rs_tx, rs_tx.stream), rs_tx.jwks).claims
    payload = claims["events"][BY_ACTION["credential-change"].uri]
    assert payload["change_type"] == "revoke" and payload["credential_type"] == "fido2-roaming"
    assert isinstance(payload["event_timestamp"], int) and len(claims["txn"]) == 32


def test_explicit_stream_target_and_skips(tx):
    wants = tx.create(events_requested=[SESSION_REVOKED])
    other = tx.create(events_requested=[SESSION_REVOKED])
    result = tx.trigger("session-revoked", {"subject": BOB, "stream_id": wants["stream_id"]})
    assert [d["stream_id"] for d in result["deliveries"]] == [wants["stream_id"]]
    assert tx.poll(other, returnImmediately=True).json()["sets"] == {}
    skipped = tx.trigger("credential-change", {"subject": BOB, "stream_id": wants["stream_id"]})
    assert skipped["deliveries"] == [] and skipped["skipped"] == [
        {"stream_id": wants["stream_id"], "reason": "event type not in events_delivered"}]
    empty_target = tx.trigger("session-revoked", {"subject": BOB, "stream_id": ""})
    assert len(empty_target["deliveries"]) == 2  # an unfilled template placeholder


@pytest.mark.parametrize("action,body,status", [
    ("no-such-action", {"subject": ALICE}, 404),
    ("session-revoked", {}, 400),
    ("session-revoked", {"subject": ALICE, "email": "a@b.example"}, 400),
    ("session-revoked", {"subject": {"format": "email"}}, 400),
    ("session-revoked", {"email": 5}, 400),
    ("session-revoked", {"subject": ALICE, "event": "x"}, 400),
    ("session-revoked", {"subject": ALICE, "txn": 5}, 400),
    ("session-revoked", {"subject": ALICE, "event_timestamp": "now"}, 400),
    ("session-revoked", {"subject": ALICE, "stream_id": "nope"}, 404),
    ("identifier-changed", {"subject": {"format": "opaque", "id": "x"}}, 400),
])
def test_bad_trigger_requests(shared_tx, action, body, status):
    resp = shared_tx.call("POST", f"/ssf/actions/{action}", ADMIN, json=body)
    assert resp.status_code == status
    assert resp.json()["error"]


def test_identifier_changed_accepts_phone_number(shared_tx):
    phone = {"format": "phone_number", "phone_number": "+12065550100"}
    assert shared_tx.trigger("identifier-changed", {"subject": phone})["event"].endswith(
        "identifier-changed")
