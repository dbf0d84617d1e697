"""Observers of SET-format, event-payload and verification faults: each returns True when the
defect is visible from outside (see test_faults.py)."""
from __future__ import annotations

import time

from harness.jose import SETVerifyError, verify_set
from tests.reference.transmitter.fault_probes import (
    COMPROMISE, metadata, one_set, poll_stream, verification,
)
from tests.reference.transmitter.support import (
    ALICE, CREDENTIAL_CHANGE, RISC, SESSION_REVOKED, SSF,
)


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


def min_verification_overenforced(tx, rx):
    """Advertises 1 s, yet the second request gets 429 with a Retry-After well beyond it."""
    stream = tx.create()
    body = {"stream_id": stream["stream_id"]}
    answers = [tx.call("POST", "/ssf/verify", json=body) for _ in range(2)]
    return (stream.get("min_verification_interval") == 1 and answers[1].status_code == 429
            and int(answers[1].headers["Retry-After"]) > 1)


def _payload(decoded, uri=SESSION_REVOKED):
    return decoded.claims["events"][uri]


OBSERVE = {
    "set-wrong-typ": lambda tx, rx: one_set(tx).header.get("typ") != "secevent+jwt",
    "set-unknown-kid": lambda tx, rx: one_set(tx).header.get("kid") not in {
        k.get("kid") for k in tx.call("GET", "/ssf/jwks", token=None).json()["keys"]},
    "set-sub-claim": lambda tx, rx: "sub" in one_set(tx).claims,
    "set-exp-claim": lambda tx, rx: "exp" in one_set(tx).claims,
    "set-two-events": lambda tx, rx: len(one_set(tx).claims["events"]) != 1,
    "set-iss-mismatch": lambda tx, rx: one_set(tx).claims["iss"] != metadata(tx)["issuer"],
    "set-no-aud": lambda tx, rx: "aud" not in one_set(tx).claims,
    "set-iat-future": lambda tx, rx: one_set(tx).claims["iat"] > time.time() + 300,
    "set-repeated-jti": repeated_jti,
    "set-event-timestamp-ms": lambda tx, rx: _payload(one_set(tx))["event_timestamp"] > 1e11,
    "set-bad-signature": bad_signature,
    "set-no-sub-id": lambda tx, rx: "sub_id" not in one_set(tx).claims,
    "set-subject-type": lambda tx, rx: "subject_type" in one_set(tx).claims["sub_id"],
    "set-event-payload-string": lambda tx, rx: isinstance(_payload(one_set(tx)), str),
    "set-alg-es256": lambda tx, rx: one_set(tx).header["alg"] != "RS256",
    "event-subject-as-account": lambda tx, rx: one_set(tx).claims["sub_id"] != ALICE,
    "identifier-event-opaque-subject": lambda tx, rx: one_set(tx, "identifier-changed").claims[
        "sub_id"]["format"] not in ("email", "phone_number"),
    "interop-no-reason-admin": lambda tx, rx: "reason_admin" not in _payload(one_set(tx)),
    "deprecated-sessions-revoked-offered": lambda tx, rx: RISC + "sessions-revoked" in tx.create()[
        "events_supported"],
    "risc-missing-required-member": lambda tx, rx: "credential_type" not in _payload(
        one_set(tx, "credential-compromise"), COMPROMISE),
    "credential-change-no-credential-type": lambda tx, rx: "credential_type" not in _payload(
        one_set(tx, "credential-change"), CREDENTIAL_CHANGE),
    "verification-no-state": lambda tx, rx: "state" not in verification(tx)[1]["events"][
        SSF + "verification"],
    "verification-wrong-sub-id": lambda tx, rx: (lambda s, c: c["sub_id"] != {
        "format": "opaque", "id": s["stream_id"]})(*verification(tx)),
    "verification-returns-202": lambda tx, rx: tx.call(
        "POST", "/ssf/verify", json={"stream_id": tx.create()["stream_id"]}).status_code != 204,
    "min-verification-overenforced": min_verification_overenforced,
}

# Faults whose observation needs a non-default transmitter configuration.
CONFIG = {"set-alg-es256": {"signing_alg": "RS256"}}
