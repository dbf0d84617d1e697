"""Fixtures: Kolide emulators on real servers (uvicorn via RunningServer), a recording push
receiver, one httpx client."""
from __future__ import annotations

import httpx
import pytest

from tests.reference.dialects.kolide_support import Kolide
from tests.reference.transmitter.support import PushReceiver


@pytest.fixture(scope="session")
def http():
    with httpx.Client(timeout=10.0) as client:
        yield client


@pytest.fixture
def make_kolide(tmp_path, http):
    made: list[Kolide] = []

    def make(faults=(), **options) -> Kolide:
        sub = tmp_path / f"kolide{len(made)}"
        sub.mkdir()
        made.append(Kolide(sub, http, frozenset(faults), options))
        return made[-1]

    yield make
    for emulator in made:
        emulator.stop()


@pytest.fixture
def kolide(make_kolide) -> Kolide:
    """The documented rules as they are: private push targets refused."""
    return make_kolide()


@pytest.fixture
def receiver():
    rx = PushReceiver()
    rx.server.start()
    yield rx
    rx.server.stop()
