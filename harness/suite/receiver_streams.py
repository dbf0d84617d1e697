"""The receiver under test's stream at the suite's transmitter: have it created (the RUT does
it through the profile's drive, or the suite provisions it), deleted, or switched between push
and poll. The persona's tap shows what really happened; nothing here trusts a trigger's answer.

Switching delivery method needs a second way to create a stream: a profile may give a create
drive per delivery method; else the embedded reference receiver's control endpoint takes the
method; for an external RUT without one the other method raises `DriveUnavailable` (the
scenario skips). Where the stream only sets a scenario up (`setup=True`), a drive answered
outside 2xx, or a command exiting non-zero, raises `OutcomeFailed` at once instead of the suite
waiting out the deadline for nothing; where the drive is the action under test, its answer is
the RUT's business and only what reached the persona counts.
"""
from __future__ import annotations

from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import BY_ACTION, DELIVERABLE_EVENTS
from harness.suite.outcomes import OutcomeFailed
from harness.suite.receiver_driver import DriveUnavailable, ReceiverDriver

METHOD_URNS = {"push": PUSH, "poll": POLL}
CONTROL_STREAM = "/ssf/receiver/stream"   # the embedded reference receiver's control endpoint


def _created(entry) -> bool:
    return entry.status == 201 and isinstance(entry.response_json(), dict)


def create_stream(driver: ReceiverDriver, method: str, setup: bool = False):
    """Get the RUT a new stream of `method`; returns the persona's record of the create request
    (None when none was answered 201 within the deadline)."""
    session = driver.session
    since = driver.persona.tap.log.mark()
    target = session.profile.target("receiver")
    if target.stream.provisioning == "suite":
        _provision(driver, method)
        deadline = driver.timeout("http_request")
    elif driver.drive_trigger("create", method).enabled:
        _checked(driver.drive("create", method), f"the receiver's create drive ({method})",
                 setup)
        deadline = driver.drive_deadline("create", method)
    else:
        driver.reference_control("POST", CONTROL_STREAM, json={"delivery": method})
        deadline = driver.timeout("trigger")
    entry = driver.wait_request("create", deadline, since, _created)
    session.stream = entry.response_json() if entry is not None else None
    return entry


def _provision(driver: ReceiverDriver, method: str) -> None:
    """`stream.provisioning: suite`: the suite creates the stream for the RUT, with the RUT's
    own credentials (the persona cannot tell the difference, which is the point)."""
    session = driver.session
    if method == "poll":
        raise DriveUnavailable("a suite-provisioned stream cannot tell the RUT its poll URL")
    declared = session.profile.capabilities("receiver").events
    events = [e.uri for e in DELIVERABLE_EVENTS if not e.deprecated
              and ("*" in declared or e.action in declared or e.uri in declared)]
    delivery = {"method": PUSH, "endpoint_url": session.push_url}
    authorization = driver.push_authorization()   # minted by the RUT's own AS, if need be
    if authorization:
        delivery["authorization_header"] = authorization
    driver.http.call("POST", driver.persona.issuer + "/stream", token=session.creds.rut_token,
                     json={"delivery": delivery, "events_requested": events or
                           [BY_ACTION["session-revoked"].uri]})


def delete_stream(driver: ReceiverDriver, setup: bool = False):
    """Have the RUT delete its current stream; returns the persona's record of the DELETE."""
    session = driver.session
    stream_id = (session.stream or {}).get("stream_id")
    if stream_id is None:
        return None
    since = driver.persona.tap.log.mark()
    target = session.profile.target("receiver")
    if target.stream.provisioning == "suite":
        driver.http.call("DELETE", driver.persona.issuer + "/stream",
                         token=session.creds.rut_token, params={"stream_id": stream_id})
        deadline = driver.timeout("http_request")
    elif target.stream.delete.enabled:
        _checked(driver.drive("delete", stream_id=stream_id), "the receiver's delete drive",
                 setup)
        deadline = driver.drive_deadline("delete")
    else:
        driver.reference_control("DELETE", CONTROL_STREAM, params={"stream_id": stream_id})
        deadline = driver.timeout("trigger")
    entry = driver.wait_request("delete", deadline, since,
                                lambda e: e.query.get("stream_id") == [stream_id])
    session.stream = None
    return entry


def _checked(outcome, what: str, setup: bool) -> None:
    if setup and not outcome.ok:
        raise OutcomeFailed(what, outcome)


def ensure_stream(driver: ReceiverDriver, method: str) -> dict | None:
    """The RUT's stream, of the wanted delivery method, creating (or switching) as needed."""
    session = driver.session
    if session.stream is not None and session.stream_method() == method:
        return session.stream
    if session.stream is not None:
        delete_stream(driver, setup=True)
    create_stream(driver, method, setup=True)
    return session.stream
