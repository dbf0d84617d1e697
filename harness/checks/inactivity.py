"""Checks on the stream inactivity timeout (SSF section 8.1.1 `inactivity_timeout`): activity
restarts it, and a stream the transmitter pauses or disables for inactivity is announced."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, fail, json_body, ok
from harness.ssf.events import STREAM_UPDATED


def _updated_status(claims: dict) -> object:
    payload = (claims.get("events") or {}).get(STREAM_UPDATED.uri)
    return payload.get("status") if isinstance(payload, dict) else None


@check("SSF-STREAM-16", "POLL-21", per_call=True)
def check_activity_keeps_stream_enabled(updates: list[dict], timeout: float,
                                        active_for: float) -> Outcome:
    """SSF §8.1.1 inactivity_timeout: "If the Transmitter observes any of these activities
    from the Receiver, it MUST restart the inactivity timeout counter": for push streams a
    management call referencing the stream (SSF-STREAM-16), for poll streams also a poll
    (POLL-21). The suite was active at intervals shorter than `timeout` for `active_for`
    seconds (longer than `timeout`); `updates` are the claims of the stream-updated SETs the
    stream delivered meanwhile: none may pause or disable it."""
    stopped = [_updated_status(c) for c in updates if _updated_status(c) != "enabled"]
    if stopped:
        return fail(f"activity every < {timeout:g}s restarts the inactivity timer: the stream "
                    f"stays enabled for {active_for:.0f}s", "no stream-updated", stopped)
    return ok()


@check("SSF-STREAM-17")
def check_inactivity_announced(update: dict | None, status: Response) -> Outcome:
    """SSF §8.1.1 inactivity_timeout: "If the Transmitter decides to pause or disable the
    stream, it MUST send a Stream Updated Event to the Receiver". After a quiet period longer
    than the timeout, `update` is the stream-updated SET that arrived (None: none) and
    `status` the stream's status read afterwards. Pausing or disabling is a MAY (so is
    deleting, and doing nothing); what must not happen is a stream that stopped silently, or
    an announcement that does not match what the stream then is."""
    body = json_body(status)
    now = body.get("status") if status.status == 200 and isinstance(body, dict) else None
    if update is None:
        if now in ("paused", "disabled"):
            return fail("a stream paused or disabled for inactivity is announced by "
                        "stream-updated", "a stream-updated SET", f"none; the status is {now}",
                        status.evidence)
        return ok(f"no change announced; the stream status reads {now or status.status}",
                  status.evidence)
    announced = _updated_status(update)
    if announced not in ("paused", "disabled") or (now is not None and now != announced):
        return fail("the stream-updated SET announces the status the stream then has", now,
                    announced, status.evidence)
    return ok(f"announced: {announced}", status.evidence)
