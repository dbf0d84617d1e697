"""Checks on the TLS of the transmitter and of the receiver's push endpoint (CAEP interop
profile section 2.1, RFC 8935 section 5.3, RFC 8936 section 4.3, RFC 9325). The suite's probes hand in what they saw as plain values: the
protocol version a handshake settled on, or None when the server refused it."""
from __future__ import annotations

from harness.checks.base import Outcome, check, fail, ok


@check("INTEROP-TLS-01", "POLL-18", "PUSH-18", per_call=True)
def check_legacy_tls_refused(legacy: str | None, modern: str | None, origin: str) -> Outcome:
    """CAEP interop profile §2.1: "TLS connections MUST be set up to use TLS version 1.2 or
    later" (INTEROP-TLS-01, the management API); RFC 8936 §4.3: the delivery endpoint "MUST
    support at least TLS version 1.2" and the recommendations of BCP 195 "MUST be followed",
    which (RFC 9325 §3.1.1) say "Implementations MUST NOT negotiate TLS version 1.1" nor 1.0
    (POLL-18, the transmitter's poll endpoint); RFC 8935 §5.3 says the same of the receiver's
    push endpoint, citing RFC 7525 as RFC 8996 updates it (PUSH-18). `legacy` is what a client offering only TLS 1.0 and 1.1
    negotiated with `origin`, `modern` what one offering 1.2 and later negotiated (the control:
    the server speaks TLS at all)."""
    if modern is None:
        return fail(f"{origin} accepts a TLS 1.2 or later handshake", "TLSv1.2 or TLSv1.3",
                    "handshake refused")
    if legacy is not None:
        return fail(f"{origin} refuses TLS versions older than 1.2", "handshake refused",
                    legacy)
    return ok(f"{origin}: {modern}; TLS 1.0/1.1 refused")


@check("INTEROP-TLS-03")
def check_tls13_supported(tls13: str | None, origin: str) -> Outcome:
    """RFC 9325 §3.1.1: "Implementations SHOULD support TLS 1.3", a recommendation the CAEP
    interop profile §2.1 makes the transmitter follow (RFC 8936 §4.3 likewise: "SHOULD support
    the newest version of TLS ... TLS 1.3"); INTEROP-TLS-03. `tls13` is what a client offering
    only TLS 1.3 negotiated (None: refused)."""
    if tls13 != "TLSv1.3":
        return fail(f"{origin} supports TLS 1.3", "TLSv1.3", tls13 or "handshake refused")
    return ok()


@check("PUSH-18")
def check_untrusted_push_endpoint_refused(delivered: int, endpoint: str) -> Outcome:
    """RFC 8935 §5.3 (PUSH-18): "The client MUST perform a TLS/SSL server certificate check
    using DNS-ID [RFC6125] and/or DANE [RFC6698]" on the push endpoint it delivers to.
    `delivered` counts the requests that reached `endpoint`, which presents a
    certificate from a CA nobody trusts, within the quiet window after a verification was
    requested on a stream pushing there: none may."""
    if delivered:
        return fail("the transmitter does not push to an endpoint whose certificate it cannot "
                    "validate", 0, f"{delivered} request(s) reached {endpoint}")
    return ok(f"nothing reached {endpoint}")
