"""Every legal variation of the reference transmitter really changes its behaviour: each
observer (observe_variations.py) is True with the variation switched on and False without it,
on a transmitter configured the same way. (Whether the suite stays green under each variation
is tests/selftest/test_variations.py.)"""
from __future__ import annotations

import pytest

from harness.reference.transmitter.variations import VARIATIONS
from harness.reference.variations import config_for
from tests.reference.transmitter.observe_variations import (
    BASE, NEEDS_RECEIVER, OBSERVE, PROFILE_ONLY,
)


def test_every_variation_has_an_observer_or_is_profile_only():
    assert set(OBSERVE) | PROFILE_ONLY == set(VARIATIONS)
    assert not set(OBSERVE) & PROFILE_ONLY
    assert all(not VARIATIONS[n].config for n in PROFILE_ONLY)
    assert all(v.role == "transmitter" for v in VARIATIONS.values())
    assert len(VARIATIONS) >= 22


@pytest.mark.parametrize("switched_on", [True, False], ids=["with-variation", "without"])
@pytest.mark.parametrize("name", sorted(OBSERVE))
def test_variation_changes_observable_behaviour(make_tx, request, name, switched_on):
    settings = dict(BASE.get(name, {}))
    if switched_on:
        settings.update(config_for((VARIATIONS[name],)))
    tx = make_tx(**settings)
    rx = request.getfixturevalue("receiver") if name in NEEDS_RECEIVER else None
    assert OBSERVE[name](tx, rx) is switched_on


def test_unknown_variation_names_are_refused(tmp_path):
    from harness.reference.transmitter import TransmitterConfig
    with pytest.raises(ValueError, match="unknown transmitter variation"):
        TransmitterConfig(public_base_url="https://x", db_path=tmp_path / "db",
                          variations=frozenset({"no-such-variation"}))
