"""Checks on a transmitter's poll endpoint (RFC 8936, SSF section 6.1.2)."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, expect_status, fail, json_body, ok


def poll_sets(resp: Response) -> dict:
    body = json_body(resp)
    sets = body.get("sets") if isinstance(body, dict) else None
    return sets if isinstance(sets, dict) else {}


@check("POLL-02")
def check_poll_response_shape(resp: Response) -> Outcome:
    body = json_body(resp)
    if resp.status != 200 or resp.media_type != "application/json" or not isinstance(body, dict):
        return fail("poll answers 200 application/json with an object", "200 JSON object",
                    f"{resp.status} {resp.media_type}", resp.evidence)
    sets = body.get("sets")
    if not isinstance(sets, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.count(".") == 2
            for k, v in sets.items()):
        return fail("sets maps jti → compact SET", "{jti: 'a.b.c'}", sets, resp.evidence)
    more = body.get("moreAvailable", False)
    if not isinstance(more, bool):
        return fail("moreAvailable is a boolean", "bool", more, resp.evidence)
    return ok(evidence=resp.evidence)


@check("POLL-04")
def check_max_events_respected(resp: Response, max_events: int) -> Outcome:
    n = len(poll_sets(resp))
    if n > max_events:
        return fail("no more SETs than maxEvents", f"<= {max_events}", n, resp.evidence)
    return ok(evidence=resp.evidence)


@check("POLL-03")
def check_more_available(resp: Response, expected: bool) -> Outcome:
    body = json_body(resp)
    got = body.get("moreAvailable", False) if isinstance(body, dict) else None
    if got is not expected:
        return fail("moreAvailable tells whether more SETs are waiting", expected, got,
                    resp.evidence)
    return ok(evidence=resp.evidence)


@check("POLL-07")
def check_return_immediately(elapsed_seconds: float, limit_seconds: float,
                             resp: Response) -> Outcome:
    """RFC 8936 §2.2: returnImmediately true means the transmitter "SHOULD return an immediate
    response even if no results are available"."""
    if elapsed_seconds > limit_seconds:
        return fail("returnImmediately:true answers at once even with nothing to send",
                    f"<= {limit_seconds:.1f}s", f"{elapsed_seconds:.2f}s", resp.evidence)
    return ok(evidence=resp.evidence)


@check("POLL-07")
def check_long_poll_returns_event(resp: Response, jti_expected_from: set[str] | None,
                                  elapsed_seconds: float, deadline_seconds: float,
                                  immediate_seconds: float = 0.0) -> Outcome:
    """RFC 8936 §2.2: without returnImmediately the request "is to be treated as an HTTP Long
    Poll" whose timeout "is part of the configuration between the participants": a poll held
    while a SET became available must return it. An empty answer given at once (within
    `immediate_seconds`) is a transmitter that does not hold polls (its timeout is zero), which
    the RFC leaves to the participants."""
    got = poll_sets(resp)
    if not got and elapsed_seconds <= immediate_seconds:
        return ok(f"answered at once ({elapsed_seconds:.2f}s) with nothing: this transmitter "
                  "does not hold polls", resp.evidence)
    if not got:
        return fail("a long poll returns the SET that arrives while it waits",
                    "one or more SETs", f"empty after {elapsed_seconds:.2f}s", resp.evidence)
    if elapsed_seconds > deadline_seconds:
        return fail("a long poll answers as soon as a SET is available",
                    f"<= {deadline_seconds:.1f}s", f"{elapsed_seconds:.2f}s", resp.evidence)
    return ok(evidence=resp.evidence)


@check("POLL-09")
def check_acked_not_returned(resp: Response, acked: set[str]) -> Outcome:
    again = sorted(set(poll_sets(resp)) & acked)
    if again:
        return fail("acknowledged SETs are never returned again", [], again, resp.evidence)
    return ok(evidence=resp.evidence)


@check("POLL-10")
def check_unacked_redelivered(resp: Response, unacked: set[str]) -> Outcome:
    missing = sorted(unacked - set(poll_sets(resp)))
    if missing:
        return fail("unacknowledged SETs are returned again on a later poll", sorted(unacked),
                    f"missing {missing}", resp.evidence)
    return ok(evidence=resp.evidence)


@check("POLL-02")
def check_set_errs_accepted(resp: Response) -> Outcome:
    """RFC 8936 §2.2/§2.4: `setErrs` is a defined member of a poll request, so a poll carrying
    one is a valid poll, answered 200 like any other (POLL-02); the errors' content is the
    receiver's business (POLL-13 is a receiver requirement)."""
    return expect_status(resp, 200, "a poll carrying setErrs is accepted")


@check("POLL-17")
def check_poll_www_authenticate(resp: Response) -> Outcome:
    """RFC 8936 §3: the poll endpoint "SHALL indicate supported HTTP authentication schemes via
    the WWW-Authenticate header field when using HTTP authentication", i.e. on its 401s.
    Whether an unauthenticated poll gets 401 at all is SSF §7.1.1's SHOULD (SSF-DISC-22),
    graded by the status check."""
    if resp.status == 401 and not (resp.header("www-authenticate") or ""):
        return fail("a 401 from the poll endpoint carries WWW-Authenticate",
                    "401 + WWW-Authenticate", f"{resp.status}, no WWW-Authenticate",
                    resp.evidence)
    return ok(evidence=resp.evidence)
