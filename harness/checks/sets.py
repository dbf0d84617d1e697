"""Checks on every SET received from a transmitter (SSF sections 3-4, RFC 8417, interop)."""
from __future__ import annotations

import time

from harness.checks.base import Outcome, check, fail, ok
from harness.jose import DecodedSET, SETVerifyError, verify_set
from harness.ssf.constants import SET_TYP
from harness.ssf.events import BY_URI, RISC_BASE


@check("SET-01")
def check_set_typ(decoded: DecodedSET) -> Outcome:
    if decoded.header.get("typ") != SET_TYP:
        return fail("SET header typ", SET_TYP, decoded.header.get("typ"))
    return ok()


@check("SET-19", "SSF-DISC-09")
def check_set_has_kid(decoded: DecodedSET) -> Outcome:
    if not isinstance(decoded.header.get("kid"), str):
        return fail("the signing key is identified by kid so receivers can find it in jwks_uri",
                    "kid present", decoded.header.get("kid"))
    return ok()


@check("SET-19", "INTEROP-TX-03")
def check_set_signature(decoded: DecodedSET, jwks: dict) -> Outcome:
    try:
        verify_set(decoded.token, jwks, algs=("RS256", "RS384", "RS512", "PS256", "ES256",
                                              "ES384"))
    except SETVerifyError as exc:
        return fail("SET signature verifies with a key from jwks_uri", "valid signature",
                    str(exc))
    return ok()


@check("INTEROP-SIG-01")
def check_set_rs256(decoded: DecodedSET) -> Outcome:
    if decoded.header.get("alg") != "RS256":
        return fail("the CAEP interop profile signs with RS256", "RS256",
                    decoded.header.get("alg"))
    return ok()


@check("SET-02")
def check_no_sub_claim(decoded: DecodedSET) -> Outcome:
    if "sub" in decoded.claims:
        return fail("SSF SETs carry no sub claim", "absent", decoded.claims["sub"])
    return ok()


@check("SET-03")
def check_no_exp_claim(decoded: DecodedSET) -> Outcome:
    if "exp" in decoded.claims:
        return fail("SSF SETs carry no exp claim", "absent", decoded.claims["exp"])
    return ok()


@check("SET-04", "SUBID-13")
def check_sub_id_present(decoded: DecodedSET) -> Outcome:
    sub_id = decoded.claims.get("sub_id")
    if not isinstance(sub_id, dict) or not isinstance(sub_id.get("format"), str):
        return fail("top-level sub_id is a Subject Identifier", {"format": "…"}, sub_id)
    return ok()


@check("SET-05", "SET-06", "SSF-DISC-07")
def check_set_iss(decoded: DecodedSET, issuer: str) -> Outcome:
    if decoded.claims.get("iss") != issuer:
        return fail("SET iss equals the metadata issuer", issuer, decoded.claims.get("iss"))
    return ok()


@check("SET-07")
def check_set_iat(decoded: DecodedSET, skew_seconds: float = 300.0,
                  now: float | None = None) -> Outcome:
    iat = decoded.claims.get("iat")
    now = time.time() if now is None else now
    if not isinstance(iat, (int, float)) or isinstance(iat, bool):
        return fail("iat is a NumericDate", "number", iat)
    if iat > now + skew_seconds:
        return fail("iat is not in the future", f"<= now + {skew_seconds:.0f}s", iat)
    return ok()


@check("SET-08")
def check_set_jti(decoded: DecodedSET, seen: dict[str, str]) -> Outcome:
    """`seen` maps jti -> token of SETs already received in this run (updated here). The same
    SET sent again (a retry) keeps its jti; a different SET reusing a jti is a defect."""
    jti = decoded.claims.get("jti")
    if not isinstance(jti, str) or not jti:
        return fail("jti is a non-empty string", "string", jti)
    if seen.setdefault(jti, decoded.token) != decoded.token:
        return fail("jti is unique within the event feed", "a new jti for a new SET",
                    f"{jti} reused by a different SET")
    return ok()


@check("SET-09")
def check_set_aud(decoded: DecodedSET, stream_aud: str | list | None) -> Outcome:
    aud = decoded.claims.get("aud")
    if aud is None:
        return fail("aud should be present", stream_aud, None)
    if stream_aud is not None and aud != stream_aud:
        return fail("aud should match the stream's aud", stream_aud, aud)
    return ok()


@check("SET-13")
def check_events_claim(decoded: DecodedSET) -> Outcome:
    events = decoded.claims.get("events")
    if not isinstance(events, dict) or not events or not all(
            isinstance(v, dict) for v in events.values()):
        return fail("events is a non-empty object of event-URI → object", "{uri: {…}}", events)
    return ok()


@check("SET-14", "SET-15", "INTEROP-SET-01")
def check_single_event(decoded: DecodedSET) -> Outcome:
    events = decoded.claims.get("events")
    if isinstance(events, dict) and len(events) != 1:
        return fail("a SET carries exactly one event", 1, sorted(events))
    return ok()


@check("RISC-SR-01")
def check_no_deprecated_risc_sessions_revoked(decoded: DecodedSET) -> Outcome:
    uri = RISC_BASE + "sessions-revoked"
    if uri in (decoded.claims.get("events") or {}):
        return fail("new implementations use CAEP session-revoked, not RISC sessions-revoked",
                    "CAEP session-revoked", uri)
    return ok()


@check("RISC-COMPAT-01")
def check_no_subject_type(decoded: DecodedSET) -> Outcome:
    def walk(value: object) -> bool:
        if isinstance(value, dict):
            return "subject_type" in value or any(walk(v) for v in value.values())
        if isinstance(value, list):
            return any(walk(v) for v in value)
        return False
    if walk(decoded.claims.get("sub_id")) or walk(decoded.claims.get("events")):
        return fail("subject identifiers use format, never the legacy subject_type", "format",
                    "subject_type present")
    return ok()


def event_uris(decoded: DecodedSET) -> list[str]:
    return list((decoded.claims.get("events") or {}).keys())


def known_event(decoded: DecodedSET):
    for uri in event_uris(decoded):
        if uri in BY_URI:
            return BY_URI[uri]
    return None
