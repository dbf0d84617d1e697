"""Whole SETs: realistic signed tokens for every event type, spec examples, and token parsing."""
import base64
import json

import pytest
import yaml

from harness.jose import KeyRing, sign_set
from harness.schemas import SETFormatError, split_set, validate_set, validate_set_recommended
from harness.ssf.events import ALL_EVENTS
from tests.schemas.corpus import CORPUS_DIR, event_uri

REALISTIC = yaml.safe_load((CORPUS_DIR / "sets" / "realistic.yaml").read_text())
EXAMPLES = yaml.safe_load((CORPUS_DIR / "sets" / "spec-examples.yaml").read_text())["examples"]
HEADER = {"alg": "RS256", "typ": "secevent+jwt", "kid": "k1"}


def _claims(entry: dict, number: int) -> dict:
    spec, action = entry["event"].split("/")
    return {**REALISTIC["defaults"], "jti": f"set-{number:04d}", "sub_id": entry["sub_id"],
            "events": {event_uri(spec, action): entry["payload"]}}


@pytest.fixture(scope="module")
def signed_tokens() -> dict[str, str]:
    key = KeyRing.generate("RS256").current  # one RSA key for the module: generation is slow
    return {entry["event"]: sign_set(_claims(entry, n), key)
            for n, entry in enumerate(REALISTIC["sets"])}


def test_there_is_one_realistic_set_per_event_type():
    assert sorted(e["event"] for e in REALISTIC["sets"]) == \
        sorted(f"{e.spec.lower()}/{e.action}" for e in ALL_EVENTS)
    assert len(REALISTIC["sets"]) == 24  # 2 SSF + 8 CAEP + 14 RISC


@pytest.mark.parametrize("entry", REALISTIC["sets"], ids=lambda e: e["event"])
@pytest.mark.parametrize("profile", ["ssf", "interop"])
def test_realistic_signed_set_is_valid(entry, profile, signed_tokens, store):
    assert validate_set(signed_tokens[entry["event"]], profile=profile, store=store) == []


@pytest.mark.parametrize("entry", REALISTIC["sets"], ids=lambda e: e["event"])
def test_realistic_set_follows_recommendations_except_deprecated_events(entry, signed_tokens,
                                                                        store):
    findings = validate_set_recommended(signed_tokens[entry["event"]], store=store)
    if entry["event"] == "risc/sessions-revoked":
        assert [(f.keyword, f.requirements, f.level) for f in findings] == \
            [("not", ("RISC-SR-01",), "SHOULD")]
    else:
        assert findings == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["name"])
def test_spec_example_is_recorded_with_its_outcome(example, store):
    if example["outcome"] == "invalid-json":
        with pytest.raises(json.JSONDecodeError):
            json.loads(example["claims"])
        return
    claims = json.loads(example["claims"])
    errors = validate_set({"header": HEADER, "claims": claims}, store=store)
    assert {(e.pointer, e.keyword) for e in errors} == \
        {(p, k) for p, k, _ in example["outcome"]}
    for pointer, keyword, requirement in example["outcome"]:
        assert any(requirement in e.requirements for e in errors
                   if (e.pointer, e.keyword) == (pointer, keyword))


def test_errors_are_reported_under_header_and_claims(signed_tokens):
    token = signed_tokens["caep/session-revoked"]
    header, claims = split_set(token)
    header["typ"] = "JWT"
    claims["sub"] = "jane"
    claims["events"][event_uri("caep", "session-revoked")]["initiating_entity"] = "robot"
    pointers = {e.pointer for e in validate_set({"header": header, "claims": claims})}
    assert pointers == {"/header/typ", "/claims/sub",
                        "/claims/events/https:~1~1schemas.openid.net~1secevent~1caep~1event-type"
                        "~1session-revoked/initiating_entity"}


def test_interop_profile_rejects_hs256_and_two_events():
    claims = _claims(REALISTIC["sets"][2], 1)
    claims["events"][event_uri("risc", "account-enabled")] = {}
    errors = validate_set({"header": {**HEADER, "alg": "HS256"}, "claims": claims}, "interop")
    assert {(e.pointer, e.requirements[0]) for e in errors} == {
        ("/header/alg", "INTEROP-SIG-01"), ("/claims/events", "INTEROP-SET-01")}


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown SET profile"):
        validate_set({"header": HEADER, "claims": {}}, profile="bogus")


def _b64(value) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize("token, reason", [
    ("a.b", "3 dot-separated parts"),
    ("!!!.@@@.###", "not base64url"),
    (_b64([1]) + "." + _b64({}) + ".", "not a JSON object"),
    (_b64(HEADER) + "." + _b64(b"not json") + ".c2ln", "not base64url-encoded JSON"),
    (12345, "compact JWS string"),
])
def test_malformed_token_is_one_clear_error(token, reason):
    with pytest.raises(SETFormatError, match=reason):
        split_set(token)
    [error] = validate_set(token)
    assert error.keyword == "jws" and reason in error.message and "JOSE-03" in error.requirements


def test_token_as_bytes_and_decoded_forms_agree(signed_tokens):
    token = signed_tokens["ssf/verification"]
    header, claims = split_set(token)
    assert split_set(token.encode()) == (header, claims)
    assert claims["sub_id"] == {"format": "opaque", "id": "f67e39a0a4d34d56b3aa1bc4cff0069f"}
    assert header["typ"] == "secevent+jwt"
