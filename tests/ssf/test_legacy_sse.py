"""The legacy SSE draft's SET shape (harness/ssf/legacy_sse.py): the one function the persona's
reference transmitter, its forger and the checks' examples share."""
from __future__ import annotations

import pytest

from harness.ssf.legacy_sse import shaped, subject_inside_event

SR = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
VERIFY = "https://schemas.openid.net/secevent/ssf/event-type/verification"
EMAIL = {"format": "email", "email": "alice@example.com"}


def _set(uri=SR, sub_id=EMAIL, payload=None):
    return {"iss": "https://tx", "aud": "https://rx", "jti": "j1", "sub_id": sub_id,
            "events": {uri: payload if payload is not None else {"event_timestamp": 1}}}


def test_a_persons_subject_moves_into_the_event_as_its_user():
    claims = subject_inside_event(_set())
    assert "sub_id" not in claims
    assert claims["events"][SR] == {"event_timestamp": 1, "subject": {"user": EMAIL}}


def test_a_complex_subjects_members_are_kept_as_they_are():
    session = {"format": "opaque", "id": "s1"}
    claims = subject_inside_event(_set(sub_id={"format": "complex", "user": EMAIL,
                                               "session": session}))
    assert claims["events"][SR]["subject"] == {"user": EMAIL, "session": session}


def test_ssf_events_carry_the_streams_identifier_itself():
    stream = {"format": "opaque", "id": "stream-1"}
    claims = subject_inside_event(_set(VERIFY, stream, {"state": "x"}))
    assert claims["events"][VERIFY] == {"state": "x", "subject": stream}


@pytest.mark.parametrize("claims", [
    {"iss": "x", "events": {SR: {}}},                                    # no sub_id
    {**_set(), "events": {SR: {}, VERIFY: {}}},                          # two events
    {**_set(), "events": {SR: "a string"}},                              # not an object
    {**_set(), "sub_id": "alice"},                                       # sub_id not an object
])
def test_a_hostile_set_keeps_its_defect(claims):
    assert subject_inside_event(claims) is claims


def test_ssf_shape_is_the_identity_and_unknown_shapes_are_refused():
    claims = _set()
    assert shaped("ssf", claims) is claims
    assert shaped("sse-draft", claims) == subject_inside_event(claims)
    with pytest.raises(ValueError, match="unknown SET shape 'kolide'"):
        shaped("kolide", claims)


def test_legacy_metadata_says_the_drafts_version_and_delivery_urns():
    from harness.ssf.legacy_sse import RISC_PUSH, legacy_metadata
    ssf = {"spec_version": "1_0", "issuer": "https://tx/ssf", "jwks_uri": "https://tx/ssf/jwks",
           "delivery_methods_supported": ["urn:ietf:rfc:8935", "urn:example:other"]}
    legacy = legacy_metadata(ssf)
    assert legacy["spec_version"] == "1_0-ID2" and legacy["jwks_uri"] == ssf["jwks_uri"]
    assert legacy["delivery_methods_supported"] == [RISC_PUSH, "urn:example:other"]
