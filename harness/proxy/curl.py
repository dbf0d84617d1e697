"""A curl command line that reproduces a recorded request (evidence for a failing step).

Redacted values become shell variables (`-H "Authorization: Bearer ${TOKEN}"`), so the line runs
as is once the reader exports the credential; nothing secret is ever printed.
"""
from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from harness.proxy.exchange import Exchange

_MARKER = re.compile(r"\[REDACTED(?: fp:[0-9a-f]+)?\]")
_URLENCODED_MARKER = re.compile(r"\[REDACTED(?:%20fp:[0-9a-f]+)?\]")
# curl computes these itself, or they describe the hop rather than the request.
_SKIP = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive",
                   "proxy-connection", "accept-encoding"})
_VARIABLES = {"authorization": "TOKEN", "proxy-authorization": "PROXY_TOKEN",
              "cookie": "COOKIE", "x-api-key": "API_KEY"}


def _double_quoted(text: str, variable: str) -> str:
    """Double-quote `text` for a POSIX shell, turning each redaction marker into ${variable}."""
    pieces = _MARKER.split(text)
    escaped = [re.sub(r'(["\\$`])', r"\\\1", piece) for piece in pieces]
    return '"' + ("${%s}" % variable).join(escaped) + '"'


def _arg(text: str, variable: str = "SECRET") -> str:
    return _double_quoted(text, variable) if _MARKER.search(text) else shlex.quote(text)


def exchange_to_curl(exchange: "Exchange", *, url: str | None = None,
                     cacert: str | None = None) -> str:
    """`url` defaults to the upstream URL the proxy sent the request to (the implementation)."""
    request = exchange.request
    target = url or request.upstream_url
    target = _URLENCODED_MARKER.sub("[REDACTED]", target)
    parts = ["curl", "--silent", "--show-error", "--include"]
    if not request.method:  # a client gave up the TLS handshake: there was no request
        parts[1:] = ["--verbose", "--head"]
    if cacert:
        parts += ["--cacert", shlex.quote(cacert)]
    has_body = bool(request.body) or request.body_size > 0
    if request.method == "HEAD":
        parts.append("--head")
    elif request.method and (request.method != "GET" or has_body):
        parts += ["--request", shlex.quote(request.method)]
    netloc = urlsplit(target).netloc.lower()
    for name, value in request.headers:
        lname = name.lower()
        if lname in _SKIP or (lname == "host" and value.lower() == netloc):
            continue
        parts += ["--header", _arg(f"{name}: {value}", _VARIABLES.get(lname, "SECRET"))]
    if any(k.lower() == "accept-encoding" for k, _ in request.headers):
        parts.append("--compressed")
    prefix = ""
    if request.body is not None and has_body:
        if request.body_base64:
            prefix = f"printf %s {shlex.quote(request.body)} | base64 -d | "
            parts += ["--data-binary", "@-"]
        else:
            parts += ["--data-binary", _arg(request.body)]
    parts.append(_arg(target))
    line = prefix + " ".join(parts)
    if request.body_truncated:
        line += "  # body truncated in the record: reproduce with the full body"
    return line
