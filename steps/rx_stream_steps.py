"""Steps: the receiver under test managing its stream at the suite's transmitter
(features/receiver/streams.feature). What the RUT did is read from the persona's tap."""

from pytest_bdd import given, then, when

from harness.checks import receiver as rx
from harness.suite import receiver_streams
from harness.suite.receiver_driver import DriveUnavailable

FOREIGN_ISS = "https://foreign-issuer.example/ssf"


@given("the receiver under test has no stream at the suite's transmitter")
def no_stream(rxctx):
    try:
        receiver_streams.delete_stream(rxctx.driver)
    except DriveUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")
    rxctx.tap_mark = rxctx.session.persona.tap.log.mark()


@given("the suite's transmitter will answer the next stream creation with a foreign iss")
def foreign_iss(rxctx):
    method, path = rxctx.session.persona.route("create")
    rxctx.session.persona.tap.rewrite_next(
        lambda e: e.method == method and e.path == path,
        lambda config: {**config, "iss": FOREIGN_ISS} if isinstance(config, dict) else config)
    rxctx.kept.foreign_iss = True


@when("the receiver under test is driven to create its stream")
def drive_create(rxctx):
    method = rxctx.session.delivery_method
    try:
        entry = rxctx.call(receiver_streams.create_stream, rxctx.driver, method)
    except DriveUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")
    rxctx.kept.create = entry
    if rxctx.kept.foreign_iss and entry is not None:
        rxctx.kept.orphan = rxctx.session.stream
        rxctx.session.stream = None  # the RUT must not treat it as its stream


@when("the receiver under test is driven to delete its stream")
def drive_delete(rxctx):
    rxctx.kept.deleted_id = rxctx.stream_id
    rxctx.kept.delete = rxctx.call(receiver_streams.delete_stream, rxctx.driver)


@when("the receiver under test is asked to request verification of that stream anyway")
def verify_orphan(rxctx):
    """The RUT should refuse (it has no valid stream); whatever it answers is not graded here:
    what counts is whether it then uses the stream at the transmitter."""
    orphan = rxctx.kept.orphan or {}
    if rxctx.session.profile.target("receiver").stream.verify.enabled:
        rxctx.call(rxctx.driver.drive, "verify", stream_id=orphan.get("stream_id", ""))
    else:
        rxctx.call(rxctx.driver.control_request_verification, orphan.get("stream_id", "none"))


@when("the receiver under test is made to update its stream's events_requested")
def update_stream(rxctx):
    since = rxctx.session.persona.tap.log.mark()
    # The same events again: later scenarios still need every event type delivered.
    events = (rxctx.session.stream or {}).get("events_requested") or []
    try:
        rxctx.call(rxctx.driver.control_update_events, events)
    except DriveUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")
    rxctx.kept.request = rxctx.driver.wait_request("update",
                                                       rxctx.timeout("trigger"), since)


@when("the receiver under test is made to pause its stream")
def pause_stream(rxctx):
    since = rxctx.session.persona.tap.log.mark()
    try:
        rxctx.call(rxctx.driver.control_set_status, "paused", "conformance suite")
    except DriveUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")
    rxctx.kept.status_changed = True
    rxctx.kept.request = rxctx.driver.wait_request(
        "status_update", rxctx.timeout("trigger"), since)


@then("the receiver created a stream at the suite's transmitter")
def created(rxctx):
    entry = rxctx.kept.create
    rxctx.require(rx.check_stream_created(entry.status if entry is not None else None))


@then("the receiver fetched the suite's metadata with GET")
def metadata_get(rxctx):
    well_known = rxctx.session.persona.metadata_path
    methods = [e.method for e in rxctx.session.persona.tap.log.since(0) if e.path == well_known]
    rxctx.verify(rx.check_metadata_fetched_with_get(methods))


@then("the creation request carried receiver-supplied members only")
def members_only(rxctx):
    rxctx.verify(rx.check_create_body_receiver_members_only(rxctx.kept.create.json()))


@then("the creation request asked for events")
def asked_for_events(rxctx):
    rxctx.verify(rx.check_events_requested(rxctx.kept.create.json()))


@then("the creation request named an https push endpoint and its authorization")
def push_endpoint(rxctx):
    body = rxctx.kept.create.json()
    if ((body or {}).get("delivery") or {}).get("method") != "urn:ietf:rfc:8935":
        rxctx.skip("not applicable: the receiver created a poll stream")
    rxctx.verify(rx.check_push_endpoint_supplied(body))
    if rxctx.session.creds.push_authorization:  # the push endpoint needs authorization
        rxctx.verify(rx.check_push_authorization_supplied(body))


@then("the receiver deleted that stream by its stream_id")
def deleted(rxctx):
    entry = rxctx.kept.delete
    rxctx.verify(rx.check_delete_names_stream(entry.query if entry is not None else None,
                                              rxctx.kept.deleted_id))


@then("the suite's transmitter received a PATCH naming the stream")
def patch_names_stream(rxctx):
    entry = rxctx.kept.request
    rxctx.verify(rx.check_request_names_stream(entry.json({}) if entry else None,
                                               rxctx.stream_id, requirement="SSF-STREAM-31"))


@then("the suite's transmitter received a status update naming the stream")
def status_names_stream(rxctx):
    entry = rxctx.kept.request
    rxctx.verify(rx.check_request_names_stream(entry.json({}) if entry else None,
                                               rxctx.stream_id, requirement="SSF-STATUS-17"))


@then("the receiver did not use the stream whose iss was foreign")
def not_used(rxctx):
    orphan = rxctx.kept.orphan
    rxctx.require(rx.check_stream_created(rxctx.kept.create.status
                                          if rxctx.kept.create else None))
    stream_id = orphan["stream_id"]
    # The embedded reference answers its drive synchronously; an external RUT gets a window.
    window = 0.0 if rxctx.session.embedded else rxctx.timeout("http_request")
    persona = rxctx.session.persona

    def uses(entry) -> bool:
        body = entry.json({}) if isinstance(entry.json({}), dict) else {}
        names = body.get("stream_id") == stream_id or entry.query.get("stream_id") == [
            stream_id] or entry.path.endswith("/" + stream_id)
        return entry.caller == "rut" and names and any(
            persona.is_call(entry, operation) for operation in persona.STREAM_USES)
    rxctx.session.persona.tap.log.wait_for(uses, window, rxctx.tap_mark)
    used = [f"{e.method} {e.path}" for e in rxctx.session.persona.tap.log.since(rxctx.tap_mark,
                                                                                uses)]
    rxctx.verify(rx.check_stream_not_used(used))
    # Clean up the stream the RUT refused, as the RUT's client (the persona is ours).
    rxctx.driver.delete_as_rut(stream_id)
