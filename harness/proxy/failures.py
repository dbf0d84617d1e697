"""What went wrong with a recorded exchange that has no response: a TLS handshake failure, a
refused connection, a host name that does not resolve, a timeout, or something else.

The recorder addon writes mitmproxy's own error text (`error.msg`) and where it happened
(`error.stage`: "client_tls" when a client gave up the handshake with the proxy, "http" for a
request whose upstream connection failed). This module turns that into a kind and one sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TLS_HANDSHAKE, REFUSED, DNS, TIMEOUT, OTHER = ("tls_handshake", "connection_refused", "dns",
                                               "timeout", "other")

# mitmproxy 11 / OpenSSL / asyncio wordings, most specific first.
_PATTERNS = (
    (DNS, re.compile(r"Name or service not known|nodename nor servname|name resolution|"
                     r"getaddrinfo|\[Errno -[235]\]|No address associated", re.I)),
    (REFUSED, re.compile(r"Connect call failed|Connection refused|\[Errno 111\]|"
                         r"ECONNREFUSED", re.I)),
    (TLS_HANDSHAKE, re.compile(r"TLS|SSL|handshake|certificate|does not trust|alert", re.I)),
    (TIMEOUT, re.compile(r"timed? ?out", re.I)),
)

_WHAT = {TLS_HANDSHAKE: "failed the TLS handshake",
         REFUSED: "failed (connection refused)",
         DNS: "failed (the host name does not resolve)",
         TIMEOUT: "failed (timed out)",
         OTHER: "failed"}


def classify(message: str, stage: str | None = None) -> str:
    """The failure kind of an error text; a client-side handshake failure is always TLS."""
    if stage == "client_tls":
        return TLS_HANDSHAKE
    for kind, pattern in _PATTERNS:
        if pattern.search(message or ""):
            return kind
    return OTHER


def _reason(message: str) -> str:
    # mitmproxy names itself ("the proxy's certificate for 127.0.0.1:1234"): in the suite the
    # proxy is the suite's own listener, and the upstream address it names is internal.
    text = re.sub(r"the proxy's certificate(?: for \S+?:\d+\]?)?", "the suite's certificate",
                  message or "")
    text = re.sub(r"(happens consistently) for \S+?:\d+\]?,", r"\1,", text)
    return text.strip() or "no reason given"


@dataclass(frozen=True)
class TransportFailure:
    """One request that never got an answer from its peer, as recorded by a proxy."""
    kind: str
    url: str
    reason: str
    exchange_id: str

    def sentence(self, who: str) -> str:
        """E.g. "the transmitter's push to https://…/push/ab failed the TLS handshake: …"."""
        return f"{who} to {self.url} {_WHAT[self.kind]}: {self.reason} " \
               f"[evidence: {self.exchange_id}]"


def transport_failure(exchange, url: str | None = None) -> TransportFailure | None:
    """The failure of a recorded exchange (harness.proxy.Exchange), or None when it was
    answered. `url` names what the client was trying to reach, when the caller knows it better
    than the record (a failed handshake has no request line)."""
    if exchange.response is not None or exchange.error is None:
        return None
    stage = (exchange.record.get("error") or {}).get("stage")
    return TransportFailure(classify(exchange.error, stage), url or exchange.url,
                            _reason(exchange.error), exchange.id)
