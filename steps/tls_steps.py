"""Steps: the TLS versions the transmitter's endpoints accept and the certificates its push
client checks (features/transmitter/tls.feature; issue 15)."""
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import tls
from harness.suite import tls_probe
from harness.suite.watching import (
    is_https, poll_origin, quiet_pushes, start_untrusted_push_endpoint, tls_handshakes,
    transmitter_origin,
)
from steps.receiving import timeout
from steps import stream_setup as setup


def _not_applicable(ctx, why: str):
    ctx.recorder.record.status = "skipped"
    pytest.skip(f"not applicable: {why}")


def _poll_origin(ctx) -> str:
    """The origin of a poll stream's endpoint, from a stream made for the purpose."""
    resp = setup.create(ctx, ctx.driver.poll_body(setup.events(ctx)))
    origin = poll_origin(ctx.session, ctx.stream) if resp.status == 201 else None
    if not origin:
        _not_applicable(ctx, f"no poll stream to probe (create answered {resp.status})")
    return origin


@given(parsers.parse("the suite knows the origin of the transmitter's {endpoint}"))
def known_origin(ctx, endpoint):
    origin = _poll_origin(ctx) if endpoint == "poll endpoint" else transmitter_origin(ctx.session)
    if not is_https(origin):
        _not_applicable(ctx, f"the transmitter's {endpoint} is reached over http ({origin}): "
                        "the profile declares no TLS to probe")
    ctx.kept.origin = origin


@when(parsers.parse("the suite offers the {endpoint} TLS 1.0 and 1.1 only, then 1.2 or later, "
                    "then 1.3 only"))
def offer_versions(ctx, endpoint):
    try:
        ctx.kept.handshakes = tls_handshakes(ctx.kept.origin,
                                                 timeout(ctx, "http_request"))
    except tls_probe.ProbeUnavailable as exc:
        _not_applicable(ctx, str(exc))


@then(parsers.parse("the {endpoint} refused TLS older than 1.2 for requirement {requirement}"))
def legacy_refused(ctx, endpoint, requirement):
    seen = ctx.kept.handshakes
    ctx.verify(tls.check_legacy_tls_refused(seen[tls_probe.LEGACY], seen[tls_probe.MODERN],
                                            ctx.kept.origin, requirement=requirement))


@then(parsers.parse("the {endpoint} speaks TLS 1.3"))
def speaks_tls13(ctx, endpoint):
    ctx.verify(tls.check_tls13_supported(ctx.kept.handshakes[tls_probe.TLS13],
                                         ctx.kept.origin))


@given("a push stream to an endpoint whose certificate nobody trusts is requested")
def untrusted_stream(ctx):
    if ctx.session.profile.suite.push_endpoint.public_base_url:
        _not_applicable(ctx, "suite.push_endpoint.public_base_url is set: the suite cannot "
                        "offer a second endpoint at a public address the profile does not give")
    endpoint = start_untrusted_push_endpoint(ctx.session, ctx.push_key,
                                             timeout(ctx, "startup"))
    ctx.kept.untrusted = endpoint
    body = ctx.driver.api.push_body(endpoint.url(ctx.push_key), setup.events(ctx))
    resp = setup.create(ctx, body)
    ctx.kept.untrusted_created = resp.status == 201


@when("the suite requests verification on that stream")
def verify_untrusted(ctx):
    if ctx.kept.untrusted_created:
        ctx.call(ctx.driver.verify, ctx.stream_id, "untrusted-" + ctx.push_key)


@then("nothing reaches the untrusted push endpoint during the quiet window")
def nothing_reached(ctx):
    endpoint = ctx.kept.untrusted
    try:
        window = timeout(ctx, "quiet_window") if ctx.kept.untrusted_created else 0
        arrived = quiet_pushes(endpoint.collector, lambda p: True, window, 0)
    finally:
        endpoint.stop()
    ctx.verify(tls.check_untrusted_push_endpoint_refused(len(arrived),
                                                         endpoint.url(ctx.push_key)))
