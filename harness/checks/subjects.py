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
