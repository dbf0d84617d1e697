"""The suite's HTTP client as a polite client (issue 10, item 6): Retry-After on 429/503 is
waited out within the pacing deadline and recorded, a longer one is returned as is, and a
profile's request rate spaces requests. Real server (uvicorn on 127.0.0.1), real HTTP."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.runtime.servers import RunningServer
from harness.suite.http import SuiteHttp
from harness.suite.pacing import Pacing, RateLimiter, parse_retry_after


class ScriptedServer:
    """Answers each request with the next scripted (status, headers) and then 201; records the
    monotonic arrival time of every request."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict]] = []
        self.arrivals: list[float] = []
        self.server = RunningServer(Starlette(routes=[
            Route("/stream", self._answer, methods=["GET", "POST"])]))

    async def _answer(self, request: Request) -> Response:
        self.arrivals.append(time.monotonic())
        if self.script:
            status, headers = self.script.pop(0)
            return Response(b'{"error":"slow_down"}', status_code=status, headers=headers)
        return JSONResponse({"stream_id": "s1"}, status_code=201)

    @property
    def url(self) -> str:
        return self.server.base_url + "/stream"


@pytest.fixture(scope="module")
def scripted():
    server = ScriptedServer()
    server.server.start()
    yield server
    server.server.stop()


@pytest.fixture
def target(scripted):
    scripted.script.clear()
    scripted.arrivals.clear()
    return scripted


def _http(max_wait: float = 5.0, limiter: RateLimiter | None = None) -> SuiteHttp:
    return SuiteHttp(timeout=5.0, pacing=Pacing(max_wait=max_wait, limiter=limiter))


def test_retry_after_seconds_and_http_date_are_read():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("1") == 1.0
    assert parse_retry_after(" 120 ") == 120.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True),
                             now=now) == pytest.approx(30.0)
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True),
                             now=now) == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-1") is None


def test_the_token_bucket_spaces_requests_after_the_burst():
    limiter = RateLimiter(requests_per_second=4, burst=2)
    assert [limiter.reserve(now=100.0) for _ in range(4)] == [0.0, 0.0, 0.25, 0.5]
    assert limiter.reserve(now=200.0) == 0.0          # the bucket refilled meanwhile
    with pytest.raises(ValueError):
        RateLimiter(0)


def test_a_429_with_retry_after_1_is_waited_out_and_the_second_answer_used(target):
    target.script.append((429, {"Retry-After": "1"}))
    http = _http()
    try:
        result = http.call("POST", target.url, json={}, honour_retry_after=True)
    finally:
        http.close()
    assert result.status == 201 and result.json() == {"stream_id": "s1"}
    assert result.retried_after == ((429, 1.0),)
    assert len(target.arrivals) == 2
    assert target.arrivals[1] - target.arrivals[0] >= 1.0


def test_a_503_with_an_http_date_retry_after_is_honoured_too(target):
    soon = format_datetime(datetime.now(timezone.utc), usegmt=True)   # "now": no wait at all
    target.script.append((503, {"Retry-After": soon}))
    http = _http()
    try:
        result = http.call("GET", target.url, honour_retry_after=True)
    finally:
        http.close()
    assert result.status == 201 and result.retried_after == ((503, 0.0),)


def test_a_retry_after_beyond_the_pacing_deadline_returns_the_429_as_is(target):
    target.script.append((429, {"Retry-After": "60"}))
    http = _http(max_wait=2.0)
    try:
        started = time.monotonic()
        result = http.call("POST", target.url, json={}, honour_retry_after=True)
    finally:
        http.close()
    assert result.status == 429 and result.headers["retry-after"] == "60"
    assert result.retried_after == () and len(target.arrivals) == 1
    assert time.monotonic() - started < 60     # the 60 s were never waited


def test_without_retry_after_or_when_not_asked_the_answer_is_returned(target):
    http = _http()
    try:
        target.script.append((429, {}))
        assert http.call("POST", target.url, honour_retry_after=True).status == 429
        target.script.append((429, {"Retry-After": "0"}))
        assert http.call("POST", target.url).status == 429     # a probe sees its 429
    finally:
        http.close()
    assert len(target.arrivals) == 2


def test_retries_are_bounded(target):
    target.script.extend([(429, {"Retry-After": "0"})] * 10)
    http = _http()
    try:
        result = http.call("POST", target.url, honour_retry_after=True)
    finally:
        http.close()
    assert result.status == 429
    assert result.retried_after == ((429, 0.0),) * http.pacing.max_retries
    assert len(target.arrivals) == 1 + http.pacing.max_retries


def test_closing_the_client_ends_a_paced_wait_at_once():
    http = _http()
    http.close()
    assert http.pause(30) is False     # interrupted, not waited


def test_the_rate_limit_spaces_requests(target):
    http = _http(limiter=RateLimiter(requests_per_second=5))
    sent: list[float] = []
    http.client.event_hooks["request"] = [lambda request: sent.append(time.monotonic())]
    try:
        for _ in range(4):
            assert http.call("GET", target.url).status == 201
    finally:
        http.close()
    # A token bucket keeps the rate, not each gap: request i goes no earlier than its slot,
    # i × 0.2 s after the first (a late request i-1 may leave a shorter gap to request i).
    # 1 ms: clock rounding.
    offsets = [t - sent[0] for t in sent]
    assert len(offsets) == 4 and all(off >= i * 0.2 - 1e-3 for i, off in enumerate(offsets)), \
        offsets
