"""The suite's HTTP client toward an implementation: one shared httpx.Client, every request
tagged with an id so the recorded exchange can be cited as evidence, URLs rewritten to go through
the recording proxy, and results handed over as plain `Exchange`-like values for the checks.

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

from harness.suite.pacing import PACED_STATUSES, PacedWait, Pacing, note, parse_retry_after

REQUEST_ID_HEADER = "x-ssf-request-id"


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
        import json
        return json.loads(self.text)


class HarnessHttpError(RuntimeError):
    """The suite could not complete an HTTP exchange (network error, timeout): a harness-side
    'broken' outcome unless a step turns it into a verdict on the implementation."""


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
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _closing: threading.Event = field(default_factory=threading.Event, init=False, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            mounts = None
            if self.forward_proxy:
                mounts = {"all://": httpx.HTTPTransport(proxy=self.forward_proxy,
                                                        verify=self.verify, cert=self.cert),
                          **{f"all://{netloc}": None for netloc in self.direct}}
            self._client = httpx.Client(verify=self.verify, timeout=self.timeout,
                                        follow_redirects=False, cert=self.cert, mounts=mounts)
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

    def _send(self, method: str, url: str, *, token, json, content, headers, params, data,
              timeout, rate_limited: bool) -> HttpResult:
        if rate_limited and self.pacing.limiter is not None:
            self.pause(self.pacing.limiter.reserve())
        request_id = uuid.uuid4().hex[:16]
        hdrs = {REQUEST_ID_HEADER: request_id}
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        hdrs.update(headers or {})
        target = self.rewrite(url)
        started = time.monotonic()
        try:
            resp = self.client.request(method, target, json=json, content=content, data=data,
                                       headers=hdrs, params=params,
                                       timeout=timeout if timeout is not None else self.timeout)
        except httpx.TimeoutException as exc:
            raise HarnessHttpError(f"{method} {url}: no answer within the deadline "
                                   f"({timeout or self.timeout}s)") from exc
        except httpx.HTTPError as exc:
            raise HarnessHttpError(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
        return HttpResult(method, url, resp.status_code,
                          {k.lower(): v for k, v in resp.headers.items()}, resp.text,
                          resp.headers.get("x-ssf-exchange-id", request_id),
                          time.monotonic() - started)
