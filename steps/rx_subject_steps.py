"""Steps: how the receiver under test handles the subject of an event (features/receiver/
subjects.feature RX-SUBJ-02, response_actions.feature RX-ACT-03) and whether it calls a
transmitter endpoint whose certificate it cannot validate (features/receiver/tls.feature).

What must not happen is watched for: the embedded reference holds an observation read until the
SET was processed; an external receiver is watched for the quiet window."""
import secrets

from pytest_bdd import given, then, when

from harness.checks import receiver as rx
from harness.checks import receiver_subjects as rs
from harness.suite import receiver_streams
from harness.suite.receiver_driver import DriveUnavailable
from harness.suite.receiver_tls import start_untrusted_transmitter_endpoint
from harness.suite.watching import quiet_pushes
from steps.rx_delivery import deliver, of_jti
from steps.setup_outcomes import guard_observation, nothing_to_observe, observed

UNDEFINED_FORMAT = "x-ssf-conformance-undefined"   # no spec or agreement defines it


@given("the suite's transmitter names tenant a critical subject member")
def tenant_is_critical(rxctx):
    if "tenant" not in rxctx.session.persona.critical_subject_members:
        rxctx.skip("not applicable: the suite's transmitter names no critical subject member")


@when("the suite delivers a session-revoked SET about that subject whose tenant has a format "
      "nobody defines")
def deliver_undefined_tenant(rxctx):
    subject = {"format": "complex", "user": {"format": "email", "email": rxctx.email},
               "tenant": {"format": UNDEFINED_FORMAT, "id": f"t-{secrets.token_hex(4)}"}}
    deliver(rxctx, rxctx.session.forger.valid("session-revoked", subject=subject))


@when("the suite delivers a session-revoked SET about that subject on a device it was never "
      "seen on")
def deliver_other_device(rxctx):
    subject = {"format": "complex", "user": {"format": "email", "email": rxctx.email},
               "device": {"format": "opaque", "id": f"suite-device-{secrets.token_hex(4)}"}}
    deliver(rxctx, rxctx.session.forger.valid("session-revoked", subject=subject))


def _watch(rxctx, jti: str) -> tuple[list[str], object, object]:
    """(the session-revoked response actions logged for `jti`, the subject's state before,
    after): read once the receiver processed the SET (embedded) or after the quiet window."""
    driver = rxctx.driver
    embedded = rxctx.session.embedded
    window = rxctx.timeout("observation" if embedded else "quiet_window")
    layout = rxctx.session.profile.target("receiver").observation.layout
    names = layout.names_for("session-revoked")
    acted: list[str] = []
    if driver.observable("actions"):
        guard_observation(rxctx, "actions")
        entries = observed(rxctx, driver.observe_until(
            "actions", lambda found: embedded or bool(of_jti(found, jti)), window,
            {"jti": jti}, jti=jti))
        acted = [e.get("action") for e in of_jti(entries, jti) if e.get("action") in names]
        window = 0.0 if embedded or acted else window   # the wait is over
    before = after = None
    if driver.observable("security_state") and rxctx.kept.state_before is not None:
        guard_observation(rxctx, "security_state")
        before = observed(rxctx, rxctx.kept.state_before)
        after = observed(rxctx, driver.observe_until(
            "security_state", lambda found: found != before, window, email=rxctx.email))
    return acted, before, after


@then("the receiver did not act on the event whose critical member it cannot process")
def critical_member_discarded(rxctx):
    acted, before, after = _watch(rxctx, rxctx.answer.jti)
    if not rxctx.driver.observable("actions") and before is None:
        nothing_to_observe(rxctx, "not applicable: the profile shows neither the receiver's "
                                  "action log nor a subject's security state")
    rxctx.verify(rs.check_critical_member_event_discarded(acted, before, after))


@then("the subject's sessions that match no revoked device are still active")
def unmatched_sessions_kept(rxctx):
    acted, before, after = _watch(rxctx, rxctx.answer.jti)
    if before is None:
        nothing_to_observe(rxctx, "not applicable: the profile shows no security state for "
                                  "the subject")
    if (before or {}).get("sessions_active") == 0:
        rxctx.skip("not applicable: the subject has no active session to keep")
    rxctx.verify(rs.check_complex_revocation_kept_unmatched_sessions(before, after))


# -- the transmitter's certificate (CAEP interop profile 2.1) ---------------------------------
@given("the suite's transmitter will hand out a poll endpoint whose certificate nobody trusts")
def untrusted_poll_endpoint(rxctx):
    session = rxctx.session
    endpoint = start_untrusted_transmitter_endpoint(session, rxctx.timeout("startup"))
    rxctx.kept.untrusted = endpoint
    url = endpoint.url(secrets.token_hex(6))
    rxctx.kept.untrusted_url = url
    method, path = session.persona.route("create")

    def poll_there(config):
        delivery = config.get("delivery") if isinstance(config, dict) else None
        if isinstance(delivery, dict) and delivery.get("method") == receiver_streams.METHOD_URNS[
                "poll"]:
            return {**config, "delivery": {**delivery, "endpoint_url": url}}
        return config
    session.persona.tap.rewrite_next(lambda e: e.method == method and e.path == path,
                                     poll_there)


@when("the receiver under test is driven to create a poll stream")
def drive_poll_create(rxctx):
    try:
        rxctx.kept.create = rxctx.call(receiver_streams.create_stream, rxctx.driver, "poll")
    except DriveUnavailable as exc:
        rxctx.kept.untrusted.stop()
        rxctx.skip(f"not applicable: {exc}")


@then("nothing reaches the untrusted poll endpoint during the quiet window")
def nothing_reached_untrusted(rxctx):
    endpoint, created = rxctx.kept.untrusted, rxctx.kept.create is not None
    try:
        window = rxctx.timeout("quiet_window") if created else 0.0
        arrived = quiet_pushes(endpoint.collector, lambda p: True, window, 0)
    finally:
        endpoint.stop()
        if created:  # the stream names an endpoint it cannot poll: have the RUT drop it
            rxctx.call(receiver_streams.delete_stream, rxctx.driver)
    rxctx.require(rx.check_stream_created(rxctx.kept.create.status if created else None))
    rxctx.verify(rs.check_untrusted_transmitter_endpoint_refused(len(arrived),
                                                                 rxctx.kept.untrusted_url))
