"""Fixtures: reference directories on real servers; each asserts at teardown that nothing
reached the last-resort 500 handler."""
from __future__ import annotations

import httpx
import pytest

from tests.reference.directory.support import Dir


@pytest.fixture(scope="session")
def http():
    with httpx.Client(timeout=10.0) as client:
        yield client


@pytest.fixture
def make_dir(tmp_path, http):
    made: list[Dir] = []

    def make(**overrides) -> Dir:
        sub = tmp_path / f"dir{len(made)}"
        sub.mkdir()
        made.append(Dir(sub, http, **overrides))
        return made[-1]

    yield make
    for directory in made:
        directory.stop()
        assert directory.internal_errors == 0


@pytest.fixture
def directory(make_dir) -> Dir:
    return make_dir()


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory, http):
    """One directory for a module's tests that change no state (validation matrices)."""
    handle = Dir(tmp_path_factory.mktemp("shared-dir"), http)
    yield handle
    handle.stop()
    assert handle.internal_errors == 0
