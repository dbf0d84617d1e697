"""Fixtures: a reference transmitter factory and a recording push receiver (see support.py)."""
from __future__ import annotations

import httpx
import pytest

from tests.reference.transmitter.support import PushReceiver, Tx


@pytest.fixture(scope="session")
def http():
    with httpx.Client(timeout=10.0) as client:
        yield client


@pytest.fixture
def make_tx(tmp_path, http):
    made: list[Tx] = []

    def make(**overrides) -> Tx:
        sub = tmp_path / f"tx{len(made)}"
        sub.mkdir()
        made.append(Tx(sub, http, **overrides))
        return made[-1]

    yield make
    for tx in made:
        tx.stop()


@pytest.fixture
def tx(make_tx) -> Tx:
    return make_tx()


@pytest.fixture(scope="module")
def shared_tx(tmp_path_factory, http):
    """One transmitter for a module's tests that leave no state behind (bad-input matrices)."""
    handle = Tx(tmp_path_factory.mktemp("shared-tx"), http)
    yield handle
    handle.stop()


@pytest.fixture
def receiver():
    rx = PushReceiver()
    rx.server.start()
    yield rx
    rx.server.stop()

