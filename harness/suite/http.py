"""The suite's HTTP client toward an implementation: one shared httpx.Client, every request
tagged with an id so the recorded exchange can be cited as evidence, URLs rewritten to go through
the recording proxy, and results handed over as plain `Exchange`-like values for the checks.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx

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
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(verify=self.verify, timeout=self.timeout,
                                        follow_redirects=False, cert=self.cert)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def call(self, method: str, url: str, *, token: str | None = None,
             json: Any = None, content: bytes | str | None = None,
             headers: dict[str, str] | None = None, params: dict | None = None,
             data: dict | None = None, timeout: float | None = None) -> HttpResult:
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
