"""Checks on add/remove subject (SSF section 8.1.3) and subject matching (section 9)."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, expect_status, fail, ok


@check("SSF-SUBS-01")
def check_add_subject_ok(resp: Response) -> Outcome:
    return expect_status(resp, 200, "add subject returns 200")


@check("SSF-SUBS-05")
def check_remove_subject_204(resp: Response) -> Outcome:
    return expect_status(resp, 204, "remove subject returns 204 No Content")


@check("SSF-SUBS-07", "SSF-SUBS-11")
def check_event_for_added_subject_delivered(found: bool) -> Outcome:
    if not found:
        return fail("events about an added subject are delivered", "delivered", "not delivered")
    return ok()


@check("SSF-SUBS-09", "SSF-SUBS-11")
def check_event_for_other_subject_not_delivered(found: bool) -> Outcome:
    if found:
        return fail("events whose subject is not on the stream are not sent",
                    "not delivered", "delivered")
    return ok()


@check("SSF-SUBS-10")
def check_stream_subject_still_delivered(claims: dict | None, state: str) -> Outcome:
    """SSF §8.1.4.1 / §8.1.5 sub_id: "the subject that identifies a stream itself is always
    implicitly added to the stream and MAY NOT be removed from the stream" (read as: cannot
    be, levels.py). After the suite asked to remove {format: opaque, id: stream_id} (whatever
    the answer), a verification requested with `state` still arrives; `claims` are that SET's
    (None: nothing within the deadline)."""
    from harness.ssf.events import VERIFICATION
    payload = ((claims or {}).get("events") or {}).get(VERIFICATION.uri)
    if not isinstance(payload, dict) or payload.get("state") != state:
        return fail("the stream's own subject stays on the stream: verification still arrives",
                    state, "nothing within the deadline" if claims is None else payload)
    return ok()
