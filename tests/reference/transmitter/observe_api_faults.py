"""Observers of management-API faults (metadata, streams, status, subjects, authorization,
error bodies): each returns True when the defect is visible from outside (see test_faults.py)."""
from __future__ import annotations

import re

from harness.jose import decode_set
from harness.ssf.constants import POLL, PUSH
from tests.reference.transmitter.fault_probes import metadata, poll_stream, set_status, sets_of
from tests.reference.transmitter.support import (
    ADMIN, ALICE, BOB, SESSION_REVOKED, SSF, TOKEN_A, TOKEN_B, TOKEN_RO,
)

PUSH_URL = "https://rx.example/push"
UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")
WELL_KNOWN = "/.well-known/ssf-configuration/ssf"


def _read(tx, stream_id):
    return tx.call("GET", "/ssf/stream", params={"stream_id": stream_id})


def patch_ignored(tx, rx):
    stream = tx.create(description="old")
    tx.call("PATCH", "/ssf/stream", json={"stream_id": stream["stream_id"], "description": "new"})
    return _read(tx, stream["stream_id"]).json()["description"] == "old"


def put_merges(tx, rx):
    stream = tx.create(description="old")
    tx.call("PUT", "/ssf/stream", json={"stream_id": stream["stream_id"]})
    return "description" in _read(tx, stream["stream_id"]).json()


def delete_leaves_readable(tx, rx):
    sid = tx.create()["stream_id"]
    tx.call("DELETE", "/ssf/stream", params={"stream_id": sid})
    return _read(tx, sid).status_code == 200


def delete_with_body(tx, rx):
    resp = tx.call("DELETE", "/ssf/stream", params={"stream_id": tx.create()["stream_id"]})
    return resp.status_code != 204 or resp.content != b""


def aud_updatable(tx, rx):
    stream = tx.create()
    resp = tx.call("PATCH", "/ssf/stream", json={"stream_id": stream["stream_id"], "aud": "x"})
    return resp.status_code == 200 and resp.json()["aud"] == "x"


def fabricated_accepted(tx, rx):
    stream = tx.create(events_requested=[SESSION_REVOKED])
    return tx.call("PATCH", "/ssf/stream", json={"stream_id": stream["stream_id"],
                                                 "events_delivered": ["urn:x"]}).status_code == 200


def status_ignored(tx, rx):
    stream = tx.create()
    set_status(tx, stream, "paused")
    status = tx.call("GET", "/ssf/status", params={"stream_id": stream["stream_id"]}).json()
    return status["status"] == "enabled"


def stream_updated_missing(tx, rx):
    stream = tx.create()
    tx.call("POST", f"/ssf/admin/streams/{stream['stream_id']}/status", ADMIN,
            json={"status": "paused"})
    return not any(decode_set(t).claims["events"].get(SSF + "stream-updated")
                   for t in sets_of(tx, stream).values())


def _subject_call(tx, action, subject, stream=None):
    stream = stream or tx.create()
    return tx.call("POST", f"/ssf/subjects/{action}", json={"stream_id": stream["stream_id"],
                                                           "subject": subject})


def subjects_ignored(tx, rx):
    stream = poll_stream(tx)
    _subject_call(tx, "remove", ALICE, stream)
    tx.trigger("session-revoked")
    return bool(sets_of(tx, stream))


def removal_by_format(tx, rx):
    """Removing BOB must not stop events about ALICE (another email subject)."""
    stream = poll_stream(tx)
    _subject_call(tx, "remove", BOB, stream)
    tx.trigger("session-revoked", {"subject": ALICE})
    return not sets_of(tx, stream)


def paused_drops(tx, rx):
    stream = poll_stream(tx)
    set_status(tx, stream, "paused")
    tx.trigger("session-revoked")
    set_status(tx, stream, "enabled")
    return not sets_of(tx, stream)


def paused_delivers(tx, rx):
    """Poll: the SET is offered while paused. Push: it was pushed before the trigger answered
    (the fault's inline path), so no wait is needed to see it, nor to see its absence."""
    stream = poll_stream(tx)
    set_status(tx, stream, "paused")
    set_status(tx, tx.push_stream(rx), "paused")
    tx.trigger("session-revoked")
    polled, pushed_now = bool(sets_of(tx, stream)), bool(rx.pushes)
    assert polled == pushed_now, "poll and push disagree"
    return polled


def disabled_delivers(tx, rx):
    stream = poll_stream(tx)
    set_status(tx, stream, "disabled")
    tx.trigger("session-revoked")
    return bool(sets_of(tx, stream))


def _media(resp) -> str:
    return resp.headers.get("content-type", "").split(";")[0].strip()


def _push_create(tx):
    return tx.create(delivery={"method": PUSH, "endpoint_url": PUSH_URL})


METADATA = {
    "metadata-no-jwks-uri": lambda tx, rx: "jwks_uri" not in metadata(tx),
    "metadata-no-spec-version": lambda tx, rx: "spec_version" not in metadata(tx),
    "metadata-issuer-mismatch": lambda tx, rx: metadata(tx)["issuer"] != tx.config.issuer,
    "metadata-html-page": lambda tx, rx: _media(tx.call("GET", WELL_KNOWN, None)) == "text/html",
    "metadata-wrong-content-type": lambda tx, rx: _media(tx.call("GET", WELL_KNOWN, None))
    == "text/plain",
    "metadata-issuer-query": lambda tx, rx: "?" in metadata(tx)["issuer"],
    "metadata-http-endpoint": lambda tx, rx: metadata(tx)["remove_subject_endpoint"].startswith(
        "http://"),
    "metadata-bad-authorization-scheme": lambda tx, rx: not all(
        isinstance(s, dict) for s in metadata(tx)["authorization_schemes"]),
    "metadata-no-oauth-scheme": lambda tx, rx: {"spec_urn": "urn:ietf:rfc:6749"} not in metadata(
        tx)["authorization_schemes"],
    "metadata-bad-default-subjects": lambda tx, rx: metadata(tx)["default_subjects"] not in (
        "ALL", "NONE"),
    "metadata-empty-array": lambda tx, rx: [] in metadata(tx).values(),
    "metadata-no-delivery-methods": lambda tx, rx: "delivery_methods_supported" not in metadata(
        tx),
    "metadata-no-status-endpoint": lambda tx, rx: "status_endpoint" not in metadata(tx),
    "jwks-empty": lambda tx, rx: tx.call("GET", "/ssf/jwks", None).json()["keys"] == [],
}

def second_create_replaces_first(tx, rx) -> bool:
    first = tx.create()["stream_id"]
    tx.create()
    return _read(tx, first).status_code == 404


STREAMS = {
    "create-returns-200": lambda tx, rx: tx.call("POST", "/ssf/stream", json={}).status_code
    != 201,
    "unknown-stream-returns-200": lambda tx, rx: _read(tx, "nope").status_code == 200,
    "patch-ignored": patch_ignored,
    "put-merges": put_merges,
    "delete-leaves-readable": delete_leaves_readable,
    "delete-returns-200-with-body": delete_with_body,
    "list-not-array": lambda tx, rx: not isinstance(tx.call("GET", "/ssf/stream").json(), list),
    "events-delivered-not-subset": lambda tx, rx: not set(tx.create(events_requested=[
        SESSION_REVOKED])["events_delivered"]) <= {SESSION_REVOKED},
    "aud-updatable": aud_updatable,
    "create-omits-events-delivered": lambda tx, rx: "events_delivered" not in tx.create(),
    "stream-id-urn": lambda tx, rx: not UNRESERVED.fullmatch(tx.create()["stream_id"]),
    "stream-aud-null": lambda tx, rx: tx.create()["aud"] is None,
    "stream-iss-origin-only": lambda tx, rx: tx.create()["iss"] != metadata(tx)["issuer"],
    "delivery-method-short-name": lambda tx, rx: tx.create()["delivery"]["method"] != POLL,
    "push-endpoint-rewritten": lambda tx, rx: _push_create(tx)["delivery"]["endpoint_url"]
    != PUSH_URL,
    "description-dropped": lambda tx, rx: "description" not in tx.create(description="d"),
    "default-poll-no-endpoint": lambda tx, rx: "endpoint_url" not in tx.create()["delivery"],
    "poll-endpoint-shared": lambda tx, rx: len({tx.create()["delivery"]["endpoint_url"]
                                                for _ in range(2)}) == 1,
    "second-create-same-id": lambda tx, rx: len({tx.create()["stream_id"] for _ in range(2)})
    == 1,
    "second-create-replaces-first": second_create_replaces_first,
    "create-always-400": lambda tx, rx: tx.call("POST", "/ssf/stream", json={}).status_code
    == 400,
    "read-ignores-stream-id": lambda tx, rx: isinstance(_read(tx, tx.create()["stream_id"])
                                                        .json(), list),
    "fabricated-events-delivered-accepted": fabricated_accepted,
}

STATUS_AND_SUBJECTS = {
    "status-update-ignored": status_ignored,
    "status-invalid-accepted": lambda tx, rx: set_status(tx, tx.create(), "sleeping")
    .status_code == 200,
    "status-read-no-stream-id": lambda tx, rx: "stream_id" not in tx.call(
        "GET", "/ssf/status", params={"stream_id": tx.create()["stream_id"]}).json(),
    "stream-updated-not-sent": stream_updated_missing,
    "paused-drops-events": paused_drops,
    "paused-still-delivers": paused_delivers,
    "disabled-still-delivers": disabled_delivers,
    "subjects-ignored": subjects_ignored,
    "add-subject-returns-204": lambda tx, rx: _subject_call(tx, "add", ALICE).status_code != 200,
    "remove-subject-returns-200": lambda tx, rx: _subject_call(tx, "remove", ALICE).status_code
    != 204,
    "subject-removal-by-format": removal_by_format,
}

AUTH_AND_ERRORS = {
    "token-in-query-accepted": lambda tx, rx: tx.call(
        "GET", "/ssf/stream", None, params={"access_token": TOKEN_A}).status_code == 200,
    "no-token-required": lambda tx, rx: tx.call("GET", "/ssf/stream", None).status_code == 200,
    "cross-receiver-visible": lambda tx, rx: tx.call(
        "GET", "/ssf/stream", TOKEN_B, params={"stream_id": tx.create()["stream_id"]})
    .status_code == 200,
    "read-only-scope-can-write": lambda tx, rx: tx.call(
        "POST", "/ssf/stream", TOKEN_RO, json={}).status_code in (200, 201),
    "read-only-scope-cannot-read": lambda tx, rx: tx.call("GET", "/ssf/stream", TOKEN_RO)
    .status_code != 200,
    "no-www-authenticate": lambda tx, rx: "www-authenticate" not in tx.call(
        "GET", "/ssf/stream", None).headers,
    "invalid-token-no-error": lambda tx, rx: 'error="invalid_token"' not in tx.call(
        "GET", "/ssf/stream", "not-a-valid-token").headers.get("www-authenticate", ""),
}

OBSERVE = {**METADATA, **STREAMS, **STATUS_AND_SUBJECTS, **AUTH_AND_ERRORS}

# Faults whose observation needs a non-default transmitter configuration: an https public
# origin, so that an http:// endpoint stands out.
CONFIG = {"metadata-http-endpoint": {"public_base_url": "https://ssf.example"}}

# The observers that need the recording push receiver (a second server, so only when needed).
NEEDS_RECEIVER = {"paused-still-delivers"}
