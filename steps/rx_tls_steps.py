"""Steps: the TLS versions the receiver under test's push endpoint accepts
(features/receiver/tls.feature, RX-TLS-02). The probe talks to the receiver's own origin, never
to the suite's recording proxy, and only where the push endpoint is reached over https."""
from pytest_bdd import given, then, when

from harness.checks import tls
from harness.suite import tls_probe
from harness.suite.watching import is_https, receiver_push_origin, tls_handshakes


@given("the suite knows the origin of the receiver's push endpoint")
def push_origin(rxctx):
    origin = receiver_push_origin(rxctx.session)
    if not origin or not is_https(origin):
        rxctx.skip(f"not applicable: the receiver's push endpoint is {origin or 'not given'}, "
                   "not reached over https: the profile declares no TLS to probe")
    rxctx.kept.origin = origin


@when("the suite offers the receiver's push endpoint TLS 1.0 and 1.1 only, then 1.2 or later")
def offer_versions(rxctx):
    try:
        rxctx.kept.handshakes = tls_handshakes(rxctx.kept.origin, rxctx.timeout("http_request"))
    except tls_probe.ProbeUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")


@then("the receiver's push endpoint refused TLS older than 1.2")
def legacy_refused(rxctx):
    seen = rxctx.kept.handshakes
    rxctx.verify(tls.check_legacy_tls_refused(seen[tls_probe.LEGACY], seen[tls_probe.MODERN],
                                              rxctx.kept.origin, requirement="PUSH-18"))
