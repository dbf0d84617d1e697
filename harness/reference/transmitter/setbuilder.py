"""Building and signing SETs (SSF §4): header {alg, typ, kid}; claims iss, aud, iat, jti, txn,
top-level sub_id and exactly one event; never sub, never exp. Faults bend exactly one rule each.
"""
from __future__ import annotations

import functools
import json
import time
from typing import Callable

from harness.jose import sign_set
from harness.reference.transmitter.config import TransmitterConfig
from harness.reference.transmitter.keystore import KeyStore
from harness.ssf import legacy_sse
from harness.ssf.events import (
    CAEP_BASE, RISC_BASE, SSF_BASE, STREAM_UPDATED, VERIFICATION, event_by_uri,
)

_CREDENTIAL_CHANGE = CAEP_BASE + "credential-change"
EXTRA_MEMBER = "x_reference_extension"  # variation extra-members: a member nobody defines
_INTEROP_EVENTS = (CAEP_BASE + "session-revoked", _CREDENTIAL_CHANGE,
                   CAEP_BASE + "device-compliance-change")
_FUTURE = 86400  # seconds: fault set-event-timestamp-future


def shape_payload(config: TransmitterConfig, event_uri: str, payload: dict) -> dict:
    """Apply payload faults (missing required members, millisecond timestamps)."""
    payload = dict(payload)
    if config.fault("credential-change-no-credential-type") and event_uri == _CREDENTIAL_CHANGE:
        payload.pop("credential_type", None)
    if config.fault("risc-missing-required-member") and event_uri.startswith(RISC_BASE):
        etype = event_by_uri(event_uri)
        for member in (etype.required if etype else ()):
            payload.pop(member, None)
    if config.fault("set-event-timestamp-ms") and isinstance(payload.get("event_timestamp"),
                                                             int | float):
        payload["event_timestamp"] = int(payload["event_timestamp"] * 1000)
    if config.fault("interop-no-reason-admin") and event_uri in _INTEROP_EVENTS:
        payload.pop("reason_admin", None)
    if config.fault("set-event-timestamp-future") and event_uri.startswith(CAEP_BASE) \
            and isinstance(payload.get("event_timestamp"), int | float):
        payload["event_timestamp"] += _FUTURE
    if config.fault("alc-no-change-direction") and event_uri == CAEP_BASE + \
            "assurance-level-change":
        payload.pop("change_direction", None)
    if config.fault("rlc-no-risk-reason") and event_uri == CAEP_BASE + "risk-level-change":
        payload.pop("risk_reason", None)
    return payload


def shape_subject(config: TransmitterConfig, event_uri: str, subject: dict) -> dict:
    """Apply subject faults to the sub_id of a CAEP/RISC event about an email subject."""
    email = subject.get("email") if subject.get("format") == "email" else None
    if email is None or event_uri.startswith(SSF_BASE):
        return subject
    etype = event_by_uri(event_uri)
    if config.fault("identifier-event-opaque-subject") and etype and etype.subject_formats:
        return {"format": "opaque", "id": email}
    if config.fault("interop-event-opaque-subject") and event_uri.startswith(CAEP_BASE):
        return {"format": "opaque", "id": email}
    if config.fault("event-subject-missing-member"):
        return {"format": "email", "value": email}
    if config.fault("event-subject-as-account"):
        return {"format": "account", "uri": "acct:" + email}
    return subject


def build_claims(config: TransmitterConfig, *, aud, jti: str, event_uri: str, payload: dict,
                 subject: dict, txn: str | None, now: float | None = None) -> dict:
    now = time.time() if now is None else now
    if config.varies("set-aud-as-array") and isinstance(aud, str):
        aud = [aud]  # SSF §4.1.8: the same audience written as an array of strings
    claims: dict = {"iss": config.issuer, "aud": aud, "iat": int(now), "jti": jti}
    if txn:
        claims["txn"] = "txn-reused" if config.fault("set-repeated-txn") else txn
    claims["sub_id"] = shape_subject(config, event_uri, subject)
    claims["events"] = {event_uri: shape_payload(config, event_uri, payload)}
    if config.fault("set-subject-type"):  # the legacy RISC member next to format
        claims["sub_id"] = {"subject_type": subject.get("format"), **claims["sub_id"]}
    if config.fault("set-no-sub-id"):  # the pre-1.0 drafts' subject inside the event
        claims["events"][event_uri]["subject"] = claims.pop("sub_id")
    if config.fault("set-event-payload-string") and not event_uri.startswith(SSF_BASE):
        claims["events"][event_uri] = json.dumps(claims["events"][event_uri])
    if config.fault("set-iss-mismatch"):
        claims["iss"] = config.public_base_url + "/not-the-issuer"
    if config.fault("set-no-aud"):
        claims.pop("aud")
    if config.fault("set-iat-future"):
        claims["iat"] = int(now) + 86400
    if config.fault("set-sub-claim"):
        claims["sub"] = subject.get("email") or subject.get("id") or "subject"
    if config.fault("set-exp-claim"):
        claims["exp"] = int(now) + 3600
    if config.fault("set-two-events"):
        other = STREAM_UPDATED if event_uri == VERIFICATION.uri else VERIFICATION
        claims["events"][other.uri] = dict(other.example)
    if config.varies("extra-members"):  # SSF §4.2.3: additional fields MAY exist anywhere
        claims[EXTRA_MEMBER] = {"note": "unknown to receivers"}
        if isinstance(claims["events"].get(event_uri), dict):
            claims["events"][event_uri][EXTRA_MEMBER] = "ignored"
    return legacy_sse.shaped(config.set_shape, claims)   # "sse-draft": for legacy receivers


def signer(config: TransmitterConfig, keys: KeyStore) -> Callable[[dict], str]:
    """`sign` with its key and header chosen now (on the event loop), to be called anywhere,
    e.g. on a worker thread while the loop goes on."""
    header: dict = {}
    if config.fault("set-wrong-typ"):
        header["typ"] = "JWT"
    if config.varies("typ-application-prefix"):  # RFC 7515 §4.1.9: the prefix may be kept
        header["typ"] = "application/secevent+jwt"
    if config.fault("set-unknown-kid"):
        header["kid"] = "ssf-reference-unpublished-key"
    key = keys.rogue_key() if config.fault("set-bad-signature") else keys.current
    return functools.partial(_sign, key=key, header=header)


def _sign(claims: dict, *, key, header: dict) -> str:
    return sign_set(claims, key, header)


def sign(config: TransmitterConfig, keys: KeyStore, claims: dict) -> str:
    return signer(config, keys)(claims)


def resign_with_new_jti(config: TransmitterConfig, keys: KeyStore, token: str) -> str:
    """Fault retry-new-jti: the same event, signed again under a fresh jti."""
    import uuid
    from harness.jose import decode_set
    claims = dict(decode_set(token).claims)
    claims["jti"] = uuid.uuid4().hex
    return sign(config, keys, claims)
