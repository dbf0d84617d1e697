"""Timeouts: defaults, per-profile values, and one multiplier applied to every wait."""
from __future__ import annotations

import pytest

from harness.profiles import PROFILES_DIR, Timeouts, load_profile

from tests.profiles.conftest import EXAMPLE_ENV


def test_defaults():
    t = Timeouts()
    assert [t.scaled(n) for n in Timeouts.NAMES] == [10.0, 10.0, 10.0, 30.0, 10.0, 10.0, 10.0,
                                                     20.0, 300.0]


def test_profile_values_and_multiplier():
    t = load_profile(PROFILES_DIR / "examples/external-transmitter.yaml",
                     env=EXAMPLE_ENV).timeouts
    assert t.push_delivery == 20 and t.multiplier == 1.5
    assert t.scaled("push_delivery") == pytest.approx(30.0)
    assert t.scaled("http_request") == pytest.approx(15.0)


def test_with_multiplier_overrides_and_rejects_nonsense():
    t = Timeouts(trigger=4).with_multiplier(2.5)
    assert t.scaled("trigger") == pytest.approx(10.0)
    with pytest.raises(ValueError):
        Timeouts().with_multiplier(0)


def test_unknown_timeout_name_is_an_error():
    with pytest.raises(ValueError, match="unknown timeout 'push'"):
        Timeouts().scaled("push")


def test_limits_have_defaults_and_named_errors(load, problems):
    from tests.profiles.conftest import MINIMAL_TX, with_changes
    limits = load(MINIMAL_TX).limits
    assert (limits.max_response_bytes, limits.max_push_bytes) == (4 << 20, 1 << 20)
    custom = load(with_changes(MINIMAL_TX, limits={"max_response_bytes": 65536})).limits
    assert custom.max_response_bytes == 65536
    found = problems(with_changes(MINIMAL_TX, limits={"max_push_bytes": 10, "bogus": 1}))
    assert set(found) == {"limits.max_push_bytes", "limits.bogus"}, found
