"""RFC 8936 poll request and response bodies, shared by the sync client and the async poller."""
from __future__ import annotations

from dataclasses import dataclass

import httpx

from harness.hardening import StrictJSONError, loads


class PollResponseError(ValueError):
    """The transmitter's poll response is not an RFC 8936 response."""


@dataclass(frozen=True)
class PollResult:
    sets: dict[str, str]
    more_available: bool


def build_poll_body(max_events: int | None, return_immediately: bool,
                    acks: list[str] | tuple = (), set_errs: dict[str, dict] | None = None) -> dict:
    body: dict = {"returnImmediately": bool(return_immediately)}
    if max_events is not None:
        body["maxEvents"] = max_events
    # RFC 8936 §2.2: ack/setErrs are omitted when there is nothing to report.
    if acks:
        body["ack"] = list(acks)
    if set_errs:
        body["setErrs"] = dict(set_errs)
    return body


def parse_poll_response(response: httpx.Response) -> PollResult:
    try:  # strict: its keys (jtis) and SETs are stored and echoed back in acks
        payload = loads(response.content)
    except StrictJSONError as exc:
        raise PollResponseError(f"poll response is not strict JSON ({exc})") from None
    if not isinstance(payload, dict):
        raise PollResponseError("poll response is not a JSON object")
    sets = payload.get("sets", {})
    if not isinstance(sets, dict):
        raise PollResponseError("poll response 'sets' is not an object")
    more = payload.get("moreAvailable", False)
    if not isinstance(more, bool):
        raise PollResponseError("poll response 'moreAvailable' is not a boolean")
    return PollResult(sets=sets, more_available=more)
