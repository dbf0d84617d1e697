"""The event trigger takes every Subject Identifier format the sandbox console offers (RFC 9493
§3, SSF 1.0 §3.2 complex subjects) and puts it in the SET's sub_id unchanged; malformed
members are refused with 400 before anything is emitted."""
from __future__ import annotations

import pytest

from harness.jose import decode_set
from tests.reference.transmitter.support import ADMIN

SUBJECTS = {
    "phone_number": {"format": "phone_number", "phone_number": "+12065550100"},
    "iss_sub": {"format": "iss_sub", "iss": "https://idp.example.com/", "sub": "145234573"},
    "opaque": {"format": "opaque", "id": "opaque-7f3a91"},
    "account": {"format": "account", "uri": "acct:dave@example.com"},
    "complex": {"format": "complex", "user": {"format": "email", "email": "erin@example.com"},
                "session": {"format": "opaque", "id": "sess-42"},
                "device": {"format": "opaque", "id": "dev-9"}},
}


@pytest.mark.parametrize("name", list(SUBJECTS))
def test_each_console_subject_format_reaches_sub_id_as_sent(tx, name):
    stream = tx.create(events_requested=[
        "https://schemas.openid.net/secevent/caep/event-type/session-revoked"])
    tx.trigger("session-revoked", {"subject": SUBJECTS[name]})
    (token,) = tx.poll(stream, returnImmediately=True).json()["sets"].values()
    assert decode_set(token).claims["sub_id"] == SUBJECTS[name]


@pytest.mark.parametrize("subject", [
    {"format": "phone_number", "phone_number": "2065550100"},
    {"format": "account", "uri": "dave@example.com"},
    {"format": "iss_sub", "iss": "https://idp.example.com/"},
    {"format": "opaque", "id": ""},
    {"format": "complex", "user": {"format": "email", "email": "erin"}},
    {"format": "complex", "user": {"format": "complex", "session": {"format": "opaque",
                                                                   "id": "s"}}},
    {"format": "opaque", "id": "x", "extra": 1},
])
def test_malformed_subjects_are_refused(shared_tx, subject):
    resp = shared_tx.call("POST", "/ssf/actions/session-revoked", ADMIN, json={"subject": subject})
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_request", resp.text
