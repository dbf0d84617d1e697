from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from harness.proxy import RecordingProxy, stop_all
from harness.runtime.servers import RunningServer
from harness.runtime.tls import LocalTLS, make_local_tls
from tests.proxy.apps import implementation_app, receiver_app

# Deadlines for the tests' own waits (generous: the machine is shared).
WAIT_SECONDS = 10.0


@pytest.fixture(scope="session")
def mitm_confdir(tmp_path_factory) -> Path:
    # One mitmproxy CA per worker: a worker starts its proxies one at a time, so they can share it.
    return tmp_path_factory.mktemp("mitm-conf")


@pytest.fixture(scope="session")
def tls(tmp_path_factory) -> LocalTLS:
    return make_local_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=WAIT_SECONDS) as client:
        yield client


@pytest.fixture(scope="module")
def implementation() -> Iterator[RunningServer]:
    with RunningServer(implementation_app()) as server:
        yield server


@pytest.fixture(scope="module")
def receiver() -> Iterator[RunningServer]:
    with RunningServer(receiver_app()) as server:
        yield server


@pytest.fixture(scope="module")
def proxy_factory(tmp_path_factory, mitm_confdir):
    """Start proxies that are stopped at the end of the module."""
    started: list[RecordingProxy] = []
    directory = tmp_path_factory.mktemp("records")

    def start(upstream: str, name: str, **kw) -> RecordingProxy:
        kw.setdefault("confdir", mitm_confdir)
        proxy = RecordingProxy(upstream, directory / f"{name}.jsonl", **kw).start()
        started.append(proxy)
        return proxy

    yield start
    stop_all(started)
