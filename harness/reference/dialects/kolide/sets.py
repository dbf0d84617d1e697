"""SETs of the Kolide emulator: claims per the stream's spec version, signed with the emulator's
key (harness.jose via the reference transmitter's KeyStore), and RFC 8935 push delivery.

- v1.0 ("the standard format (sub_id at the top level)"): SSF 1.0 §4 claims iss, aud, iat, jti,
  txn, top-level `sub_id` and exactly one event;
- draft ("compatibility with older receivers"): no top-level sub_id, the subject inside the
  event as `subject` (the pre-1.0 drafts' place for it).
`aud` is the stream's aud (its push URL) or, for a poll stream without one, its stream_id.
"""
from __future__ import annotations

import time
import uuid

import httpx

from harness.hardening import refused_by_policy
from harness.jose import sign_set
from harness.reference.dialects.kolide.store import Stream
from harness.reference.transmitter.keystore import KeyStore
from harness.ssf.constants import SET_MEDIA_TYPE

_MAX_ERROR_TEXT = 200


def build_claims(stream: Stream, *, issuer: str, event_uri: str, payload: dict, email: str,
                 draft_shape: bool) -> dict:
    subject = {"format": "email", "email": email}
    claims: dict = {"iss": issuer, "aud": stream.url or stream.stream_id,
                    "iat": int(time.time()), "jti": uuid.uuid4().hex, "txn": uuid.uuid4().hex}
    if draft_shape:
        claims["events"] = {event_uri: {"subject": subject, **payload}}
    else:
        claims["sub_id"] = subject
        claims["events"] = {event_uri: dict(payload)}
    return claims


def sign(keys: KeyStore, claims: dict) -> str:
    return sign_set(claims, keys.current)


async def push(client: httpx.AsyncClient, url: str, token: str) -> tuple[bool, str | None, str]:
    """POST the SET (RFC 8935 §2): (delivered, the receiver's status code or None when no
    answer came, a short description for the log of the stream's events)."""
    try:
        response = await client.post(url, content=token.encode("ascii"),
                                     headers={"Content-Type": SET_MEDIA_TYPE,
                                              "Accept": "application/json"})
    except httpx.HTTPError as exc:
        reason = refused_by_policy(exc) or type(exc).__name__
        return False, None, reason[:_MAX_ERROR_TEXT]
    code = str(response.status_code)
    return 200 <= response.status_code < 300, code, f"HTTP {code}"
