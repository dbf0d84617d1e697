"""Observers of poll (RFC 8936) and push (RFC 8935) faults: each returns True when the defect
is visible from outside (see test_faults.py)."""
from __future__ import annotations

import time

from tests.reference.transmitter.fault_probes import (
    AnyMethodReceiver, poll_stream, pushed, sets_of,
)


def acked_redelivered(tx, rx):
    stream = poll_stream(tx)
    tx.trigger("session-revoked")
    jtis = list(sets_of(tx, stream))
    return bool(sets_of(tx, stream, ack=jtis))


def unacked_dropped(tx, rx):
    """Polled but not acknowledged: a correct transmitter returns it again."""
    stream = poll_stream(tx)
    tx.trigger("session-revoked")
    first = list(sets_of(tx, stream))
    return bool(first) and not set(first) & set(sets_of(tx, stream))


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


def long_poll_empty(tx, rx):
    """A SET is waiting, yet a long poll (no returnImmediately) answers empty."""
    stream = poll_stream(tx)
    tx.trigger("session-revoked")
    return tx.poll(stream).json()["sets"] == {}


def more_available_string(tx, rx):
    stream = poll_stream(tx)
    return not isinstance(tx.poll(stream, returnImmediately=True).json()["moreAvailable"], bool)


def set_errs_rejected(tx, rx):
    stream = poll_stream(tx)
    tx.trigger("session-revoked")
    (jti,) = sets_of(tx, stream)
    return tx.poll(stream, returnImmediately=True,
                   setErrs={jti: {"err": "invalid_request"}}).status_code == 400


def retry_new_jti(tx, rx):
    """Answered 503 once: the retransmission carries another jti than the refused push."""
    rx.script = [(503, {}, b"")]
    tx.push_stream(rx)
    tx.trigger("session-revoked")
    first, retry = rx.wait_for(2)[:2]
    return first.claims["jti"] != retry.claims["jti"]


OBSERVE = {
    "acked-set-redelivered": acked_redelivered,
    "unacked-set-dropped": unacked_dropped,
    "more-available-wrong": more_available_wrong,
    "return-immediately-ignored": return_immediately_ignored,
    "poll-max-events-ignored": max_events_ignored,
    "long-poll-returns-empty": long_poll_empty,
    "poll-more-available-string": more_available_string,
    "set-errs-rejected": set_errs_rejected,
    "auth-header-not-sent": lambda tx, rx: "authorization" not in pushed(
        tx, rx, authorization_header="Bearer x").headers,
    "push-wrong-content-type": lambda tx, rx: pushed(tx, rx).headers["content-type"]
    != "application/secevent+jwt",
    "retry-new-jti": retry_new_jti,
    "push-method-put": lambda tx, rx: AnyMethodReceiver().first_method(tx) != "POST",
    "push-no-accept": lambda tx, rx: "accept" not in pushed(tx, rx).headers,
    "push-body-folded": lambda tx, rx: any(c.isspace() for c in pushed(tx, rx).body),
}

# The observers that need the recording push receiver (a second server, so only when needed).
NEEDS_RECEIVER = {"auth-header-not-sent", "push-wrong-content-type", "retry-new-jti",
                  "push-no-accept", "push-body-folded"}
