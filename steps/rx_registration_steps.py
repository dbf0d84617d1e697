"""Steps: the receiver under test registering with its SSA at the suite's transmitter
(features/receiver/registration.feature). What it did is read from the persona's records: the
registration may have happened in an earlier scenario (a receiver registers once), so the
whole run's tap is searched, not just this scenario's part."""
from pytest_bdd import then

from harness.checks import receiver_registration as rr
from harness.suite.receiver_registration import registered_clients, stream_owner


@then("the receiver registered at the suite's registration endpoint with a software statement")
def registered(rxctx):
    persona = rxctx.session.persona
    _, path = persona.route("register")
    entry = next(iter(persona.tap.log.since(0, lambda e: e.path == path)), None)
    rxctx.kept.registration_seq = entry.seq if entry is not None else None
    rxctx.verify(rr.check_registration_request(
        entry.method if entry else None, entry.headers.get("content-type") if entry else None,
        entry.body if entry else None))


@then("the receiver created its stream with the credentials it registered")
def created_with_registered_credentials(rxctx):
    persona = rxctx.session.persona
    create = rxctx.kept.create
    first = rxctx.kept.registration_seq
    ordered = first is not None and create is not None and first < create.seq
    rxctx.verify(rr.check_stream_created_by_registered_client(
        stream_owner(persona, (rxctx.session.stream or {}).get("stream_id")),
        registered_clients(persona), ordered))
