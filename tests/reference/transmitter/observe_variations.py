"""Observers of the transmitter's legal variations (harness/reference/transmitter/variations.py):
each returns True when the variation's behaviour is visible from outside. test_variations.py
runs each with and without its variation on an otherwise identical transmitter, so a variation
is a real change of behaviour, not a name."""
from __future__ import annotations

import time

from harness.jose import decode_set
from harness.ssf.constants import POLL, PUSH
from tests.reference.transmitter.fault_probes import (
    COMPROMISE, metadata, one_set, poll_stream, sets_of,
)
from tests.reference.transmitter.support import (
    ALICE, SECRET_A, SESSION_REVOKED, SSF, TOKEN_A, TOKEN_B,
)

EXTRA = "x_reference_extension"
VERIFICATION = SSF + "verification"


def _read(tx, stream_id: str) -> dict:
    return tx.call("GET", "/ssf/stream", params={"stream_id": stream_id}).json()


def _verify_twice(tx, rx) -> bool:
    sid = tx.create()["stream_id"]
    tx.call("POST", "/ssf/verify", json={"stream_id": sid})
    return tx.call("POST", "/ssf/verify", json={"stream_id": sid}).status_code == 429


def _no_retry_after_503(tx, rx) -> bool:
    rx.script = [(503, {}, b"")]
    tx.push_stream(rx)
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] in ("failed", "delivered"))
    return rec["status"] == "failed" and rec["attempts"] == 1


def _aud_array(tx, rx) -> bool:
    stream = poll_stream(tx, (SESSION_REVOKED,))
    tx.trigger("session-revoked", {"subject": ALICE})
    (token,) = sets_of(tx, stream).values()
    aud = decode_set(token).claims["aud"]
    return isinstance(stream["aud"], list) and len(stream["aud"]) == 2 and aud == stream["aud"]


def _set_aud_as_array(tx, rx) -> bool:
    stream = poll_stream(tx, (SESSION_REVOKED,))
    tx.trigger("session-revoked", {"subject": ALICE})
    (token,) = sets_of(tx, stream).values()
    return decode_set(token).claims["aud"] == [stream["aud"]]


def _extra_members(tx, rx) -> bool:
    decoded = one_set(tx)
    payload = next(iter(decoded.claims["events"].values()))
    return (EXTRA in metadata(tx) and EXTRA in tx.create() and EXTRA in decoded.claims
            and EXTRA in payload)


def _no_event_timestamp(tx, rx) -> bool:
    payload = one_set(tx).claims["events"][SESSION_REVOKED]
    return "event_timestamp" not in payload


def _update_202(tx, rx) -> bool:
    sid = tx.create(description="old")["stream_id"]
    patch = tx.call("PATCH", "/ssf/stream", json={"stream_id": sid, "description": "new"})
    put = tx.call("PUT", "/ssf/stream", json={"stream_id": sid, "description": "put"})
    return (patch.status_code == put.status_code == 202 and patch.content == put.content == b""
            and _read(tx, sid)["description"] == "put")


def _no_put(tx, rx) -> bool:
    sid = tx.create()["stream_id"]
    resp = tx.call("PUT", "/ssf/stream", json={"stream_id": sid})
    return resp.status_code == 405 and "PUT" not in resp.headers.get("allow", "PUT")


def _status_post(tx, status: str):
    sid = tx.create()["stream_id"]
    resp = tx.call("POST", "/ssf/status", json={"stream_id": sid, "status": status})
    now = tx.call("GET", "/ssf/status", params={"stream_id": sid}).json()["status"]
    return resp, now


def _status_read_only(tx, rx) -> bool:
    resp, now = _status_post(tx, "paused")
    return resp.status_code == 405 and now == "enabled"


def _status_202(tx, rx) -> bool:
    resp, now = _status_post(tx, "paused")
    return resp.status_code == 202 and resp.content == b"" and now == "paused"


def _no_long_poll(tx, rx) -> bool:
    stream = poll_stream(tx)
    started = time.monotonic()
    assert tx.poll(stream).status_code == 200  # a long poll: returnImmediately defaults false
    return time.monotonic() - started < 0.25  # the default holds it for long_poll_max_wait


def _one_at_a_time(tx, rx) -> bool:
    stream = poll_stream(tx)
    tx.trigger("session-revoked")
    tx.trigger("credential-change")
    body = tx.poll(stream, returnImmediately=True, maxEvents=10).json()
    return len(body["sets"]) == 1 and body["moreAvailable"] is True


def _omits_more_available(tx, rx) -> bool:
    body = tx.poll(poll_stream(tx), returnImmediately=True).json()
    return "moreAvailable" not in body


def _delivered_subset(tx, rx) -> bool:
    stream = tx.create(events_requested=[SESSION_REVOKED, COMPROMISE])
    return stream["events_delivered"] == [SESSION_REVOKED]


def _create_twice(tx, rx) -> bool:
    tx.create()
    resp = tx.call("POST", "/ssf/stream", json={})
    return resp.status_code == 429 and resp.headers.get("retry-after") == "1"


def _cross_receiver_403(tx, rx) -> bool:
    sid = tx.create(TOKEN_A)["stream_id"]
    return tx.call("GET", "/ssf/stream", TOKEN_B, params={"stream_id": sid}).status_code == 403


def _oauth_only(tx, rx) -> bool:
    grant = {"grant_type": "client_credentials", "client_id": "rx-a", "client_secret": SECRET_A}
    issued = tx.http.post(tx.base + "/ssf/token", data=grant).json()["access_token"]
    return (tx.call("GET", "/ssf/stream").status_code == 401
            and tx.call("GET", "/ssf/stream", issued).status_code == 200)


def _tx_initiated_verification(tx, rx) -> bool:
    found = sets_of(tx, poll_stream(tx)).values()
    return any(VERIFICATION in decode_set(t).claims["events"] for t in found)


OBSERVE = {
    "push-only": lambda tx, rx: metadata(tx)["delivery_methods_supported"] == [PUSH],
    "poll-only": lambda tx, rx: metadata(tx)["delivery_methods_supported"] == [POLL],
    "single-stream-409": lambda tx, rx: (tx.create() and tx.call(
        "POST", "/ssf/stream", json={}).status_code == 409),
    "default-subjects-none": lambda tx, rx: metadata(tx)["default_subjects"] == "NONE",
    "no-push-retries": _no_retry_after_503,
    "min-verification-interval": _verify_twice,
    "es256-signing": lambda tx, rx: one_set(tx).header["alg"] == "ES256",
    "aud-array": _aud_array,
    "tx-generated-aud": lambda tx, rx: tx.create()["aud"].startswith("urn:example:ssf:"),
    "set-aud-as-array": _set_aud_as_array,
    "typ-application-prefix": lambda tx, rx: one_set(tx).header["typ"] == (
        "application/secevent+jwt"),
    "extra-members": _extra_members,
    "no-event-timestamp": _no_event_timestamp,
    "update-202-no-body": _update_202,
    "no-put": _no_put,
    "status-read-only": _status_read_only,
    "status-update-202": _status_202,
    "no-long-poll": _no_long_poll,
    "poll-one-at-a-time": _one_at_a_time,
    "poll-omits-more-available": _omits_more_available,
    "events-delivered-subset": _delivered_subset,
    "no-events-supported": lambda tx, rx: "events_supported" not in tx.create(),
    "create-rate-limit": _create_twice,
    "cross-receiver-403": _cross_receiver_403,
    "stream-id-unreserved": lambda tx, rx: "~" in tx.create()["stream_id"],
    "description-truncated": lambda tx, rx: tx.create(
        description="a longer description")["description"] == "a longer",
    "inactivity-timeout": lambda tx, rx: tx.create().get("inactivity_timeout") == 3,
    "jwks-several-keys": lambda tx, rx: len(tx.call("GET", "/ssf/jwks").json()["keys"]) == 2,
    "tx-initiated-verification": _tx_initiated_verification,
    "oauth-only": _oauth_only,
    "metadata-minimal": lambda tx, rx: "authorization_schemes" not in metadata(tx),
}
# The transmitter the observer runs against, before the variation's own settings apply.
BASE = {"es256-signing": {"signing_alg": "RS256"}, "no-long-poll": {"long_poll_max_wait": 0.5}}
NEEDS_RECEIVER = {"no-push-retries"}
PROFILE_ONLY = {"default-variant", "minimal-optional-endpoints"}  # they change only what the
# profile declares, not the transmitter's behaviour
