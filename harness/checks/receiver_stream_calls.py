"""Checks on the management calls a receiver under test (RUT) makes at the suite's transmitter
beyond create, PATCH and delete (harness/checks/receiver.py): reading its stream and its
status, replacing its configuration, and what it does with transmitter metadata that fails
validation. Inputs are what the persona's tap recorded (plain values)."""
from __future__ import annotations

from typing import Any

from harness.checks.base import Outcome, check, fail, ok

RECEIVER_SUPPLIED = ("events_requested", "delivery", "description")  # SSF §8.1.1


@check("SSF-STREAM-24")
def check_stream_read(status: int | None, query: dict | None, stream_id: str) -> Outcome:
    """SSF §8.1.1 (SSF-STREAM-24): the Receiver checks the `iss` of read responses, so a RUT
    made to read its stream must send the read: `GET configuration_endpoint?stream_id=X` for
    its own stream (SSF §8.1.1.2), or the list without `stream_id`, answered 200. `status`
    None: no read reached the transmitter within the deadline."""
    if status is None:
        return fail("the receiver reads its stream's configuration", "GET ?stream_id=…",
                    "no read within the deadline")
    named = (query or {}).get("stream_id")
    if named not in (None, [stream_id]):
        return fail("the read names the receiver's own stream (or none, for the list)",
                    stream_id, named)
    if status != 200:
        return fail("the read of the receiver's own stream is answered 200", 200, status)
    return ok("read its stream" if named else "read its streams (the list)")


@check("SSF-STREAM-39")
def check_replace_carries_all_members(body: Any, current: dict, stream_id: str) -> Outcome:
    """SSF §8.1.1.4: "The stream_id and the full set of Receiver-Supplied properties MUST be
    present in the PUT body, not only those specifically intended to be changed" (a missing one
    is deleted, SSF-STREAM-40).
    `current`: the stream's configuration before the PUT, as the transmitter held it."""
    if body is None:
        return fail("the receiver replaces its stream (PUT)", "a PUT", "none within the deadline")
    if not isinstance(body, dict) or body.get("stream_id") != stream_id:
        got = body.get("stream_id") if isinstance(body, dict) else body
        return fail("the PUT body names the stream", stream_id, got)
    missing = [m for m in RECEIVER_SUPPLIED if m in (current or {}) and m not in body]
    if missing:
        return fail("the PUT body carries every receiver-supplied property the stream has",
                    sorted(m for m in RECEIVER_SUPPLIED if m in current), f"missing {missing}")
    return ok(f"PUT with stream_id and {', '.join(m for m in RECEIVER_SUPPLIED if m in body)}")


@check("SSF-STATUS-01")
def check_status_read_names_stream(query: dict | None, stream_id: str) -> Outcome:
    """SSF §8.1.2.1, the status read's query parameter: "stream_id REQUIRED. A string
    identifying the stream whose status is being queried" (`GET status_endpoint?stream_id=X`). `query` None: no status read within the deadline."""
    if query is None:
        return fail("the receiver reads its stream's status", "GET ?stream_id=…",
                    "no status read within the deadline")
    if query.get("stream_id") != [stream_id]:
        return fail("the status read names the stream in the stream_id query parameter",
                    stream_id, query.get("stream_id"))
    return ok("status read by stream_id")


@check("SSF-DISC-20")
def check_nothing_built_on_bad_metadata(calls: list[str]) -> Outcome:
    """SSF §7.2.4: "If any of the validation procedures defined in this specification fail, any
    operations requiring the information that failed to correctly validate MUST be aborted and
    the information that failed to validate MUST NOT be used" — metadata whose `issuer` is not
    the issuer the receiver asked about (SSF-DISC-06) leads to no stream management call."""
    if calls:
        return fail("no management call follows metadata whose issuer does not match",
                    "no call", calls)
    return ok("no management call after the mismatched metadata")
