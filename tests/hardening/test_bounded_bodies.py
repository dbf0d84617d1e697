"""bound_response_bodies (harness/hardening/bounded_bodies.py): a client's answers are read up
to the limit, from a real server streaming an endless body, sync and async alike."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

from harness.hardening import bound_response_bodies
from harness.runtime.servers import RunningServer
from tests.hardening.endless import endless_body

LIMIT = 100_000


@pytest.fixture(scope="module")
def endless_url():
    async def answer(request):
        return StreamingResponse(endless_body())
    with RunningServer(Starlette(routes=[Route("/", answer)])) as server:
        yield server.base_url + "/"


def test_a_sync_client_reads_no_more_than_the_limit(endless_url):
    with bound_response_bodies(httpx.Client(timeout=10), limit=LIMIT) as client:
        assert len(client.get(endless_url).content) == LIMIT


def test_an_async_client_reads_no_more_than_the_limit_and_other_hooks_see_the_same(endless_url):
    seen = []

    async def other_hook(response):   # e.g. the persona's push log, installed before
        seen.append(len(await response.aread()))

    async def fetch() -> int:
        client = httpx.AsyncClient(timeout=10, event_hooks={"response": [other_hook]})
        async with bound_response_bodies(client, limit=LIMIT) as bounded:
            return len((await bounded.get(endless_url)).content)
    assert asyncio.run(fetch()) == LIMIT and seen == [LIMIT]
