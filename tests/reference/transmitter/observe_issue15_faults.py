"""Observers of issue 15's faults: each returns True when the defect is visible from outside
(see test_faults.py). Waits are deadline-bounded: long polls the transmitter holds, and the
transmitter's own event feed."""
from __future__ import annotations

import time

import httpx
import trustme

from harness.jose import decode_set
from harness.reference.transmitter.tls_policy import server_tls_policy
from harness.runtime.servers import RunningServer
from harness.ssf.constants import PUSH
from harness.suite.tls_probe import LEGACY, TLS13, probe
from tests.reference.transmitter.fault_probes import one_set, poll_stream, set_status, sets_of
from tests.reference.transmitter.support import (
    ADMIN, CREDENTIAL_CHANGE, SECRET_A, SESSION_REVOKED, SSF, WAIT,
)

VERIFICATION = SSF + "verification"
UPDATED = SSF + "stream-updated"


def _claims(tx, stream) -> list[dict]:
    return [decode_set(t).claims for t in sets_of(tx, stream).values()]


def _verify(tx, stream, state):
    return tx.call("POST", "/ssf/verify", json={"stream_id": stream["stream_id"],
                                                "state": state})


def unsolicited_state(tx, rx):
    stream = poll_stream(tx)  # the suite asked for nothing
    return any(c["events"].get(VERIFICATION, {}).get("state") for c in _claims(tx, stream))


def repeated_txn(tx, rx):
    stream = poll_stream(tx)
    _verify(tx, stream, "a")
    _verify(tx, stream, "b")
    return len({c.get("txn") for c in _claims(tx, stream)}) < 2


def subject_missing_member(tx, rx):
    return "email" not in one_set(tx).claims["sub_id"]


def interop_opaque_subject(tx, rx):
    return one_set(tx).claims["sub_id"]["format"] == "opaque"


def timestamp_future(tx, rx):
    payload = one_set(tx).claims["events"][SESSION_REVOKED]
    return payload["event_timestamp"] > time.time() + 3600


def alc_no_direction(tx, rx):
    payload = next(iter(one_set(tx, "assurance-level-change").claims["events"].values()))
    return "previous_level" in payload and "change_direction" not in payload


def rlc_no_reason(tx, rx):
    payload = next(iter(one_set(tx, "risk-level-change").claims["events"].values()))
    return "risk_reason" not in payload


def dcc_not_offered(tx, rx):
    dcc = SESSION_REVOKED.replace("session-revoked", "device-compliance-change")
    return dcc not in poll_stream(tx, (dcc,))["events_delivered"]


def any_issuer_path(tx, rx):
    return tx.call("GET", "/.well-known/ssf-configuration/no-such-issuer",
                   token=None).status_code == 200


def long_lived_token(tx, rx):
    resp = tx.call("POST", "/ssf/token", token=None,
                   data={"grant_type": "client_credentials", "client_id": "rx-a",
                         "client_secret": SECRET_A})
    return resp.json()["expires_in"] > 3600


def _tls_listener(tx, tmp_dir):
    """A listener with the TLS policy this transmitter's configuration gives its own."""
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1")
    cert, key = tmp_dir / "cert.pem", tmp_dir / "key.pem"
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    leaf.private_key_pem.write_to_path(str(key))
    from starlette.applications import Starlette
    return RunningServer(Starlette(), ssl_certfile=str(cert), ssl_keyfile=str(key),
                         ssl_context_hook=server_tls_policy(tx.config))


def legacy_tls(tx, rx):
    with _tls_listener(tx, tx.config.db_path.parent) as server:
        return probe(server.base_url, LEGACY, WAIT).negotiated is not None


def no_tls13(tx, rx):
    with _tls_listener(tx, tx.config.db_path.parent) as server:
        return probe(server.base_url, TLS13, WAIT).negotiated is None


def deleted_listed(tx, rx):
    sid = tx.create()["stream_id"]
    tx.call("DELETE", "/ssf/stream", params={"stream_id": sid})
    return any(s["stream_id"] == sid for s in tx.call("GET", "/ssf/stream").json())


def put_keeps_delivered(tx, rx):
    stream = poll_stream(tx, (SESSION_REVOKED, CREDENTIAL_CHANGE))
    tx.call("PUT", "/ssf/stream", json={"stream_id": stream["stream_id"],
                                        "events_requested": [SESSION_REVOKED],
                                        "delivery": stream["delivery"]})
    read = tx.call("GET", "/ssf/stream", params={"stream_id": stream["stream_id"]}).json()
    return CREDENTIAL_CHANGE in read["events_delivered"]


def reenabled_silent(tx, rx):
    stream = poll_stream(tx)
    set_status(tx, stream, "disabled")
    set_status(tx, stream, "enabled")
    _verify(tx, stream, "after")
    return not _claims(tx, stream)


def stream_subject_removed(tx, rx):
    stream = poll_stream(tx)
    tx.call("POST", "/ssf/subjects/remove", json={
        "stream_id": stream["stream_id"],
        "subject": {"format": "opaque", "id": stream["stream_id"]}})
    _verify(tx, stream, "still")
    return not _claims(tx, stream)


def no_update_on_enable(tx, rx):
    stream = poll_stream(tx)
    for status in ("paused", "enabled"):
        tx.call("POST", f"/ssf/admin/streams/{stream['stream_id']}/status", ADMIN,
                json={"status": status})
    statuses = [c["events"][UPDATED]["status"] for c in _claims(tx, stream)
                if UPDATED in c["events"]]
    return statuses == ["paused"]


def timer_not_refreshed(tx, rx):
    # Polls (each one activity) held by the transmitter for 0.3 s each, for longer than the
    # 1 s timeout (CONFIG): a refreshed timer keeps the stream enabled throughout.
    stream = poll_stream(tx)
    deadline = time.monotonic() + 1.8
    while time.monotonic() < deadline:
        tx.poll(stream, returnImmediately=False, timeout=0.3)
    status = tx.call("GET", "/ssf/status", params={"stream_id": stream["stream_id"]}).json()
    return status["status"] != "enabled"


def pause_unannounced(tx, rx):
    # Idle past the 1 s timeout (CONFIG), watching the transmitter's own event feed for the
    # stream-updated SET; the feed's read deadline ends the wait when none comes.
    stream = poll_stream(tx)
    try:
        tx.wait_record(lambda r: r["stream_id"] == stream["stream_id"] and r["event"] == UPDATED,
                       timeout=1.8)
        return False
    except (AssertionError, httpx.ReadTimeout):
        pass
    status = tx.call("GET", "/ssf/status", params={"stream_id": stream["stream_id"]}).json()
    return status["status"] == "paused"


def insecure_push(tx, rx):
    """A push endpoint presenting a certificate of a CA the transmitter does not trust."""
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1")
    folder = tx.config.db_path.parent
    cert, key = folder / "rx-cert.pem", folder / "rx-key.pem"
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    leaf.private_key_pem.write_to_path(str(key))
    with RunningServer(rx.app, ssl_certfile=str(cert), ssl_keyfile=str(key)) as server:
        stream = tx.create(events_requested=[SESSION_REVOKED],
                           delivery={"method": PUSH, "endpoint_url": server.base_url + "/push"})
        tx.trigger("session-revoked")
        done = tx.wait_record(lambda r: r.get("stream_id") == stream["stream_id"]
                              and r.get("status") in ("delivered", "failed"))
    return done["status"] == "delivered"


OBSERVE = {
    "unsolicited-verification-with-state": unsolicited_state,
    "set-repeated-txn": repeated_txn,
    "event-subject-missing-member": subject_missing_member,
    "interop-event-opaque-subject": interop_opaque_subject,
    "set-event-timestamp-future": timestamp_future,
    "alc-no-change-direction": alc_no_direction,
    "rlc-no-risk-reason": rlc_no_reason,
    "metadata-any-issuer-path": any_issuer_path,
    "interop-dcc-not-offered": dcc_not_offered,
    "token-long-lived": long_lived_token,
    "tls-legacy-accepted": legacy_tls,
    "tls13-unsupported": no_tls13,
    "delete-leaves-listed": deleted_listed,
    "put-keeps-events-delivered": put_keeps_delivered,
    "reenabled-stream-silent": reenabled_silent,
    "stream-subject-removable": stream_subject_removed,
    "stream-updated-not-sent-on-enable": no_update_on_enable,
    "inactivity-timer-not-refreshed": timer_not_refreshed,
    "inactivity-pause-unannounced": pause_unannounced,
    "push-skips-certificate-check": insecure_push,
}
CONFIG = {"inactivity-timer-not-refreshed": {"inactivity_timeout": 1},
          "inactivity-pause-unannounced": {"inactivity_timeout": 1}}
NEEDS_RECEIVER = {"push-skips-certificate-check"}
