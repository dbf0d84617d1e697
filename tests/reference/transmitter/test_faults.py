"""Every fault switch is a real, observable defect: each `observe_*` returns True when the
defect is visible from outside. It must be True with the fault and False without it."""
from __future__ import annotations

import time

import pytest

from harness.jose import SETVerifyError, decode_set, verify_set
from harness.reference.transmitter.faults import FAULTS
from tests.reference.transmitter.support import (
    ADMIN, ALICE, CREDENTIAL_CHANGE, RISC, SESSION_REVOKED, SSF, TOKEN_A, TOKEN_B, TOKEN_RO,
)

COMPROMISE = RISC + "credential-compromise"


def poll_stream(tx, events=(SESSION_REVOKED, CREDENTIAL_CHANGE, COMPROMISE)):
    return tx.create(events_requested=list(events))


def sets_of(tx, stream, **body) -> dict:
    return tx.poll(stream, returnImmediately=True, **body).json()["sets"]


def one_set(tx, action="session-revoked", body=None):
    stream = poll_stream(tx)
    tx.trigger(action, body or {"subject": ALICE})
    (token,) = sets_of(tx, stream).values()
    return decode_set(token)


def metadata(tx) -> dict:
    return tx.call("GET", "/.well-known/ssf-configuration/ssf", token=None).json()


def verification(tx, state="s-1"):
    stream = tx.create()
    tx.call("POST", "/ssf/verify", json={"stream_id": stream["stream_id"], "state": state})
    (token,) = sets_of(tx, stream).values()
    return stream, decode_set(token).claims


def set_status(tx, stream, status):
    return tx.call("POST", "/ssf/status", json={"stream_id": stream["stream_id"],
                                                "status": status})


def bad_signature(tx, rx):
    token = one_set(tx).token
    try:
        verify_set(token, tx.call("GET", "/ssf/jwks", token=None).json())
    except SETVerifyError:
        return True
    return False


def repeated_jti(tx, rx):
    poll_stream(tx)
    tx.trigger("session-revoked")
    tx.trigger("credential-change")
    return len({r["jti"] for r in tx.history()}) < 2


def patch_ignored(tx, rx):
    stream = tx.create(description="old")
    tx.call("PATCH", "/ssf/stream", json={"stream_id": stream["stream_id"], "description": "new"})
    got = tx.call("GET", "/ssf/stream", params={"stream_id": stream["stream_id"]}).json()
    return got["description"] == "old"


def put_merges(tx, rx):
    stream = tx.create(description="old")
    tx.call("PUT", "/ssf/stream", json={"stream_id": stream["stream_id"]})
    got = tx.call("GET", "/ssf/stream", params={"stream_id": stream["stream_id"]}).json()
    return "description" in got


def delete_leaves_readable(tx, rx):
    sid = tx.create()["stream_id"]
    tx.call("DELETE", "/ssf/stream", params={"stream_id": sid})
    return tx.call("GET", "/ssf/stream", params={"stream_id": sid}).status_code == 200


def delete_with_body(tx, rx):
    resp = tx.call("DELETE", "/ssf/stream", params={"stream_id": tx.create()["stream_id"]})
    return resp.status_code != 204 or resp.content != b""


def aud_updatable(tx, rx):
    stream = tx.create()
    resp = tx.call("PATCH", "/ssf/stream", json={"stream_id": stream["stream_id"], "aud": "x"})
    return resp.status_code == 200 and resp.json()["aud"] == "x"


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


def subjects_ignored(tx, rx):
    stream = poll_stream(tx)
    tx.call("POST", "/ssf/subjects/remove", json={"stream_id": stream["stream_id"],
                                                  "subject": ALICE})
    tx.trigger("session-revoked")
    return bool(sets_of(tx, stream))


def paused_drops(tx, rx):
    stream = poll_stream(tx)
    set_status(tx, stream, "paused")
    tx.trigger("session-revoked")
    set_status(tx, stream, "enabled")
    return not sets_of(tx, stream)


def disabled_delivers(tx, rx):
    stream = poll_stream(tx)
    set_status(tx, stream, "disabled")
    tx.trigger("session-revoked")
    return bool(sets_of(tx, stream))


def acked_redelivered(tx, rx):
    stream = poll_stream(tx)
    tx.trigger("session-revoked")
    jtis = list(sets_of(tx, stream))
    return bool(sets_of(tx, stream, ack=jtis))


def more_available_wrong(tx, rx):
    stream = poll_stream(tx)
    tx.trigger("session-revoked")
    return tx.poll(stream, returnImmediately=True, maxEvents=5).json()["moreAvailable"] is True


def return_immediately_ignored(tx, rx):
    stream = poll_stream(tx)
    started = time.monotonic()
    sets_of(tx, stream)
    return time.monotonic() - started >= 0.4  # long_poll_max_wait is 0.5 s here


def max_events_ignored(tx, rx):
    stream = poll_stream(tx)
    for _ in range(3):
        tx.trigger("session-revoked")
    return len(sets_of(tx, stream, maxEvents=1)) > 1


def pushed(tx, rx, **delivery):
    tx.push_stream(rx, **delivery)
    tx.trigger("session-revoked")
    return rx.wait_for(1)[0]


def no_retry_on_503(tx, rx):
    rx.script = [(503, {}, b"")]
    tx.push_stream(rx)
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    return tx.wait_record(lambda r: r["jti"] == jti
                          and r["status"] in ("failed", "delivered"))["status"] == "failed"


OBSERVE = {
    "set-wrong-typ": lambda tx, rx: one_set(tx).header.get("typ") != "secevent+jwt",
    "set-no-kid": lambda tx, rx: "kid" not in one_set(tx).header,
    "set-sub-claim": lambda tx, rx: "sub" in one_set(tx).claims,
    "set-exp-claim": lambda tx, rx: "exp" in one_set(tx).claims,
    "set-two-events": lambda tx, rx: len(one_set(tx).claims["events"]) != 1,
    "set-iss-mismatch": lambda tx, rx: one_set(tx).claims["iss"] != metadata(tx)["issuer"],
    "set-no-aud": lambda tx, rx: "aud" not in one_set(tx).claims,
    "set-iat-future": lambda tx, rx: one_set(tx).claims["iat"] > time.time() + 300,
    "set-repeated-jti": repeated_jti,
    "set-event-timestamp-ms": lambda tx, rx: one_set(tx).claims["events"][SESSION_REVOKED]
    ["event_timestamp"] > 1e11,
    "set-bad-signature": bad_signature,
    "risc-missing-required-member": lambda tx, rx: "credential_type" not in one_set(
        tx, "credential-compromise").claims["events"][COMPROMISE],
    "credential-change-no-credential-type": lambda tx, rx: "credential_type" not in one_set(
        tx, "credential-change").claims["events"][CREDENTIAL_CHANGE],
    "verification-no-state": lambda tx, rx: "state" not in verification(tx)[1]["events"][
        SSF + "verification"],
    "verification-wrong-sub-id": lambda tx, rx: (lambda s, c: c["sub_id"] != {
        "format": "opaque", "id": s["stream_id"]})(*verification(tx)),
    "metadata-no-jwks-uri": lambda tx, rx: "jwks_uri" not in metadata(tx),
    "metadata-no-spec-version": lambda tx, rx: "spec_version" not in metadata(tx),
    "metadata-issuer-mismatch": lambda tx, rx: metadata(tx)["issuer"] != tx.config.issuer,
    "create-returns-200": lambda tx, rx: tx.call("POST", "/ssf/stream", json={}).status_code
    != 201,
    "unknown-stream-returns-200": lambda tx, rx: tx.call(
        "GET", "/ssf/stream", params={"stream_id": "nope"}).status_code == 200,
    "patch-ignored": patch_ignored,
    "put-merges": put_merges,
    "delete-leaves-readable": delete_leaves_readable,
    "delete-returns-200-with-body": delete_with_body,
    "list-not-array": lambda tx, rx: not isinstance(tx.call("GET", "/ssf/stream").json(), list),
    "events-delivered-not-subset": lambda tx, rx: not set(tx.create(events_requested=[
        SESSION_REVOKED])["events_delivered"]) <= {SESSION_REVOKED},
    "aud-updatable": aud_updatable,
    "status-update-ignored": status_ignored,
    "status-invalid-accepted": lambda tx, rx: set_status(tx, tx.create(), "sleeping")
    .status_code == 200,
    "stream-updated-not-sent": stream_updated_missing,
    "subjects-ignored": subjects_ignored,
    "paused-drops-events": paused_drops,
    "disabled-still-delivers": disabled_delivers,
    "acked-set-redelivered": acked_redelivered,
    "more-available-wrong": more_available_wrong,
    "return-immediately-ignored": return_immediately_ignored,
    "poll-max-events-ignored": max_events_ignored,
    "auth-header-not-sent": lambda tx, rx: "authorization" not in pushed(
        tx, rx, authorization_header="Bearer x").headers,
    "push-wrong-content-type": lambda tx, rx: pushed(tx, rx).headers["content-type"]
    != "application/secevent+jwt",
    "no-retry-on-503": no_retry_on_503,
    "token-in-query-accepted": lambda tx, rx: tx.call(
        "GET", "/ssf/stream", None, params={"access_token": TOKEN_A}).status_code == 200,
    "no-token-required": lambda tx, rx: tx.call("GET", "/ssf/stream", None).status_code == 200,
    "cross-receiver-visible": lambda tx, rx: tx.call(
        "GET", "/ssf/stream", TOKEN_B, params={"stream_id": tx.create()["stream_id"]})
    .status_code == 200,
    "read-only-scope-can-write": lambda tx, rx: tx.call(
        "POST", "/ssf/stream", TOKEN_RO, json={}).status_code in (200, 201),
}


def test_every_fault_is_registered_with_a_check():
    assert set(OBSERVE) == set(FAULTS) and len(FAULTS) >= 35
    assert all(f.role == "transmitter" and f.description for f in FAULTS.values())


@pytest.mark.parametrize("faulty", [True, False], ids=["with-fault", "without"])
@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_changes_observable_behaviour(make_tx, receiver, name, faulty):
    tx = make_tx(faults=frozenset({name}) if faulty else frozenset(), long_poll_max_wait=0.5)
    assert OBSERVE[name](tx, receiver) is faulty


def test_unknown_fault_names_are_refused(tmp_path):
    from harness.reference.transmitter import TransmitterConfig
    with pytest.raises(ValueError, match="unknown transmitter fault"):
        TransmitterConfig(public_base_url="https://x", db_path=tmp_path / "db",
                          faults=frozenset({"no-such-fault"}))
