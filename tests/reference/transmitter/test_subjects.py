"""Subjects: identifier validation (RFC 9493, SSF §3), matching (SSF §8.1.3.1), add/remove API
and default_subjects ALL / NONE."""
from __future__ import annotations

import pytest

from harness.jose import decode_set
from harness.reference.transmitter.subjects import SubjectError, subjects_match, validate_subject
from tests.reference.transmitter.support import ALICE, BOB, SESSION_REVOKED, TOKEN_A

VALID = [
    {"format": "account", "uri": "acct:alice@example.com"},
    ALICE,
    {"format": "iss_sub", "iss": "https://idp.example", "sub": "42"},
    {"format": "opaque", "id": "abc"},
    {"format": "phone_number", "phone_number": "+12065550100"},
    {"format": "did", "url": "did:example:123"},
    {"format": "uri", "uri": "https://example.com/u/1"},
    {"format": "aliases", "identifiers": [ALICE, {"format": "opaque", "id": "x"}]},
    {"format": "jwt_id", "iss": "https://idp.example", "jti": "j1"},
    {"format": "saml_assertion_id", "issuer": "https://idp.example", "assertion_id": "_a"},
    {"format": "ip-addresses", "ip-addresses": ["10.0.0.1", "2001:db8::1"]},
    {"format": "complex", "user": ALICE, "tenant": {"format": "opaque", "id": "t1"}},
    {"format": "x-vendor-id", "value": "agreed out of band"},
]
INVALID = [
    "alice@example.com", {}, {"format": 3}, {"format": ""},
    {"format": "email"}, {"format": "email", "email": ""}, {"format": "email", "email": "nope"},
    {"format": "email", "email": "a@b.example", "x": 1},
    {"format": "phone_number", "phone_number": "2065550100"},
    {"format": "account", "uri": "mailto:a@b"}, {"format": "did", "url": "http://x"},
    {"format": "uri", "uri": "no-scheme"}, {"format": "iss_sub", "iss": "https://i"},
    {"format": "ip-addresses", "ip-addresses": ["999.1.1.1"]},
    {"format": "ip-addresses", "ip-addresses": []},
    {"format": "aliases", "identifiers": []},
    {"format": "aliases", "identifiers": [{"format": "aliases", "identifiers": [ALICE]}]},
    {"format": "complex"}, {"format": "complex", "user": "alice"},
    {"format": "complex", "user": {"format": "complex", "user": ALICE}},
    {"format": "complex", "user": {"format": "email", "email": ""}},
]


@pytest.mark.parametrize("subject", VALID)
def test_valid_subjects(subject):
    assert validate_subject(subject) is subject


@pytest.mark.parametrize("subject", INVALID)
def test_invalid_subjects(subject):
    with pytest.raises(SubjectError):
        validate_subject(subject)


TENANT = {"format": "opaque", "id": "example-a38h4792-uw2"}
JDOE = {"format": "email", "email": "jdoe@example.com"}


@pytest.mark.parametrize("added,event,expected", [
    # The three examples of SSF §8.1.3.1
    ({"format": "complex", "tenant": TENANT}, {"format": "complex", "tenant": TENANT, "user": JDOE},
     True),
    ({"format": "complex", "user": JDOE, "device": {"format": "ip-addresses",
                                                     "ip-addresses": ["10.29.37.75"]}},
     {"format": "complex", "user": JDOE}, True),
    ({"format": "complex", "user": JDOE, "group": {"format": "did", "url": "did:example:123456"}},
     {"format": "complex", "user": JDOE, "group": {"format": "did", "url": "did:example:9999"}},
     False),
    (ALICE, ALICE, True), (ALICE, BOB, False), (ALICE, {"format": "complex", "user": ALICE}, True),
    ({"format": "aliases", "identifiers": [BOB, ALICE]}, ALICE, True),
])
def test_subject_matching(added, event, expected):
    assert subjects_match(added, event) is expected
    assert subjects_match(event, added) is expected


def subjects_call(tx, op, body, token=TOKEN_A):
    return tx.call("POST", f"/ssf/subjects/{op}", token, json=body)


def test_add_is_empty_200_and_remove_is_204(tx):
    sid = tx.create()["stream_id"]
    added = subjects_call(tx, "add", {"stream_id": sid, "subject": ALICE, "verified": True})
    assert added.status_code == 200 and added.content == b""
    removed = subjects_call(tx, "remove", {"stream_id": sid, "subject": ALICE})
    assert removed.status_code == 204 and removed.content == b""


def test_subject_endpoint_errors(tx):
    sid = tx.create()["stream_id"]
    for op in ("add", "remove"):
        assert subjects_call(tx, op, {"stream_id": sid}).status_code == 400
        assert subjects_call(tx, op, {"stream_id": sid, "subject": {"format": "email"}}) \
            .status_code == 400
        assert subjects_call(tx, op, {"subject": ALICE}).status_code == 400
        assert subjects_call(tx, op, {"stream_id": "nope", "subject": ALICE}).status_code == 404


def delivered_subjects(tx, stream) -> list[str]:
    sets = tx.poll(stream, returnImmediately=True, maxEvents=50).json()["sets"]
    tx.poll(stream, returnImmediately=True, maxEvents=0, ack=list(sets))
    return sorted(decode_set(t).claims["sub_id"]["email"] for t in sets.values())


def emit_for_alice_and_bob(tx):
    for who in (ALICE, BOB):
        tx.trigger("session-revoked", {"subject": who})


def test_default_all_delivers_every_subject_until_removed(tx):
    stream = tx.create(events_requested=[SESSION_REVOKED])
    sid = stream["stream_id"]
    emit_for_alice_and_bob(tx)
    assert delivered_subjects(tx, stream) == ["alice@example.com", "bob@example.com"]
    subjects_call(tx, "remove", {"stream_id": sid, "subject": BOB})
    emit_for_alice_and_bob(tx)
    assert delivered_subjects(tx, stream) == ["alice@example.com"]
    subjects_call(tx, "add", {"stream_id": sid, "subject": BOB})  # re-added
    emit_for_alice_and_bob(tx)
    assert delivered_subjects(tx, stream) == ["alice@example.com", "bob@example.com"]


def test_default_none_delivers_only_added_subjects(make_tx):
    tx = make_tx(default_subjects="NONE")
    meta = tx.call("GET", "/.well-known/ssf-configuration/ssf", token=None).json()
    assert meta["default_subjects"] == "NONE"
    stream = tx.create(events_requested=[SESSION_REVOKED])
    emit_for_alice_and_bob(tx)
    assert delivered_subjects(tx, stream) == []
    subjects_call(tx, "add", {"stream_id": stream["stream_id"], "subject": ALICE})
    emit_for_alice_and_bob(tx)
    assert delivered_subjects(tx, stream) == ["alice@example.com"]
    subjects_call(tx, "remove", {"stream_id": stream["stream_id"], "subject": ALICE})
    emit_for_alice_and_bob(tx)
    assert delivered_subjects(tx, stream) == []


def test_complex_subject_added_matches_wider_event(make_tx):
    tx = make_tx(default_subjects="NONE")
    stream = tx.create(events_requested=[SESSION_REVOKED])
    tenant = {"format": "complex", "tenant": TENANT}
    subjects_call(tx, "add", {"stream_id": stream["stream_id"], "subject": tenant})
    event_subject = {"format": "complex", "tenant": TENANT, "user": JDOE}
    tx.trigger("session-revoked", {"subject": event_subject})
    tx.trigger("session-revoked", {"subject": {"format": "complex", "user": JDOE,
                                               "tenant": {"format": "opaque", "id": "other"}}})
    sets = tx.poll(stream, returnImmediately=True).json()["sets"]
    assert len(sets) == 1


def test_stream_subject_cannot_be_removed(tx):
    stream = tx.create()
    sid = stream["stream_id"]
    resp = subjects_call(tx, "remove", {"stream_id": sid,
                                        "subject": {"format": "opaque", "id": sid}})
    assert resp.status_code == 204
    tx.call("POST", "/ssf/verify", json={"stream_id": sid, "state": "still-here"})
    assert len(tx.poll(stream, returnImmediately=True).json()["sets"]) == 1
