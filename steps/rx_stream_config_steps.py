"""Steps: the receiver under test reading and replacing its stream, reading its status, and
refusing metadata whose issuer does not match (features/receiver/streams.feature). What the
RUT did is read from the persona's tap."""

from pytest_bdd import given, parsers, then, when

from harness.checks import receiver_stream_calls as calls
from harness.ssf.events import STREAM_UPDATED
from harness.suite.receiver_driver import DriveUnavailable
from steps.rx_delivery import deliver

OTHER_ISSUER = "https://other-issuer.example/ssf"


def _control(rxctx, action, *args, **kwargs):
    try:
        return rxctx.call(action, *args, **kwargs)
    except DriveUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")


@when("the receiver under test is made to read its stream's configuration")
def read_config(rxctx):
    since = rxctx.session.persona.tap.log.mark()
    _control(rxctx, rxctx.driver.control_read_stream)
    rxctx.kept.read = rxctx.driver.wait_request("read", rxctx.timeout("trigger"), since)


@then("the suite's transmitter received a read of the stream")
def read_received(rxctx):
    entry = rxctx.kept.read
    rxctx.verify(calls.check_stream_read(entry.status if entry else None,
                                         entry.query if entry else None, rxctx.stream_id))
    config = entry.response_json() if entry is not None else None
    if isinstance(config, dict) and config.get("stream_id") == rxctx.stream_id:
        rxctx.kept.current = config   # what the transmitter holds before the PUT


@when("the receiver under test is made to replace its stream's configuration")
def replace_config(rxctx):
    since = rxctx.session.persona.tap.log.mark()
    if rxctx.kept.current is None:
        rxctx.kept.current = dict(rxctx.session.stream or {})
    description = "replaced by the conformance suite"
    _control(rxctx, rxctx.driver.control_replace_stream, description=description)
    entry = rxctx.driver.wait_request("replace", rxctx.timeout("trigger"), since)
    rxctx.kept.replace = entry
    config = entry.response_json() if entry is not None else None
    if entry is not None and entry.status == 200 and isinstance(config, dict):
        rxctx.session.stream = config   # later scenarios go on with the replaced stream


@then("the suite's transmitter received a PUT naming the stream with every receiver-supplied "
      "property")
def replace_received(rxctx):
    entry = rxctx.kept.replace
    rxctx.verify(calls.check_replace_carries_all_members(
        entry.json({}) if entry is not None else None, rxctx.kept.current, rxctx.stream_id))


@when("the receiver under test is made to read its stream's status")
def read_status(rxctx):
    since = rxctx.session.persona.tap.log.mark()
    _control(rxctx, rxctx.driver.control_read_status)
    rxctx.kept.status_read = rxctx.driver.wait_request("status_read",
                                                           rxctx.timeout("trigger"), since)


@then("the suite's transmitter received a status read naming the stream")
def status_read_received(rxctx):
    entry = rxctx.kept.status_read
    rxctx.verify(calls.check_status_read_names_stream(entry.query if entry else None,
                                                      rxctx.stream_id))


@when(parsers.parse("the suite delivers a stream-updated SET with status {status:w} and a member "
                    "the receiver does not know"))
def stream_updated_unknown_member(rxctx, status):
    forger = rxctx.session.forger
    payload = {"status": status, "reason": "conformance suite", "x_vendor_note": "ignore me"}
    claims = forger.claims(STREAM_UPDATED, payload, {"format": "opaque", "id": rxctx.stream_id})
    # A control event: a polling receiver gets it even while its stream is paused.
    deliver(rxctx, forger.request("valid", claims), control=True)


@given("the suite's transmitter will answer the next metadata request with another issuer")
def other_issuer(rxctx):
    persona, armed = rxctx.session.persona, [True]
    persona.tap.rewrite_next(
        lambda e: armed[0] and e.method == "GET" and e.path == persona.metadata_path,
        lambda metadata: {**metadata, "issuer": OTHER_ISSUER}
        if isinstance(metadata, dict) else metadata)
    rxctx.kept.armed = armed


@when("the receiver under test is driven to create its stream on that metadata")
def create_on_bad_metadata(rxctx):
    if rxctx.session.profile.target("receiver").stream.provisioning == "suite":
        rxctx.skip("not applicable: the suite provisions the receiver's stream")
    rxctx.kept.since = rxctx.session.persona.tap.log.mark()
    _control(rxctx, rxctx.driver.start_create, rxctx.session.delivery_method)


@then("the receiver made no stream management call on the mismatched metadata")
def nothing_built(rxctx):
    persona, since = rxctx.session.persona, rxctx.kept.since
    deadline = rxctx.driver.drive_deadline("create", rxctx.session.delivery_method)
    try:
        bad = persona.tap.log.wait_for(
            lambda e: e.path == persona.metadata_path and e.answered
            and OTHER_ISSUER in e.response_body.decode("utf-8", "replace"), deadline, since)
    finally:
        rxctx.kept.armed[0] = False   # never rewrite a later scenario's metadata
    if bad is None:
        rxctx.skip("inconclusive: the receiver did not read the metadata again (it created "
                   "from a cached copy or not at all), so it never saw the other issuer")
    # The embedded reference answers its drive synchronously; an external RUT gets a window.
    window = 0.0 if rxctx.session.embedded else rxctx.timeout("http_request")
    operations = ("create", *persona.STREAM_USES)

    def management(entry) -> bool:
        return entry.caller == "rut" and any(persona.is_call(entry, op) for op in operations)
    persona.tap.log.wait_for(management, window, bad.seq)
    made = persona.tap.log.since(bad.seq, management)
    rxctx.verify(calls.check_nothing_built_on_bad_metadata([f"{e.method} {e.path}"
                                                            for e in made]))
    for entry in made:   # clean up a stream created anyway, as the RUT's client
        created = entry.response_json() if persona.is_call(entry, "create") else None
        if entry.status == 201 and isinstance(created, dict) and created.get("stream_id"):
            rxctx.driver.delete_as_rut(created["stream_id"])
