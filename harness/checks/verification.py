"""Checks on verification (SSF section 8.1.4)."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, expect_status, fail, ok
from harness.ssf.events import STREAM_UPDATED, VERIFICATION


@check("SSF-VERIFY-01")
def check_verification_request_204(resp: Response) -> Outcome:
    return expect_status(resp, 204, "verification request returns 204")


@check("SSF-VERIFY-02")
def check_verification_event_arrived(claims: dict | None) -> Outcome:
    """SSF §8.1.4.2: a verification request makes the transmitter send a verification event
    (`…/ssf/event-type/verification`, §8.1.4.1)."""
    if claims is None:
        return fail("a verification SET is delivered after the request",
                    VERIFICATION.uri, "no verification SET within the deadline")
    if VERIFICATION.uri not in (claims.get("events") or {}):
        return fail("the SET is a verification event", VERIFICATION.uri,
                    list((claims.get("events") or {}).keys()))
    return ok()


@check("SSF-VERIFY-03")
def check_verification_state_echoed(claims: dict, state: str) -> Outcome:
    got = ((claims.get("events") or {}).get(VERIFICATION.uri) or {}).get("state")
    if got != state:
        return fail("state is echoed unchanged", state, got)
    return ok()


@check("SSF-VERIFY-04", "SSF-UPD-02")
def check_sub_id_is_stream(claims: dict, stream_id: str) -> Outcome:
    """The sub_id of a stream-level event is {"format": "opaque", "id": <stream_id>}: the
    verification event's (SSF §8.1.4.1, SSF-VERIFY-04) and stream-updated's (SSF §8.1.5,
    SSF-UPD-02); a verdict names the rule of the event it looked at."""
    expected = {"format": "opaque", "id": stream_id}
    rule = ("SSF-UPD-02" if STREAM_UPDATED.uri in (claims.get("events") or {})
            else "SSF-VERIFY-04")
    if claims.get("sub_id") != expected:
        return fail("sub_id of a stream-level event is the opaque stream id", expected,
                    claims.get("sub_id"), only=rule)
    return ok(only=rule)


@check("SSF-VERIFY-08")
def check_no_429_within_interval(responses: list[Response]) -> Outcome:
    """SSF §8.1.1 min_verification_interval: "An Event Transmitter SHOULD NOT respond with a
    429 status code if an Event Receiver is not exceeding this frequency." (Answering 429 to
    requests that come faster is a MAY, so it is not graded.) `responses` are verification
    requests the suite spaced at least min_verification_interval apart."""
    refused = [r for r in responses if r.status == 429]
    if refused:
        return fail("verification requests spaced by min_verification_interval must not get 429",
                    "no 429", [r.status for r in responses],
                    tuple(e for r in refused for e in r.evidence))
    return ok(evidence=tuple(e for r in responses for e in r.evidence))


def _verification_state(claims: dict) -> object:
    payload = (claims.get("events") or {}).get(VERIFICATION.uri)
    return payload.get("state") if isinstance(payload, dict) else None


@check("SSF-VERIFY-05")
def check_unsolicited_verification_stateless(before_request: list[dict],
                                             after_request: list[dict],
                                             sent_states: list[str]) -> Outcome:
    """SSF §8.1.4.2 state: "If the Verification Event is initiated by the Transmitter then
    this parameter MUST not be set" (catalog N6: MUST NOT). `before_request` are the claims of
    the verification SETs the stream delivered before the suite's first verification request:
    the transmitter started those on its own. Of those after it (`after_request`), one whose
    state the suite never sent, while every state it sent came back in another SET, is one too
    (a wrong echo of a request is check_verification_state_echoed's)."""
    own = [c for c in before_request if _verification_state(c) is not None]
    echoed = {_verification_state(c) for c in after_request}
    if all(s in echoed for s in sent_states):
        own += [c for c in after_request
                if _verification_state(c) is not None and _verification_state(c)
                not in sent_states]
    if own:
        return fail("a verification event the transmitter starts on its own carries no state",
                    "no state", [_verification_state(c) for c in own])
    return ok()
