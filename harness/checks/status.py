"""Checks on stream status (SSF section 8.1.2) and delivery while paused/disabled."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, fail, json_body, ok
from harness.ssf.constants import STATUS_VALUES


@check("SSF-STATUS-01", "SSF-STATUS-02", "SSF-STATUS-03")
def check_status_read(resp: Response, stream_id: str) -> Outcome:
    """SSF §8.1.2.1: the status is read with GET status_endpoint?stream_id= (SSF-STATUS-01),
    answered 200 with {stream_id, status} (SSF-STATUS-02), and status is enabled, paused or
    disabled (SSF-STATUS-03)."""
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict):
        return fail("GET status?stream_id= returns 200 with a JSON object", 200, resp.status,
                    resp.evidence, only=("SSF-STATUS-01", "SSF-STATUS-02"))
    if body.get("stream_id") != stream_id:
        return fail("the status object names the stream", stream_id, body.get("stream_id"),
                    resp.evidence, only="SSF-STATUS-02")
    if body.get("status") not in STATUS_VALUES:
        return fail("status is enabled, paused or disabled", list(STATUS_VALUES),
                    body.get("status"), resp.evidence, only="SSF-STATUS-03")
    return ok(evidence=resp.evidence)


@check("SSF-STATUS-08")
def check_status_updated(update: Response, read_back: Response, wanted: str) -> Outcome:
    """SSF §8.1.2.2: a status update returns 200 with the updated status object, and the
    stream has that status afterwards. 202 means "accepted, but not processed": the change may
    still be pending, so the read back is not compared."""
    body = json_body(update)
    if update.status == 202:
        return ok("202: the status change is accepted but not processed yet", update.evidence)
    if update.status != 200 or not isinstance(body, dict) or body.get("status") != wanted:
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
    """SSF §8.1.2.1 paused: the transmitter "SHOULD hold any events ... and SHOULD transmit
    them" once enabled, and "MAY drop zero or more" (SSF-STATUS-13); successive held events
    about the same subject are transmitted "in the order of time that they were generated" or
    only the last is sent (SSF-STATUS-14, MUST). Nothing delivered is the SHOULD's shortfall,
    an out-of-order delivery the MUST's."""
    got = [j for j in received_order if j in expected_order]
    if not got:
        return fail("events held while paused should be delivered after re-enable",
                    expected_order, got, only="SSF-STATUS-13")
    positions = [expected_order.index(j) for j in got]
    if positions != sorted(positions) or len(set(got)) != len(got):
        return fail("held events are delivered in the order they were generated",
                    expected_order, got, only="SSF-STATUS-14")
    return ok()


@check("SSF-STATUS-11")
def check_delivered_while_enabled(claims: dict | None, state: str) -> Outcome:
    """SSF §8.1.2.1 enabled: "The Transmitter MUST transmit events over the stream, according
    to the stream's configured delivery method." `claims` are those of the verification SET
    requested with `state` once the stream was enabled again (None: none within the
    deadline)."""
    from harness.ssf.events import VERIFICATION
    payload = ((claims or {}).get("events") or {}).get(VERIFICATION.uri)
    if not isinstance(payload, dict) or payload.get("state") != state:
        return fail("an enabled stream transmits the events requested on it", state,
                    "nothing within the deadline" if claims is None else payload)
    return ok()


@check("SSF-STATUS-15")
def check_disabled_events_never_delivered(dropped_marker: str, received: list[str]) -> Outcome:
    if dropped_marker in received:
        return fail("events produced while disabled must never be delivered",
                    f"{dropped_marker} never delivered", "delivered after re-enable")
    return ok()


@check("SSF-STATUS-16", "SSF-UPD-01", "SSF-UPD-03", "SSF-UPD-04")
def check_stream_updated_received(decoded, status: str) -> Outcome:
    """`decoded` is the stream-updated SET received after a transmitter-initiated change.
    SSF §8.1.2 (SSF-STATUS-16): such a change is announced by stream-updated; §8.1.5: "from
    enabled to either paused or disabled, then the Transmitter MUST send this event to the
    Receiver before stopping the stream" (SSF-UPD-03), and back to enabled "it MUST send this
    event to the Receiver upon re-enabling the stream" (SSF-UPD-04); (SSF-UPD-01) its payload
    carries the new status."""
    from harness.ssf.events import STREAM_UPDATED
    if decoded is None:
        rule = "SSF-UPD-04" if status == "enabled" else "SSF-UPD-03"
        return fail("a transmitter-initiated status change is announced by stream-updated",
                    {STREAM_UPDATED.uri: {"status": status}}, "no stream-updated SET arrived",
                    only=("SSF-STATUS-16", rule))
    payload = (decoded.claims.get("events") or {}).get(STREAM_UPDATED.uri)
    if not isinstance(payload, dict) or payload.get("status") != status:
        return fail("stream-updated carries the new status", status, payload, only="SSF-UPD-01")
    return ok()
