"""The suite's HTTP client toward an implementation: one shared httpx.Client, every request
tagged with an id so the recorded exchange can be cited as evidence, URLs rewritten to go through
the recording proxy, and results handed over as plain `Exchange`-like values for the checks.

Every exchange is bounded (harness/suite/exchange_limits.py): a wall-clock deadline over the whole
exchange and a maximum body size. Going past either is the implementation's failure
(`TargetFault`, recorded as failed with the reason), never a hung or broken scenario.

It is also where the suite is a polite client (harness/suite/pacing.py): it keeps the profile's
request rate, and on request honours a 429/503 `Retry-After` within the pacing deadline.
"""
from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import httpx

from harness.hardening.json_text import read_json
from harness.suite.exchange_limits import (
    BodyTooLarge, bounded_transport, deadline, past_deadline, read_bounded,
)
from harness.suite.pacing import PACED_STATUSES, PacedWait, Pacing, note, parse_retry_after

REQUEST_ID_HEADER = "x-ssf-request-id"
# The largest response body the suite reads (profile: limits.max_response_bytes).
MAX_RESPONSE_BYTES = 4 << 20


class BodyText(str):
    """A response body decoded for display (invalid bytes replaced), keeping the bytes it came
    from in `raw`: a JSON reader (harness.checks.base.Response.json) must see that the body was
    not UTF-8 rather than read what the replacement characters left."""
    raw: bytes

    @classmethod
    def decode(cls, raw: bytes, encoding: str | None) -> "BodyText":
        try:
            text = raw.decode(encoding or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            text = raw.decode("utf-8", errors="replace")
        value = cls(text)
        value.raw = raw
        return value


@dataclass(frozen=True)
class HttpResult:
    method: str
    url: str
    status: int
    headers: dict[str, str]
    text: str
    request_id: str
    elapsed: float
    # (status, seconds) of each answer the suite waited out (Retry-After) before this one;
    # every such answer is also a recorded exchange in the scenario's evidence.
    retried_after: tuple[tuple[int, float], ...] = ()

    def json(self) -> Any:
        """The body as JSON (RFC 8259, UTF-8, no NaN, bounded nesting: hardening.json_text);
        a ValueError naming why otherwise."""
        return read_json(getattr(self.text, "raw", self.text))


class HarnessHttpError(RuntimeError):
    """The suite could not complete an HTTP exchange (network error, timeout): a harness-side
    'broken' outcome unless a step turns it into a verdict on the implementation."""


class TargetFault(HarnessHttpError, AssertionError):
    """The exchange failed because of the implementation: no complete answer within the
    exchange deadline, a body over the limit, a URL the suite refuses to call. An AssertionError,
    which the results plugin records as failed with this message; still a HarnessHttpError for
    steps and the preflight that turn a failed exchange into a verdict of their own."""


@dataclass
class SuiteHttp:
    verify: Any = True
    timeout: float = 10.0
    rewrite: Callable[[str], str] = lambda url: url
    cert: tuple[str, str] | None = None   # mTLS client certificate and key
    pacing: Pacing = field(default_factory=Pacing)
    # A forwarding recording proxy for every host but `direct` ones ("host:port", the reverse
    # proxies already in front of the implementation): URLs the implementation hands out on
    # other hosts (a jwks_uri elsewhere) are then recorded too.
    forward_proxy: str | None = None
    direct: tuple[str, ...] = ()
    max_body_bytes: int = MAX_RESPONSE_BYTES
    # Which private addresses the suite may call (SSRF guard; None: any): an implementation's
    # answer may name any URL, the suite only follows it to hosts the profile declares.
    address_policy: Any = None
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _closing: threading.Event = field(default_factory=threading.Event, init=False, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            mounts = None
            direct = bounded_transport(verify=self.verify, cert=self.cert)
            if self.forward_proxy:
                mounts = {"all://": bounded_transport(proxy=self.forward_proxy,
                                                      verify=self.verify, cert=self.cert),
                          **{f"all://{netloc}": direct for netloc in self.direct}}
            self._client = httpx.Client(transport=direct, timeout=self.timeout,
                                        follow_redirects=False, mounts=mounts)
        return self._client

    def close(self) -> None:
        self._closing.set()   # ends any paced wait at once
        if self._client is not None:
            self._client.close()
            self._client = None

    def pause(self, seconds: float) -> bool:
        """Wait up to `seconds` (a deadline wait, interrupted by close()); True if it ran out."""
        return seconds <= 0 or not self._closing.wait(seconds)

    def call(self, method: str, url: str, *, token: str | None = None,
             json: Any = None, content: bytes | str | None = None,
             headers: dict[str, str] | None = None, params: dict | None = None,
             data: dict | None = None, timeout: float | None = None,
             honour_retry_after: bool = False, rate_limited: bool = True) -> HttpResult:
        """One exchange. With `honour_retry_after`, a 429/503 carrying Retry-After is waited
        out and the request repeated (at most `pacing.max_retries` times, and only while the
        waits together stay within `pacing.max_wait`); otherwise that answer is returned."""
        retried: list[tuple[int, float]] = []
        waited = 0.0
        while True:
            result = self._send(method, url, token=token, json=json, content=content,
                                headers=headers, params=params, data=data, timeout=timeout,
                                rate_limited=rate_limited)
            if retried:
                result = replace(result, retried_after=tuple(retried))
            if not honour_retry_after or result.status not in PACED_STATUSES \
                    or len(retried) >= self.pacing.max_retries:
                return result
            delay = parse_retry_after(result.headers.get("retry-after"))
            if delay is None or waited + delay > self.pacing.max_wait:
                return result
            note(PacedWait("retry-after", method, url, delay, result.status))
            if not self.pause(delay):
                return result
            waited += delay
            retried.append((result.status, delay))

    def _check_address(self, method: str, url: str) -> None:
        if self.address_policy is None:
            return
        from harness.hardening.addresses import AddressRefused
        try:
            self.address_policy.check_url(url)
        except AddressRefused as exc:
            raise TargetFault(f"{method} {url}: the suite does not follow the implementation to "
                              f"this address ({exc}); a host the profile names is allowed, so "
                              "declare it there if it is meant") from exc

    def _send(self, method: str, url: str, *, token, json, content, headers, params, data,
              timeout, rate_limited: bool) -> HttpResult:
        if rate_limited and self.pacing.limiter is not None:
            self.pause(self.pacing.limiter.reserve())
        request_id = uuid.uuid4().hex[:16]
        hdrs = {REQUEST_ID_HEADER: request_id}
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        hdrs.update(headers or {})
        self._check_address(method, url)
        target = self.rewrite(url)
        seconds = timeout if timeout is not None else self.timeout
        started = time.monotonic()
        # The timeout is per socket operation for httpx and over the whole exchange for us.
        with deadline(seconds):
            try:
                with self.client.stream(method, target, json=json, content=content, data=data,
                                        headers=hdrs, params=params, timeout=seconds) as resp:
                    body = read_bounded(resp, self.max_body_bytes)
            except httpx.TimeoutException as exc:
                whole = " for the whole exchange" if past_deadline() else ""
                raise TargetFault(f"{method} {url}: no answer within the deadline "
                                  f"({seconds}s{whole})") from exc
            except BodyTooLarge as exc:
                raise TargetFault(f"{method} {url}: {exc}") from exc
            except httpx.HTTPError as exc:
                raise HarnessHttpError(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
        return HttpResult(method, url, resp.status_code,
                          {k.lower(): v for k, v in resp.headers.items()},
                          BodyText.decode(body, resp.charset_encoding),
                          resp.headers.get("x-ssf-exchange-id", request_id),
                          time.monotonic() - started)
