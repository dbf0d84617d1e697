"""The legacy SSE draft's vocabulary and shapes: RISC delivery URNs, the ID2-era metadata, and
SETs whose subject sits inside the event (no top-level sub_id), in the two flavours seen in
the field (../shared/anchors/vendor-dialects.md):
- "abm" (Apple Business Manager era IdPs, authentik/Keycloak SSE CAEP):
  `subject: {user: {format: email, email}, session: {format: opaque, id}}`;
- "google-risc" (Google Cross-Account Protection): `subject: {subject_type: "iss-sub", iss,
  sub}` (RISC 1.0 §Compatibility notes Google's `subject_type`), `url` for the push endpoint.
"""
from __future__ import annotations

import hashlib
import time

from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import BY_ACTION, CAEP_BASE, RISC_BASE, VERIFICATION
from harness.ssf.legacy_sse import RISC_POLL, RISC_PUSH, SPEC_VERSION

RISC_VERIFICATION = RISC_BASE + "verification"
FLAVOURS = ("abm", "google-risc")
# Events each flavour emits (ABM: session-revoked, credential-change; Google: RISC account
# events; both: their verification event).
EVENTS = {
    "abm": [CAEP_BASE + "session-revoked", CAEP_BASE + "credential-change"],
    "google-risc": [RISC_BASE + a for a in ("account-disabled", "account-enabled",
                                            "account-purged", "sessions-revoked",
                                            "account-credential-change-required",
                                            "credential-compromise")],
}


def urns(faults: frozenset[str]) -> dict[str, str]:
    """'push'/'poll' -> the delivery-method URN this transmitter speaks."""
    if "sse-ssf-delivery-urn" in faults:
        return {"push": PUSH, "poll": POLL}
    return {"push": RISC_PUSH, "poll": RISC_POLL}


def method_of(urn: object, faults: frozenset[str]) -> str | None:
    return {v: k for k, v in urns(faults).items()}.get(urn)  # type: ignore[arg-type]


def opaque_sub(email: str) -> str:
    """A stable opaque account id for an email (Google's `sub`)."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:24]


def event_subject(flavour: str, issuer: str, email: str, session_id: str | None,
                  faults: frozenset[str]) -> dict:
    if flavour == "google-risc":
        kind = "iss_sub" if "sse-iss-sub-underscore" in faults else "iss-sub"
        return {"subject_type": kind, "iss": issuer, "sub": opaque_sub(email)}
    subject: dict = {"user": {"format": "email", "email": email}}
    if session_id:
        subject["session"] = {"format": "opaque", "id": session_id}
    return subject


def event_claims(*, flavour: str, issuer: str, aud, jti: str, event_uri: str, email: str,
                 session_id: str | None, faults: frozenset[str]) -> dict:
    now = int(time.time())
    etype = BY_ACTION[event_uri.rsplit("/", 1)[-1]]
    payload = dict(etype.example)
    if event_uri.startswith(CAEP_BASE):
        payload.setdefault("event_timestamp", now)
    subject = event_subject(flavour, issuer, email, session_id, faults)
    claims = {"iss": issuer, "aud": aud, "iat": now, "jti": jti}
    if "sse-subject-top-level" in faults:   # the SSF 1.0 shape the legacy receivers refuse
        claims["sub_id"] = {"format": "email", "email": email}
    else:
        payload["subject"] = subject
    claims["events"] = {event_uri: payload}
    return claims


def verification_claims(*, flavour: str, issuer: str, aud, jti: str, stream_id: str,
                        state: str | None, faults: frozenset[str]) -> dict:
    payload: dict = {} if state is None else {"state": state}
    if flavour == "google-risc":
        uri = RISC_VERIFICATION
    else:
        uri = VERIFICATION.uri
        subject = {"format": "opaque", "id": stream_id}
        if "sse-subject-top-level" in faults:
            return {"iss": issuer, "aud": aud, "iat": int(time.time()), "jti": jti,
                    "sub_id": subject, "events": {uri: payload}}
        payload["subject"] = subject
    return {"iss": issuer, "aud": aud, "iat": int(time.time()), "jti": jti,
            "events": {uri: payload}}


def metadata(flavour: str, base_url: str, issuer: str, prefix: str,
             faults: frozenset[str]) -> dict:
    methods = list(urns(faults).values())
    root = base_url + prefix
    if flavour == "google-risc":   # Google's risc-configuration: no spec_version, no subjects
        return {"issuer": issuer, "jwks_uri": root + "/jwks",
                "delivery_methods_supported": methods[:1],
                "configuration_endpoint": base_url + "/v1beta/stream"}
    return {"spec_version": SPEC_VERSION, "issuer": issuer, "jwks_uri": root + "/jwks",
            "delivery_methods_supported": methods,
            "configuration_endpoint": root + "/stream", "status_endpoint": root + "/status",
            "add_subject_endpoint": root + "/add-subject",
            "remove_subject_endpoint": root + "/remove-subject",
            "verification_endpoint": root + "/verify",
            "authorization_schemes": [{"spec_urn": "urn:ietf:rfc:6749"}]}
