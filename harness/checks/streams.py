"""Checks on the stream configuration API (SSF section 8.1.1) and the delivery object (6.1)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from harness.checks.audience import same_audience
from harness.checks.base import (
    NOT_JSON, Outcome, Response, check, expect_status, fail, json_body, members_present,
    ok,
)
from harness.ssf.constants import STREAM_REQUIRED_MEMBERS, DELIVERY_METHODS, POLL

REQUIRED_MEMBERS = STREAM_REQUIRED_MEMBERS
UNRESERVED = re.compile(r"^[A-Za-z0-9._~-]+$")


@check("SSF-STREAM-19")
def check_create_returns_201(resp: Response) -> Outcome:
    return expect_status(resp, 201, "create stream")


@check("SSF-STREAM-01")
def check_stream_config_members(config: object) -> Outcome:
    return members_present(config, REQUIRED_MEMBERS, "stream configuration lacks required members")


@check("SSF-STREAM-03")
def check_stream_id_unreserved(config: dict) -> Outcome:
    sid = config.get("stream_id")
    if not isinstance(sid, str) or not UNRESERVED.match(sid):
        return fail("stream_id should use RFC 3986 unreserved characters", UNRESERVED.pattern, sid)
    return ok()


@check("SSF-STREAM-04")
def check_stream_iss_matches_issuer(config: dict, issuer: str) -> Outcome:
    if config.get("iss") != issuer:
        return fail("stream iss must equal the metadata issuer", issuer, config.get("iss"))
    return ok()


@check("SSF-STREAM-05")
def check_stream_aud_type(config: dict) -> Outcome:
    aud = config.get("aud")
    if isinstance(aud, str) or (isinstance(aud, list) and aud and
                                all(isinstance(a, str) for a in aud)):
        return ok()
    return fail("aud is a string or an array of strings", "string | [string]", aud)


@check("SSF-STREAM-10")
def check_events_delivered_subset(config: dict) -> Outcome:
    """SSF §8.1.1: events_delivered is REQUIRED and "a subset ... of the intersection of
    events_supported and events_requested". Both of those are OPTIONAL in the configuration
    the transmitter returns, so each bounds events_delivered only when present."""
    delivered = config.get("events_delivered")
    if not isinstance(delivered, list):
        return fail("events_delivered is an array", "array", delivered)
    extra: list = []
    for member in ("events_requested", "events_supported"):
        bound = config.get(member)
        if isinstance(bound, list):
            extra += sorted(set(delivered) - set(bound) - set(extra))
    if extra:
        return fail("events_delivered must be a subset of events_requested ∩ events_supported",
                    "⊆ requested ∩ supported", extra)
    return ok()


@check("SSF-STREAM-09")
def check_unknown_event_not_delivered(config: dict, unknown_uri: str) -> Outcome:
    if unknown_uri in (config.get("events_delivered") or []):
        return fail("an unknown requested event type must be ignored, not delivered",
                    f"{unknown_uri} absent", config.get("events_delivered"))
    return ok()


@check("SSF-STREAM-12", "SSF-DELIV-01")
def check_delivery_method_known(config: dict) -> Outcome:
    delivery = config.get("delivery")
    method = delivery.get("method") if isinstance(delivery, dict) else None
    if method not in DELIVERY_METHODS:
        return fail("delivery.method is a delivery-method URI", list(DELIVERY_METHODS), method)
    return ok()


@check("SSF-DELIV-02")
def check_push_endpoint_echoed(config: dict, endpoint_url: str) -> Outcome:
    got = (config.get("delivery") or {}).get("endpoint_url")
    if got != endpoint_url:
        return fail("push endpoint_url must be echoed unchanged", endpoint_url, got)
    return ok()


@check("SSF-STREAM-21")
def check_default_delivery_is_poll(config: dict) -> Outcome:
    delivery = config.get("delivery") or {}
    url = delivery.get("endpoint_url")
    if delivery.get("method") != POLL or not isinstance(url, str) or not url:
        return fail("a create without delivery is treated as poll with an endpoint_url",
                    {"method": POLL, "endpoint_url": "<url>"}, delivery)
    return ok()


@check("SSF-DELIV-06")
def check_poll_endpoints_distinct(first: dict, second: dict) -> Outcome:
    a = (first.get("delivery") or {}).get("endpoint_url")
    b = (second.get("delivery") or {}).get("endpoint_url")
    if not a or not b or a == b:
        return fail("poll endpoint_url must be unique per stream of a receiver",
                    "two distinct URLs", [a, b])
    if urlsplit(a).scheme != "https" or urlsplit(b).scheme != "https":
        return fail("poll endpoint_url must be https", "https", [a, b])
    return ok()


@check("SSF-STREAM-02", "SSF-STREAM-23")
def check_second_create_distinct_or_conflict(first: Response, second: Response) -> Outcome:
    """SSF §8.1.1.1 (SSF-STREAM-23): when a stream exists, a transmitter allowing several
    answers with a new stream ID, one that does not answers 409 Conflict; §8.1.1
    (SSF-STREAM-02): stream IDs are unique among non-deleted streams."""
    if second.status == 409:
        return ok("multiple streams not supported: 409 Conflict", second.evidence)
    if second.status != 201:
        return fail("a second create answers 201 with a new stream_id or 409", [201, 409],
                    second.status, second.evidence, only="SSF-STREAM-23")
    a, b = json_body(first), json_body(second)
    ida = a.get("stream_id") if isinstance(a, dict) else None
    idb = b.get("stream_id") if isinstance(b, dict) else None
    if not ida or ida == idb:
        return fail("a second stream needs a new stream_id", "distinct ids", [ida, idb],
                    second.evidence, only="SSF-STREAM-02")
    return ok(evidence=second.evidence)


@check("SSF-STREAM-27")
def check_read_returns_stream(resp: Response, stream_id: str) -> Outcome:
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict) or body.get("stream_id") != stream_id:
        return fail("GET ?stream_id= returns 200 with that stream", f"200 stream_id={stream_id}",
                    f"{resp.status} {body if body is not NOT_JSON else resp.text[:80]!r}",
                    resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-28")
def check_list_contains(resp: Response, stream_ids: list[str]) -> Outcome:
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, list):
        return fail("GET without stream_id returns 200 with a JSON array", "200 + array",
                    f"{resp.status} {type(body).__name__ if body is not NOT_JSON else 'not JSON'}",
                    resp.evidence)
    got = {s.get("stream_id") for s in body if isinstance(s, dict)}
    missing = [s for s in stream_ids if s not in got]
    if missing:
        return fail("the list must include every stream of this receiver", stream_ids,
                    sorted(got), resp.evidence)
    return ok(evidence=resp.evidence)


def _same_member(name: str, a: object, b: object) -> bool:
    """`a` (what the transmitter shows) stands for `b` (what was sent or shown before)."""
    if name == "aud":
        return same_audience(a, b)
    if name == "description" and isinstance(a, str) and isinstance(b, str) and a:
        return b.startswith(a)  # "The transmitter MAY truncate the string" (SSF §8.1.1)
    return a == b


@check("SSF-STREAM-30", "SSF-STREAM-32")
def check_patch_applied(resp: Response, before: dict, patch: dict,
                        read_back: Response | None = None) -> Outcome:
    """SSF §8.1.1.3: PATCH returns 200 with the whole updated configuration (SSF-STREAM-30);
    every Receiver-supplied property in it is updated and absent ones do not change
    (SSF-STREAM-32). 202 means "accepted, but not processed. Receiver MAY try the same request
    later": a later GET (`read_back`) is judged like the 200 answer once it shows the patched
    members; until then nothing is compared."""
    if resp.status == 202:
        shown = json_body(read_back) if read_back is not None else None
        if not isinstance(shown, dict) or any(
                not _same_member(k, shown.get(k), v) for k, v in patch.items()):
            return ok("202: the update is accepted but not processed yet (SSF §8.1.1.3)",
                      resp.evidence, only="SSF-STREAM-30")
        resp = read_back  # processed: the configuration now shown is the update's result
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict):
        return fail("PATCH returns 200 with the whole configuration", 200, resp.status,
                    resp.evidence, only="SSF-STREAM-30")
    wrong = {k: body.get(k) for k, v in patch.items()
             if k != "stream_id" and not _same_member(k, body.get(k), v)}
    changed = {k: body.get(k) for k in ("events_requested", "delivery", "aud")
               if k not in patch and k in before and not _same_member(k, body.get(k), before[k])}
    if wrong or changed:
        return fail("PATCH updates the given members and leaves the others unchanged",
                    {"updated": patch}, {"not updated": wrong, "changed anyway": changed},
                    resp.evidence, only="SSF-STREAM-32")
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-38", "SSF-STREAM-40")
def check_put_replaced(resp: Response, replacement: dict, removed: str) -> Outcome:
    """SSF §8.1.1.4: PUT returns 200 with the updated configuration (SSF-STREAM-38); a
    Receiver-supplied property missing from it is deleted (SSF-STREAM-40). 202 means
    "accepted, but not processed": nothing to compare yet."""
    if resp.status == 202:
        return ok("202: the replacement is accepted but not processed yet (SSF §8.1.1.4)",
                  resp.evidence, only="SSF-STREAM-38")
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict):
        return fail("PUT returns 200 with the configuration", 200, resp.status, resp.evidence,
                    only="SSF-STREAM-38")
    if removed in body:
        return fail(f"a receiver-supplied member omitted from PUT ({removed}) is deleted",
                    f"{removed} absent", body.get(removed), resp.evidence, only="SSF-STREAM-40")
    wrong = {k: body.get(k) for k, v in replacement.items() if k != "stream_id"
             and not _same_member(k, body.get(k), v)}
    if wrong:
        return fail("PUT replaces the receiver-supplied members", replacement, wrong,
                    resp.evidence, only="SSF-STREAM-38")
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-42")
def check_delete_returns_204_empty(resp: Response) -> Outcome:
    if resp.status != 204 or resp.text.strip():
        return fail("DELETE returns 204 with an empty body", "204, empty",
                    f"{resp.status} {resp.text[:80]!r}", resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-42", "SSF-STREAM-44")
def check_deleted_stream_gone(resp: Response) -> Outcome:
    return expect_status(resp, 404, "GET after DELETE")


@check("SSF-STREAM-05", "SSF-STREAM-33")
def check_immutable_member_rejected(resp: Response, after: dict, member: str,
                                    original: object) -> Outcome:
    """SSF §8.1.1.3 (SSF-STREAM-33): a Transmitter-supplied property in a PATCH that differs
    from its current value makes the request invalid (400); §8.1.1 (SSF-STREAM-05): `aud`
    "cannot be updated" (compared as an audience: "x" and ["x"] are the same)."""
    if resp.status != 400:
        return fail(f"changing transmitter-supplied {member} is rejected with 400", 400,
                    resp.status, resp.evidence, only="SSF-STREAM-33")
    if not _same_member(member, after.get(member), original):
        return fail(f"{member} must stay unchanged after a rejected update", original,
                    after.get(member), resp.evidence,
                    only="SSF-STREAM-05" if member == "aud" else "SSF-STREAM-33")
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-34")
def check_fabricated_events_delivered_rejected(resp: Response) -> Outcome:
    return expect_status(resp, 400, "update with a fabricated events_delivered")


@check("SSF-STREAM-14")
def check_description_echoed(config: dict, description: str) -> Outcome:
    """SSF §8.1.1 description: Receiver-supplied, OPTIONAL, and "The transmitter MAY truncate
    the string beyond an allowed max length" (SSF-STREAM-14, MAY): a shortfall is recorded as
    information, never as a failure of the create response (SSF-STREAM-19)."""
    got = config.get("description")
    if not isinstance(got, str) or not description.startswith(got) or not got:
        return fail("description is echoed (or truncated to a prefix)", description, got)
    return ok()


@check("SSF-MGMT-02", "SSF-STREAM-28")
def check_list_excludes(resp: Response, stream_id: str) -> Outcome:
    """SSF §8.1.1.2 (SSF-STREAM-28): GET without stream_id answers 200 with an array; SSF §8
    (SSF-MGMT-02): no Receiver can read another Receiver's stream."""
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, list):
        return fail("the stream list answers 200 with an array", "200 + array", resp.status,
                    resp.evidence, only="SSF-STREAM-28")
    if any(isinstance(s, dict) and s.get("stream_id") == stream_id for s in body):
        return fail("a receiver's list must not show another receiver's stream",
                    f"{stream_id} absent", "present", resp.evidence, only="SSF-MGMT-02")
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-23")
def check_first_stream_survives_second_create(read_first: Response, first_id: str,
                                              second: Response) -> Outcome:
    """SSF §8.1.1.1 (SSF-STREAM-23): "If the Transmitter does not allow multiple streams with
    the same Receiver, it MUST respond with HTTP status code 409 Conflict" — so a second
    create that answered 201 must have left the first stream in place, not replaced it."""
    if second.status != 201:
        return ok("the second create did not create a stream", second.evidence)
    body = json_body(read_first)
    if read_first.status != 200 or not isinstance(body, dict) or body.get(
            "stream_id") != first_id:
        return fail("a second create must not replace the first stream (answer 409 instead)",
                    f"GET stream_id={first_id} → 200 with that stream", read_first.status,
                    read_first.evidence + second.evidence)
    return ok(evidence=read_first.evidence)
