"""Checks on how a receiver under test handles the subject of an event it accepted (SSF §3.6,
CAEP §3.1) and on the certificates it accepts from its transmitter (CAEP interop profile §2.1).

Acting on an event at all is the receiver's deployment decision (SET-22, informational), so
these checks never demand an action: they fail only when the receiver did what the sentence
forbids (acted on a discarded event, revoked sessions the subject does not match, talked to a
transmitter endpoint whose certificate it cannot validate). Inputs are plain values gathered
from the receiver's observation hooks and the suite's own servers.
"""
from __future__ import annotations

from typing import Any

from harness.checks.base import Outcome, check, fail, ok


def _active(state: Any) -> Any:
    return state.get("sessions_active") if isinstance(state, dict) else None


@check("SUBID-21")
def check_critical_member_event_discarded(acted: list[str], before: Any, after: Any
                                          ) -> Outcome:
    """SSF §3.6: "An SSF Receiver MUST discard any event that contains a Subject with a
    Critical member that it is unable to process." The transmitter's metadata names `tenant`
    in critical_subject_members and the event's tenant has a format nobody defines. `acted`:
    the response-action names the receiver logged for that SET (its action log, read through
    the profile's layout); `before`/`after`: the subject's security state around it (the
    suite's field names; None when the profile shows no state). Whatever the receiver answered
    (the HTTP status is not specified), it must not act on the event."""
    changed = None
    if isinstance(before, dict) and isinstance(after, dict):
        changed = {k: {"before": before.get(k), "after": after.get(k)}
                   for k in before if after.get(k) != before.get(k)} or None
    if acted or changed:
        return fail("an event whose critical subject member the receiver cannot process is "
                    "discarded, not acted on", "no response action, no state change",
                    {"actions": list(acted), "state_changes": changed})
    return ok("the event with an unprocessable critical member was not acted on")


@check("CAEP-SR-04")
def check_complex_revocation_kept_unmatched_sessions(before: Any, after: Any) -> Outcome:
    """CAEP §3.1: "When a Complex Claim is used as the subject, the revocation event applies to
    any session derived from matching those combined claims." The session-revoked SET names
    the subject's user together with a device none of its sessions is on, so no session
    matches the combined claims: the subject's active sessions (`sessions_active` of its
    security state, read before and after the event was processed) must all survive.
    Revoking nothing at all is fine (acting is the receiver's decision, SET-22)."""
    was, now = _active(before), _active(after)
    if not isinstance(was, int) or not isinstance(now, int):
        return fail("the subject's active sessions can be read before and after the event",
                    "sessions_active before and after", {"before": was, "after": now})
    if now < was:
        return fail("a session-revoked about a user on one device revokes only the sessions "
                    "matching both, keeping the user's sessions elsewhere",
                    f"{was} active session(s) kept", f"{now} active after the event")
    return ok(f"the {was} session(s) on other devices stayed active")


@check("INTEROP-TLS-02")
def check_untrusted_transmitter_endpoint_refused(reached: int, endpoint: str) -> Outcome:
    """CAEP interop profile §2.1: "The SSF receiver MUST perform a TLS server certificate
    signature checks, chain of trust validations, expiry and revocation status checks before
    calling the SSF transmitter APIs". The suite's transmitter handed the receiver a poll endpoint
    (`endpoint`) presenting a certificate from a CA nobody trusts; `reached` counts the
    requests that arrived there within the quiet window (a request arrives only after the
    receiver completed the TLS handshake): none may."""
    if reached:
        return fail("the receiver does not call a transmitter endpoint whose certificate it "
                    "cannot validate", 0, f"{reached} request(s) reached {endpoint}")
    return ok(f"nothing reached {endpoint}")
