"""Poll endpoint (RFC 8936): POST {maxEvents, returnImmediately, ack, setErrs} →
{"sets": {jti: SET}, "moreAvailable": bool}.

Acknowledgements and errors are processed first; acknowledged SETs never come back, while
unacknowledged ones are returned again by later polls. A long poll (the default) returns as
soon as a SET is available, or empty after min(timeout, long_poll_max_wait) seconds, where
`timeout` is an optional extension member of the request.
"""
from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import Response

from harness.reference.transmitter.access import find_stream, principal, transmitter
from harness.reference.transmitter.auth import POLL
from harness.reference.transmitter.httputil import (
    ApiError, bad_request, get_bool, get_int, get_number, get_str_list, json_response, not_found,
    read_json_object,
)
from harness.reference.transmitter.signals import wait_signal
from harness.ssf.constants import POLL as POLL_METHOD

_NEVER_FIRED = "long-poll-returns-empty"  # a signal key only shutdown sets


def _parse_set_errs(body: dict) -> dict[str, str]:
    value = body.get("setErrs", {})
    if not isinstance(value, dict):
        raise bad_request("'setErrs' must be a JSON object")
    errors = {}
    for jti, detail in value.items():
        if not isinstance(detail, dict) or not isinstance(detail.get("err"), str) or (
                "description" in detail and not isinstance(detail["description"], str)):
            raise bad_request("each 'setErrs' member must be an object with a string 'err'"
                              " and an optional string 'description'")
        text = detail["err"] + (": " + detail["description"] if detail.get("description") else "")
        errors[jti] = text[:300]
    return errors


async def _parse(request: Request, limit: int) -> tuple:
    try:
        body = await read_json_object(request, limit)
        max_events = get_int(body, "maxEvents")
        immediate = get_bool(body, "returnImmediately", False)
        acks = get_str_list(body, "ack") or []
        errors = _parse_set_errs(body)
        timeout = get_number(body, "timeout")
    except ApiError as exc:  # RFC 8935/8936 error members alongside the management ones
        exc.extra = {"err": "invalid_request", "description": exc.description}
        raise
    return max_events, immediate, acks, errors, timeout


async def poll(request: Request) -> Response:
    tx = transmitter(request)
    cfg = tx.config
    who = principal(request, POLL)
    stream = find_stream(tx, who, request.path_params["stream_id"])  # a poll is activity
    if stream.method != POLL_METHOD:
        raise not_found("this stream does not use poll delivery")
    max_events, immediate, acks, errors, timeout = await _parse(request, cfg.max_body_bytes)
    if errors and cfg.fault("set-errs-rejected"):
        raise ApiError(400, "invalid_request", "setErrs is not supported",
                       extra={"err": "invalid_request", "description": "setErrs is not supported"})
    if not cfg.fault("acked-set-redelivered"):
        tx.publish(tx.sets.ack(stream.stream_id, acks))
    tx.publish(tx.sets.set_errors(stream.stream_id, errors))
    limit = None if cfg.fault("poll-max-events-ignored") else max_events
    if cfg.varies("poll-one-at-a-time") and limit != 0:
        limit = 1  # maxEvents is a maximum (RFC 8936 §2.2); moreAvailable tells the rest
    wait = cfg.long_poll_max_wait if timeout is None else min(timeout, cfg.long_poll_max_wait)
    if immediate and not cfg.fault("return-immediately-ignored"):
        wait = 0.0
    if cfg.varies("no-long-poll"):
        wait = 0.0  # RFC 8936 §2.2: the long-poll timeout is out of scope (here: none)
    deadline = time.monotonic() + wait
    rows, available = [], 0
    if not immediate and cfg.fault("long-poll-returns-empty"):
        # The defect: hold until the deadline, deaf to new SETs (only shutdown ends it early).
        await wait_signal(tx.signals.current(_NEVER_FIRED), wait)
        return json_response({"sets": {}, "moreAvailable": False})
    while True:
        signal = tx.signals.current(stream.stream_id)
        current = tx.streams.get(stream.stream_id)
        if current is None:  # deleted while we waited
            break
        deliver_all = tx.deliverable(current)
        available = tx.sets.count_pollable(stream.stream_id, deliver_all)
        rows = [] if limit == 0 else tx.sets.pollable(stream.stream_id, deliver_all, limit)
        ready = available > 0 if limit == 0 else bool(rows)
        remaining = deadline - time.monotonic()
        if ready or tx.signals.closed or remaining <= 0:
            break
        await wait_signal(signal, remaining)
    tx.sets.mark_polled([r.id for r in rows])
    if cfg.fault("unacked-set-dropped"):  # the defect: served once, then forgotten unacked
        tx.sets.ack(stream.stream_id, [r.jti for r in rows])
    tx.publish([r.id for r in rows])
    more = available > len(rows)
    if cfg.fault("more-available-wrong"):
        more = not more
    if cfg.fault("poll-more-available-string"):
        more = str(more).lower()
    answer = {"sets": {r.jti: r.token for r in rows}, "moreAvailable": more}
    if cfg.varies("poll-omits-more-available") and more is False:
        del answer["moreAvailable"]  # RFC 8936 §2.3: omitted means false
    return json_response(answer)
