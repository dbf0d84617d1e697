"""mitmproxy addon: record every exchange as one redacted JSON line, and inject faults.

Runs inside `.venv-mitm` (mitmproxy 11), loaded with `mitmdump -s addon.py`. It imports only the
standard library, mitmproxy, and the sibling file `redact.py` (itself standard library only),
loaded by path because the `harness` package is not installed in that environment.

Options (set with `--set name=value`):
  record_file        JSONL file; one line per exchange (request + response, or request + error)
  fault_file         JSON rules file the harness rewrites at run time (see harness/proxy/faults.py)
  record_body_limit  bodies longer than this many bytes are truncated in the record
  exchange_id_header response header carrying the exchange id to the client (default
                     x-ssf-exchange-id; empty disables)
Environment: SSF_REDACT_FP_KEY (fingerprint key, hex), SSF_PROXY_KNOWN_SECRETS (JSON list of
secret values to strip from everything recorded).

Lines starting with `@@ssf-proxy ` on stdout tell the harness that the proxy is listening (with
the real port, so port 0 works) and that an exchange was written, so it can wait on events
instead of polling the file.
"""
from __future__ import annotations

import asyncio
import base64
import importlib.util
import json
import logging
import os
import re
import sys
import threading
from pathlib import Path

from mitmproxy import ctx, http

NOTIFY_PREFIX = "@@ssf-proxy "
KNOWN_SECRETS_ENV = "SSF_PROXY_KNOWN_SECRETS"
log = logging.getLogger(__name__)


def _load_redact():
    name = "ssf_proxy_redact"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("redact.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


redact = _load_redact()


def _notify(event: dict) -> None:
    sys.stdout.write(NOTIFY_PREFIX + json.dumps(event) + "\n")
    sys.stdout.flush()


class FaultRules:
    """The rules file, re-read on every request (a few microseconds for a small file; cheaper and
    more reliable than trusting mtime, whose resolution is coarse). Rules and their `times`
    counters are replaced only when the bytes change; each harness write carries a fresh
    `generation`, and is atomic, so the very next request sees exactly the new rules."""

    def __init__(self) -> None:
        self.path = ""
        self._raw: bytes | None = None
        self._rules: list[dict] = []
        self._uses: list[int] = []

    def _refresh(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read()
        except OSError:
            raw = b""
        if raw == self._raw:
            return
        self._raw = raw
        try:
            rules = json.loads(raw).get("rules", []) if raw else []
            for rule in rules:
                rule["_path_re"] = re.compile(rule.get("path") or "")
        except (ValueError, AttributeError, TypeError, re.error) as exc:
            log.error("ignoring unreadable fault file %s: %s", self.path, exc)
            rules = []
        self._rules, self._uses = rules, [0] * len(rules)

    def matching(self, request: http.Request):
        """Rules that apply to this request, in file order. A use is counted against a rule's
        `times` only when the caller takes it (a status/drop before it ends the list)."""
        if not self.path:
            return
        self._refresh()
        rules, uses = self._rules, self._uses  # stable even if the file changes during a delay
        for i, rule in enumerate(rules):
            method = rule.get("method")
            if method and method.upper() != request.method.upper():
                continue
            if not rule["_path_re"].search(request.path):
                continue
            times = rule.get("times")
            if times is not None and uses[i] >= times:
                continue
            uses[i] += 1
            yield rule


def _public(rule: dict) -> dict:
    return {k: v for k, v in rule.items() if not k.startswith("_") and k != "body"}


class Recorder:
    def __init__(self) -> None:
        self._fd: int | None = None
        self._lock = threading.Lock()
        self._seq = 0
        self._faults = FaultRules()
        self._known = [s for s in json.loads(os.environ.get(KNOWN_SECRETS_ENV) or "[]") if s]

    def load(self, loader) -> None:
        loader.add_option("record_file", str, "", "JSONL file that receives one line per exchange.")
        loader.add_option("fault_file", str, "", "JSON fault rules, re-read when it changes.")
        loader.add_option("record_body_limit", int, 1 << 20, "Record at most this many body bytes.")
        loader.add_option("exchange_id_header", str, "x-ssf-exchange-id",
                          "Response header telling the client its exchange id ('' to disable).")

    def configure(self, updated) -> None:
        if "record_file" in updated:
            with self._lock:
                if self._fd is not None:
                    os.close(self._fd)
                self._fd = None
                if ctx.options.record_file:
                    self._fd = os.open(ctx.options.record_file,
                                       os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if "fault_file" in updated:
            self._faults.path = ctx.options.fault_file

    def running(self) -> None:
        addrs = ctx.master.addons.get("proxyserver").listen_addrs()
        _notify({"event": "ready", "listen": [[a[0], a[1]] for a in addrs]})

    async def request(self, flow: http.HTTPFlow) -> None:
        if ctx.options.exchange_id_header:
            # Also stamped on the forwarded request, so a server behind the proxy (the suite's
            # own push endpoint) can cite the exchange it received as evidence.
            flow.request.headers[ctx.options.exchange_id_header] = flow.id
        applied = []
        for rule in self._faults.matching(flow.request):
            action = rule.get("action")
            applied.append(_public(rule))
            if action == "delay":
                # The delay *is* the injected fault (a slow implementation), not a wait for state.
                await asyncio.sleep(float(rule.get("delay_ms", 0)) / 1000)
            elif action == "status":
                flow.response = http.Response.make(
                    int(rule.get("status", 500)), rule.get("body", "").encode("utf-8"),
                    {"Content-Type": rule.get("content_type", "application/json")})
                break
            elif action == "drop":
                flow.kill()
                break
            elif action == "corrupt_body":
                flow.metadata["ssf_corrupt_body"] = True
        if applied:
            flow.metadata["ssf_faults"] = applied

    def response(self, flow: http.HTTPFlow) -> None:
        if flow.metadata.get("ssf_corrupt_body") and flow.response.raw_content:
            # Truncate: breaks JSON and JWS signatures alike, deterministically.
            content = flow.response.get_content(strict=False) or b""
            flow.response.set_content(content[: len(content) // 2] + b"\x00")
        self._record(flow)
        if ctx.options.exchange_id_header:
            # Added after recording, so the evidence shows the upstream's response unaltered;
            # the client can then cite exactly this exchange.
            flow.response.headers[ctx.options.exchange_id_header] = flow.id

    def error(self, flow: http.HTTPFlow) -> None:
        # Every flow gets either `response` or `error` (mitmproxy 11): an upstream that refuses
        # the connection, does not resolve, or fails the TLS handshake lands here, with the
        # request, and is recorded like any exchange (its `error.msg` says what happened).
        if not flow.metadata.get("ssf_recorded"):
            self._record(flow)

    def tls_failed_client(self, data) -> None:
        """A client (e.g. a transmitter pushing to the suite) gave up the TLS handshake with the
        proxy: no HTTP request ever existed, so no flow and no `error` hook. Recorded as an
        exchange without request line, so the scenario that waited has the reason as evidence."""
        conn = data.conn
        host, port = (conn.sockname or ("", 0))[:2]
        url = "https://%s:%s/" % (f"[{host}]" if ":" in str(host) else host, port)
        started = conn.timestamp_start
        with self._lock:
            self._seq += 1
            seq = self._seq
        self._write({
            "id": conn.id, "exchange_seq": seq,
            "mode": str(conn.proxy_mode.full_spec),
            "client": "%s:%s" % tuple(conn.peername[:2]) if conn.peername else "",
            "request": {"timestamp_start": started, "timestamp_end": None, "method": "",
                        "pretty_url": url, "url": url, "http_version": "",
                        "host_header": conn.sni, "headers": [], "body": None,
                        "body_base64": False, "body_size": 0},
            "response": None,
            "error": {"msg": self._clean(str(conn.error or "TLS handshake failed")),
                      "timestamp": conn.timestamp_end or started, "stage": "client_tls",
                      "sni": conn.sni},
            "faults": [],
        }, seq)

    def done(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    # -- building the record -------------------------------------------------------------------

    def _clean(self, text: str) -> str:
        return redact.redact_text(text, self._known) if self._known else text

    def _headers(self, headers) -> list[list[str]]:
        return [[k, self._clean(redact.redact_header_value(k, v))]
                for k, v in headers.items(multi=True)]

    def _body(self, message: http.Message) -> dict:
        if message.raw_content is None:  # streamed (stream_large_bodies): passed through unread
            return {"body": None, "body_base64": False, "body_size": 0,
                    **({"body_streamed": True} if message.stream else {})}
        content = message.get_content(strict=False) or b""
        limit = ctx.options.record_body_limit
        out = {"body_size": len(content), "body_truncated": len(content) > limit}
        content = content[:limit]
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            # Binary bodies are recorded as is: name-based redaction cannot apply to them.
            return {**out, "body": base64.b64encode(content).decode("ascii"), "body_base64": True}
        text, changed = redact.redact_body(text, message.headers.get("content-type"))
        cleaned = self._clean(text)
        return {**out, "body": cleaned, "body_base64": False,
                "body_redacted": changed or cleaned != text}

    def _record(self, flow: http.HTTPFlow) -> None:
        flow.metadata["ssf_recorded"] = True
        req, resp = flow.request, flow.response
        with self._lock:
            self._seq += 1
            seq = self._seq
        record = {
            "id": flow.id,
            "exchange_seq": seq,
            "mode": str(flow.client_conn.proxy_mode.full_spec),
            "client": "%s:%s" % tuple(peer[:2]) if (peer := flow.client_conn.peername) else "",
            "request": {
                "timestamp_start": req.timestamp_start, "timestamp_end": req.timestamp_end,
                "method": req.method, "pretty_url": self._clean(redact.redact_url(req.pretty_url)),
                "url": self._clean(redact.redact_url(req.url)), "http_version": req.http_version,
                "host_header": req.host_header, "headers": self._headers(req.headers),
                **self._body(req)},
            "response": None if resp is None else {
                "timestamp_start": resp.timestamp_start, "timestamp_end": resp.timestamp_end,
                "status_code": resp.status_code, "reason": resp.reason,
                "http_version": resp.http_version, "headers": self._headers(resp.headers),
                **self._body(resp)},
            "error": None if flow.error is None else {
                "msg": self._clean(flow.error.msg), "timestamp": flow.error.timestamp,
                "stage": "http"},
            "faults": flow.metadata.get("ssf_faults", []),
        }
        self._write(record, seq)

    def _write(self, record: dict, seq: int) -> None:
        line = (json.dumps(record) + "\n").encode("utf-8")
        with self._lock:
            if self._fd is not None:
                view = memoryview(line)
                while view:  # one O_APPEND write per line; loop only on a short write
                    view = view[os.write(self._fd, view):]
        _notify({"event": "exchange", "seq": seq})


addons = [Recorder()]
