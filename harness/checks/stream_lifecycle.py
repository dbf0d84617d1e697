"""Checks on what a stream change leaves behind (SSF section 8.1.1): the stream list after a
delete, and events_delivered after a replacement narrowed events_requested."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, fail, json_body, ok


@check("SSF-STREAM-28", "SSF-STREAM-42")
def check_deleted_stream_not_listed(resp: Response, stream_id: str) -> Outcome:
    """SSF §8.1.1.2: "If the "stream_id" parameter is missing, then the Transmitter MUST return
    a list of the stream configurations available to this Receiver" (SSF-STREAM-28, a 200 with
    a JSON array); §8.1.1.5: 204 means "the configuration was successfully removed"
    (SSF-STREAM-42), so a stream listed before the delete is not listed after it."""
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, list):
        return fail("the stream list answers 200 with an array", "200 + array", resp.status,
                    resp.evidence, only="SSF-STREAM-28")
    if any(isinstance(s, dict) and s.get("stream_id") == stream_id for s in body):
        return fail("a deleted stream is no longer in the stream list", f"{stream_id} absent",
                    "still listed", resp.evidence, only="SSF-STREAM-42")
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-10")
def check_events_delivered_narrowed(resp: Response, requested: list[str],
                                    read_back: Response | None = None) -> Outcome:
    """SSF §8.1.1 events_delivered: "a subset (not necessarily a proper subset) of the
    intersection of events_supported and events_requested", an invariant that holds after
    PATCH and PUT too (SSF-STREAM-10). After a PUT that narrowed events_requested to
    `requested`, events_delivered lies within it. A 202 ("accepted, but not processed") is
    judged on the stream read back once that shows the new events_requested; a PUT that was
    refused replaced nothing (check_put_replaced judges the answer itself)."""
    config, evidence = json_body(resp), resp.evidence
    if resp.status == 202:
        config = json_body(read_back) if read_back is not None else None
        evidence += read_back.evidence if read_back is not None else ()
        if not isinstance(config, dict) or sorted(config.get("events_requested") or []) \
                != sorted(requested):
            return ok("202: the replacement is accepted but not processed yet", evidence)
    elif resp.status != 200:
        return ok("the replacement was not applied (its answer is judged on its own)", evidence)
    delivered = config.get("events_delivered") if isinstance(config, dict) else None
    if not isinstance(delivered, list):
        return fail("the replaced configuration has an events_delivered array", "array",
                    delivered, evidence)
    extra = sorted(set(delivered) - set(requested))
    if extra:
        return fail("events_delivered shrinks to within the narrowed events_requested",
                    sorted(requested), extra, evidence)
    return ok(evidence=evidence)
