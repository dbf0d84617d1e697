"""Recorded exchanges as read back from the proxy's JSONL record file.

Every record was redacted by the addon before it was written, so these objects are safe to attach
to reports as evidence as they are.
"""
from __future__ import annotations

import base64
import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harness.proxy.curl import exchange_to_curl


@dataclass(frozen=True)
class Marker:
    """A position in a record file (byte offset of a line start), for per-scenario slicing."""
    offset: int = 0


@dataclass(frozen=True, kw_only=True)
class RecordedMessage:
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    body_base64: bool = False
    body_size: int = 0
    body_truncated: bool = False
    body_redacted: bool = False
    http_version: str = ""
    timestamp_start: float | None = None
    timestamp_end: float | None = None

    def header(self, name: str) -> str | None:
        """First value of a header (case-insensitive), or None."""
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]

    def content(self) -> bytes | None:
        if self.body is None:
            return None
        return base64.b64decode(self.body) if self.body_base64 else self.body.encode("utf-8")

    def json(self):
        """The body parsed as JSON; raises ValueError when it is not JSON."""
        if self.body is None or self.body_base64:
            raise ValueError("body is not JSON text")
        return json.loads(self.body)


@dataclass(frozen=True, kw_only=True)
class RecordedRequest(RecordedMessage):
    method: str
    url: str            # pretty_url: what the client addressed (Host-based with keep_host_header)
    upstream_url: str   # where the proxy actually sent it
    host_header: str | None = None

    @property
    def path(self) -> str:
        parts = urlsplit(self.upstream_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True, kw_only=True)
class RecordedResponse(RecordedMessage):
    status: int
    reason: str = ""


def _message_fields(raw: dict) -> dict:
    return {"headers": tuple((k, v) for k, v in raw.get("headers", [])),
            "body": raw.get("body"), "body_base64": bool(raw.get("body_base64")),
            "body_size": int(raw.get("body_size") or 0),
            "body_truncated": bool(raw.get("body_truncated")),
            "body_redacted": bool(raw.get("body_redacted")),
            "http_version": raw.get("http_version", ""),
            "timestamp_start": raw.get("timestamp_start"),
            "timestamp_end": raw.get("timestamp_end")}


@dataclass(frozen=True)
class Exchange:
    id: str
    seq: int
    request: RecordedRequest
    response: RecordedResponse | None
    error: str | None = None
    faults: tuple[dict, ...] = ()
    mode: str = ""
    client: str = ""
    record: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_record(cls, record: dict) -> "Exchange":
        req = record["request"]
        resp = record.get("response")
        err = record.get("error")
        return cls(
            id=record["id"], seq=int(record.get("exchange_seq", 0)),
            request=RecordedRequest(method=req["method"], url=req["pretty_url"],
                                    upstream_url=req.get("url", req["pretty_url"]),
                                    host_header=req.get("host_header"), **_message_fields(req)),
            response=None if resp is None else RecordedResponse(
                status=int(resp["status_code"]), reason=resp.get("reason", ""),
                **_message_fields(resp)),
            error=None if err is None else err.get("msg", ""),
            faults=tuple(record.get("faults") or ()), mode=record.get("mode", ""),
            client=record.get("client", ""), record=record)

    # -- convenience --------------------------------------------------------------------------
    @property
    def method(self) -> str:
        return self.request.method

    @property
    def url(self) -> str:
        return self.request.url

    @property
    def path(self) -> str:
        return self.request.path

    @property
    def status(self) -> int | None:
        return None if self.response is None else self.response.status

    @property
    def duration_ms(self) -> float | None:
        start = self.request.timestamp_start
        end = self.response.timestamp_end if self.response else None
        return None if start is None or end is None else (end - start) * 1000

    def summary(self) -> str:
        """One line, e.g. `#3 POST http://127.0.0.1:8080/events -> 202 Accepted (4.1 ms)`."""
        if self.response is not None:
            outcome = f"{self.response.status} {self.response.reason}".rstrip()
        else:
            outcome = f"ERROR {self.error or 'no response'}"
        took = f" ({self.duration_ms:.1f} ms)" if self.duration_ms is not None else ""
        faults = "".join(f" [fault: {f.get('action')}]" for f in self.faults)
        return f"#{self.seq} {self.method} {self.url} -> {outcome}{took}{faults}"

    def to_dict(self) -> dict:
        """The record exactly as written by the addon (already redacted), as a fresh copy."""
        return copy.deepcopy(self.record)

    def to_curl(self, *, url: str | None = None, cacert: str | None = None) -> str:
        return exchange_to_curl(self, url=url, cacert=cacert)


def read_exchanges(record_file: Path, since: Marker | None = None) -> tuple[list[Exchange], Marker]:
    """Complete lines after `since`, and the marker just past the last one read. A line still
    being written (no trailing newline yet) is left for the next read."""
    offset = since.offset if since else 0
    try:
        with open(record_file, "rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except FileNotFoundError:
        return [], Marker(offset)
    end = data.rfind(b"\n") + 1
    exchanges = [Exchange.from_record(json.loads(line))
                 for line in data[:end].splitlines() if line.strip()]
    return exchanges, Marker(offset + end)


def end_marker(record_file: Path) -> Marker:
    """Marker after the last complete line of the file (where the next exchange will start).
    Reads only the tail, so marking a long record is cheap."""
    try:
        with open(record_file, "rb") as fh:
            size = fh.seek(0, 2)
            pos = size
            while pos > 0:
                step = min(4096, pos)
                fh.seek(pos - step)
                chunk = fh.read(step)
                newline = chunk.rfind(b"\n")
                if newline >= 0:
                    return Marker(pos - step + newline + 1)
                pos -= step
    except FileNotFoundError:
        pass
    return Marker(0)
