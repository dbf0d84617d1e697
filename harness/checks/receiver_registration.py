"""Checks on a receiver that registers with its software statement (RFC 7591 §3.1) at the
suite's transmitter before it manages its stream. They see what the suite's transmitter
recorded: the registration request, and which client owns the stream the receiver created."""
from __future__ import annotations

import json

from harness.checks.base import Outcome, check, fail, ok
from harness.jose import SETDecodeError, decode_set


@check("DCR-01")
def check_registration_request(method: str | None, content_type: str | None,
                               body: bytes | None) -> Outcome:
    """RFC 7591 §3.1: "the client sends an HTTP POST to the client registration endpoint with a
    content type of "application/json"", the SSA as `software_statement`, "a string value
    containing the entire signed JWT". None: no registration request arrived."""
    if method is None:
        return fail("the receiver sent no registration request", "POST {registration_endpoint}",
                    "nothing")
    media = (content_type or "").split(";")[0].strip().lower()
    if method != "POST" or media != "application/json":
        return fail("the registration request is not a JSON POST", "POST application/json",
                    f"{method} {content_type}")
    try:
        document = json.loads(body or b"")
    except ValueError:
        document = None
    statement = document.get("software_statement") if isinstance(document, dict) else None
    try:
        decode_set(statement if isinstance(statement, str) else "")
    except SETDecodeError:
        return fail("the registration request carries no software_statement JWT",
                    "software_statement: <signed JWT>",
                    sorted(document) if isinstance(document, dict) else "not a JSON object")
    return ok()


@check("DCR-14")
def check_stream_created_by_registered_client(owner: str | None, registered: list[str],
                                              registered_first: bool) -> Outcome:
    """A receiver registered by software statement manages its stream with the credentials it
    was given: the stream it created belongs to a client it registered, and the registration
    came first. `owner` is the client that created the stream at the suite's transmitter."""
    if owner is None:
        return fail("the receiver created no stream", "a stream", None)
    if owner not in registered or not registered_first:
        return fail("the receiver's stream was not created with the credentials it registered",
                    f"one of {registered or ['(no registered client)']}", owner)
    return ok()
