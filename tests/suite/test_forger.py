"""The forger: every hostile class really is what it claims (decode it and look), and breaks
nothing else; valid SETs verify against the persona's published keys."""
import json

import pytest
from jwcrypto import jwk, jws
from jwcrypto.common import base64url_encode

from harness.jose import KeyRing, SETDecodeError, SETVerifyError, decode_set, verify_set
from harness.ssf.constants import SET_MEDIA_TYPE
from harness.ssf.events import BY_ACTION, STREAM_UPDATED, VERIFICATION
from harness.suite.forger import ACCEPT_LANGUAGE, USE_PUSH_AUTH, SetForger
from harness.suite.hostile_sets import HOSTILE
from harness.suite.probes import choose_probe

ISSUER, AUD, NOW = "https://tx.example/ssf", "https://rx.example", 1_800_000_000
SR = BY_ACTION["session-revoked"].uri


@pytest.fixture(scope="module")
def ring():
    return KeyRing.generate("RS256")


@pytest.fixture
def forger(ring):
    return SetForger(ISSUER, AUD, lambda: ring.current, clock=lambda: NOW)


def hostile(forger, name, **context):
    return forger.hostile(name, **{"stream_id": "s-1", "replay_jti": "j-seen", **context})


def verifies(token, ring) -> bool:
    try:
        verify_set(token, ring.jwks())
        return True
    except SETVerifyError:
        return False


def test_a_valid_set_is_a_well_formed_ssf_set_signed_with_the_current_key(forger, ring):
    forged = forger.valid("credential-change")
    decoded = verify_set(forged.token, ring.jwks())
    assert decoded.header == {"alg": "RS256", "typ": "secevent+jwt", "kid": ring.current.kid}
    claims = decoded.claims
    assert (claims["iss"], claims["aud"], claims["iat"]) == (ISSUER, AUD, NOW)
    assert claims["sub_id"] == {"format": "email", "email": "alice@example.com"}
    (uri, payload), = claims["events"].items()
    assert uri == BY_ACTION["credential-change"].uri
    assert {"credential_type", "change_type"} <= set(payload) and payload["event_timestamp"] == NOW
    assert "sub" not in claims and "exp" not in claims and forged.jti == claims["jti"]
    assert (forged.content_type, forged.authorization) == (SET_MEDIA_TYPE, USE_PUSH_AUTH)
    assert forged.accept_language == ACCEPT_LANGUAGE


def test_control_events_name_the_stream(forger):
    verification = decode_set(forger.verification("s-9", "st").token).claims
    assert verification["sub_id"] == {"format": "opaque", "id": "s-9"}
    assert verification["events"] == {VERIFICATION.uri: {"state": "st"}}
    assert decode_set(forger.verification("s-9", None).token).claims["events"] == {
        VERIFICATION.uri: {}}
    updated = decode_set(forger.stream_updated("s-9", "paused").token).claims
    assert updated["events"] == {STREAM_UPDATED.uri: {"status": "paused"}}


def test_the_forger_follows_key_rotation(ring):
    local = KeyRing.generate("RS256")
    forger = SetForger(ISSUER, AUD, lambda: local.current)
    before = decode_set(forger.valid("session-revoked").token).header["kid"]
    local.rotate()
    after = decode_set(forger.valid("session-revoked").token).header["kid"]
    assert before != after == local.current.kid


# One assertion per hostile class: what it breaks. `verifies` checks nothing else is broken.
def _bad_signature(f, q, ring):
    d = decode_set(q.token)
    return d.header["kid"] == ring.current.kid and not verifies(q.token, ring)


def _unknown_kid(f, q, ring):
    kid = decode_set(q.token).header["kid"]
    return kid not in [k["kid"] for k in ring.jwks()["keys"]] and not verifies(q.token, ring)


def _alg_none(f, q, ring):
    head, _, signature = q.token.split(".")
    return decode_set(q.token).header["alg"] == "none" and signature == ""


def _hs256(f, q, ring):
    secret = jwk.JWK(kty="oct", k=base64url_encode(ring.current.key.export_to_pem()))
    verifier = jws.JWS()
    verifier.deserialize(q.token)
    verifier.verify(secret, alg="HS256")  # raises if it is not HMAC over the public PEM
    return decode_set(q.token).header["alg"] == "HS256"


def _claim(name, check):
    return lambda f, q, ring: verifies(q.token, ring) and check(
        decode_set(q.token).claims.get(name))


def _header(name, check):
    return lambda f, q, ring: check(decode_set(q.token).header.get(name))


def _undecodable(f, q, ring):
    with pytest.raises(SETDecodeError):
        decode_set(q.body)
    return True


CLAIMS = {
    "bad-signature": _bad_signature,
    "unknown-kid": _unknown_kid,
    "alg-none": _alg_none,
    "hs256-public-key": _hs256,
    "wrong-iss": _claim("iss", lambda v: v != ISSUER),
    "wrong-aud": _claim("aud", lambda v: v != AUD),
    "missing-typ": lambda f, q, r: "typ" not in decode_set(q.token).header and verifies(q.token, r),
    "wrong-typ": _header("typ", lambda v: v == "JWT"),
    "crit-header": _header("crit", lambda v: v == ["x-ssf-conformance-unknown"]),
    "two-events": _claim("events", lambda v: len(v) == 2),
    "sub-claim": _claim("sub", lambda v: v is not None),
    "sub-id-missing-member": _claim("sub_id", lambda v: v == {"format": "email"}),
    "expired-iat": _claim("iat", lambda v: v <= NOW - 30 * 86400),
    "future-iat": _claim("iat", lambda v: v >= NOW + 86400),
    "malformed-jws": lambda f, q, r: q.token.count(".") == 1 and _undecodable(f, q, r),
    "not-a-jwt": lambda f, q, r: isinstance(json.loads(q.body), dict) and _undecodable(f, q, r),
    "replayed-jti": _claim("jti", lambda v: v == "j-seen"),
    "wrong-state": _claim("events", lambda v: v[VERIFICATION.uri]["state"].startswith(
        "never-requested-")),
    "wrong-sub-id": lambda f, q, r: verifies(q.token, r) and decode_set(q.token).claims[
        "sub_id"]["id"] != "s-1" and decode_set(q.token).claims["events"][VERIFICATION.uri] == {
        "state": "asked"},
    "wrong-content-type": lambda f, q, r: q.content_type == "application/json" and verifies(
        q.token, r),
    "oversized": lambda f, q, r: len(q.body) > 64 * 1024 and _undecodable(f, q, r),
    "missing-bearer": lambda f, q, r: q.authorization is None and verifies(q.token, r),
    "wrong-bearer": lambda f, q, r: q.authorization not in (None, USE_PUSH_AUTH) and verifies(
        q.token, r),
}


def test_every_hostile_class_has_a_claim_here():
    assert set(CLAIMS) == set(HOSTILE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_class_is_what_it_claims(forger, ring, name):
    forged = hostile(forger, name, state="asked")
    assert forged.kind == name
    assert CLAIMS[name](forger, forged, ring), f"{name}: {HOSTILE[name].description}"


def test_set_level_classes_break_a_valid_session_revoked_about_the_chosen_subject(forger):
    subject = {"format": "email", "email": "bob@example.com"}
    claims = decode_set(hostile(forger, "wrong-iss", subject=subject).token).claims
    assert claims["sub_id"] == subject and SR in claims["events"]


def test_an_unknown_class_is_refused(forger):
    with pytest.raises(KeyError, match="unknown hostile class"):
        forger.hostile("friendly")


def test_there_is_a_well_formed_subject_example_for_every_subject_format():
    from harness.profiles.capabilities import SUBJECT_FORMATS
    from harness.suite.forger import SUBJECT_EXAMPLES
    assert set(SUBJECT_EXAMPLES) == set(SUBJECT_FORMATS)
    assert all(example["format"] == fmt for fmt, example in SUBJECT_EXAMPLES.items())


# -- differential probes (issue 10, item 3) -------------------------------------------------
CC = BY_ACTION["credential-change"].uri
AD = BY_ACTION["account-disabled"].uri


def test_the_probe_is_a_declared_event_about_a_throwaway_subject_in_a_declared_format():
    probe = choose_probe(["credential-change", "account-disabled"], ["opaque"], "s-1", "t1")
    assert probe.event == CC and probe.second_event == AD
    assert probe.subject == {"format": "opaque", "id": "rx-t1"}
    everything = choose_probe(["*"], ["*"], "s-1", "t2")
    assert everything.event == SR and everything.subject == {"format": "email",
                                                             "email": "rx-t2@example.com"}


def test_a_receiver_declaring_no_buildable_event_is_probed_with_verification():
    for events in ([], ["urn:example:custom-event"]):
        probe = choose_probe(events, ["email"], "s-1", "t")
        assert probe.event == VERIFICATION.uri
        assert probe.subject == {"format": "opaque", "id": "s-1"}
        assert probe.second_event == STREAM_UPDATED.uri


def test_an_event_restricting_its_subject_formats_is_skipped_when_none_is_declared():
    probe = choose_probe(["identifier-changed", "account-disabled"], ["opaque"], "s-1", "t")
    assert probe.event == AD   # identifier-changed needs email or phone_number (RISC-IC-01)


SET_LEVEL = sorted(n for n, h in HOSTILE.items()
                   if not h.request_level and n not in ("wrong-state", "wrong-sub-id"))


@pytest.mark.parametrize("name", SET_LEVEL + ["wrong-content-type", "missing-bearer"])
def test_hostile_sets_and_their_twins_are_built_from_the_probe(forger, ring, name):
    probe = choose_probe(["account-disabled"], ["opaque"], "s-1", "t")
    twin = forger.twin(name, probe)
    hostile_set = forger.hostile(name, probe, replay_jti=twin.jti)
    twin_claims = verify_set(twin.token, ring.jwks()).claims
    assert twin.kind == "valid" and twin_claims["events"] == {AD: forger.payload(AD)}
    assert twin_claims["sub_id"] == {"format": "opaque", "id": "rx-t"}
    if name not in ("malformed-jws", "not-a-jwt", "oversized"):
        claims = decode_set(hostile_set.token).claims
        assert AD in claims["events"]
        assert claims["sub_id"] in (twin_claims["sub_id"], {"format": "opaque"})
        # A fresh jti: a receiver tracking jtis must not refuse it as a replay of the twin.
        assert (claims["jti"] == twin.jti) is (name == "replayed-jti")


def test_a_verification_probe_breaks_the_verification_set(forger, ring):
    probe = choose_probe([], [], "s-1", "t")
    claims = decode_set(forger.hostile("wrong-iss", probe).token).claims
    assert claims["events"] == {VERIFICATION.uri: {}} and claims["iss"] != ISSUER
    two = decode_set(forger.hostile("two-events", probe).token).claims["events"]
    assert two == {VERIFICATION.uri: {}, STREAM_UPDATED.uri: {"status": "enabled"}}
    stripped = decode_set(forger.hostile("sub-id-missing-member", probe).token).claims
    assert stripped["sub_id"] == {"format": "opaque"}


def test_verification_classes_have_their_own_twins(forger):
    unsolicited = decode_set(forger.twin("wrong-state", stream_id="s-1").token).claims
    assert unsolicited["events"] == {VERIFICATION.uri: {}}
    assert forger.twin("wrong-sub-id", stream_id="s-1", state="asked") is None


@pytest.mark.parametrize("form, header_typ, aud", [
    ("aud-array", "secevent+jwt", [AUD]),
    ("typ-with-prefix", "application/secevent+jwt", AUD),
    ("typ-upper-case", "SECEVENT+JWT", AUD),
])
def test_alternative_forms_are_valid_sets_in_another_spelling(forger, ring, form, header_typ,
                                                              aud):
    probe = choose_probe(["*"], ["*"], "s-1", "t")
    decoded = verify_set(forger.alternative_form(form, probe).token, ring.jwks())
    assert decoded.header["typ"] == header_typ and decoded.claims["aud"] == aud
    assert decoded.claims["events"] == {SR: forger.payload(SR)}


def test_a_legacy_receivers_forger_signs_every_set_with_the_subject_inside_the_event():
    from harness.jose import KeyRing, decode_set
    from harness.suite.forger import SetForger
    ring = KeyRing.generate("RS256")
    forger = SetForger("https://tx", "https://rx", lambda: ring.current, shape="sse-draft")
    for request in (forger.valid("session-revoked"), forger.hostile("crit-header"),
                    forger.hostile("expired-iat")):
        claims = decode_set(request.body.decode()).claims
        (payload,) = claims["events"].values()
        assert "sub_id" not in claims and payload["subject"]["user"]["format"] == "email"
