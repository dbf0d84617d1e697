"""Checks on stream status (SSF section 8.1.2) and delivery while paused/disabled."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, fail, json_body, ok
from harness.ssf.constants import STATUS_VALUES


@check("SSF-STATUS-02", "SSF-STATUS-03")
def check_status_read(resp: Response, stream_id: str) -> Outcome:
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict):
        return fail("GET status returns 200 with a JSON object", 200, resp.status, resp.evidence)
    if body.get("stream_id") != stream_id or body.get("status") not in STATUS_VALUES:
        return fail("status object has the stream_id and a valid status",
                    {"stream_id": stream_id, "status": list(STATUS_VALUES)},
                    {k: body.get(k) for k in ("stream_id", "status")}, resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-STATUS-08", "INTEROP-TX-05")
def check_status_updated(update: Response, read_back: Response, wanted: str) -> Outcome:
    body = json_body(update)
    if update.status not in (200, 202) or (update.status == 200 and (
            not isinstance(body, dict) or body.get("status") != wanted)):
        return fail(f"POST status {wanted} returns 200 with the new status", wanted,
                    f"{update.status} {body}", update.evidence)
    after = json_body(read_back)
    if not isinstance(after, dict) or after.get("status") != wanted:
        return fail("a later GET shows the updated status", wanted,
                    after.get("status") if isinstance(after, dict) else after,
                    update.evidence + read_back.evidence)
    return ok(evidence=update.evidence + read_back.evidence)


@check("SSF-STATUS-12")
def check_nothing_delivered_while_paused(delivered_jtis: list[str]) -> Outcome:
    if delivered_jtis:
        return fail("no SET may be transmitted while the stream is paused", [], delivered_jtis)
    return ok()


@check("SSF-STATUS-13", "SSF-STATUS-14")
def check_held_events_delivered_in_order(expected_order: list[str],
                                         received_order: list[str]) -> Outcome:
    got = [j for j in received_order if j in expected_order]
    if got != expected_order:
        return fail("events held while paused are delivered after re-enable, in order",
                    expected_order, got)
    return ok()


@check("SSF-STATUS-15")
def check_disabled_events_never_delivered(dropped_marker: str, received: list[str]) -> Outcome:
    if dropped_marker in received:
        return fail("events produced while disabled must never be delivered",
                    f"{dropped_marker} never delivered", "delivered after re-enable")
    return ok()


@check("SSF-STATUS-16", "SSF-UPD-01")
def check_stream_updated_received(decoded, status: str) -> Outcome:
    """`decoded` is the stream-updated SET received after a transmitter-initiated change."""
    from harness.ssf.events import STREAM_UPDATED
    if decoded is None:
        return fail("a transmitter-initiated status change is announced by stream-updated",
                    {STREAM_UPDATED.uri: {"status": status}}, "no stream-updated SET arrived")
    payload = (decoded.claims.get("events") or {}).get(STREAM_UPDATED.uri)
    if not isinstance(payload, dict) or payload.get("status") != status:
        return fail("stream-updated carries the new status", status, payload)
    return ok()
