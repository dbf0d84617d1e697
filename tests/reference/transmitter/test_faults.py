"""Every fault switch is a real, observable defect: each observer (observe_*_faults.py) returns
True when the defect is visible from outside. It must be True with the fault and False without
it, on a transmitter configured the same way."""
from __future__ import annotations

import pytest

from harness.reference.transmitter.faults import FAULTS
from tests.reference.transmitter import (
    observe_api_faults as api, observe_delivery_faults as delivery,
    observe_issue15_faults as issue15, observe_registration_faults as registration,
    observe_set_faults as sets,
)

OBSERVE = {**sets.OBSERVE, **api.OBSERVE, **delivery.OBSERVE, **registration.OBSERVE,
           **issue15.OBSERVE}
CONFIG = {**sets.CONFIG, **api.CONFIG, **registration.CONFIG, **issue15.CONFIG}
NEEDS_RECEIVER = api.NEEDS_RECEIVER | delivery.NEEDS_RECEIVER | issue15.NEEDS_RECEIVER


def test_every_fault_is_registered_with_an_observer():
    assert len(OBSERVE) == (len(sets.OBSERVE) + len(api.OBSERVE) + len(delivery.OBSERVE)
                            + len(registration.OBSERVE) + len(issue15.OBSERVE))
    assert set(OBSERVE) == set(FAULTS) and len(FAULTS) >= 80
    assert set(CONFIG) | NEEDS_RECEIVER <= set(FAULTS)
    assert all(f.role == "transmitter" and f.description for f in FAULTS.values())


@pytest.mark.parametrize("faulty", [True, False], ids=["with-fault", "without"])
@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_changes_observable_behaviour(make_tx, request, name, faulty):
    tx = make_tx(faults=frozenset({name}) if faulty else frozenset(), long_poll_max_wait=0.5,
                 **CONFIG.get(name, {}))
    rx = request.getfixturevalue("receiver") if name in NEEDS_RECEIVER else None
    assert OBSERVE[name](tx, rx) is faulty


def test_unknown_fault_names_are_refused(tmp_path):
    from harness.reference.transmitter import TransmitterConfig
    with pytest.raises(ValueError, match="unknown transmitter fault"):
        TransmitterConfig(public_base_url="https://x", db_path=tmp_path / "db",
                          faults=frozenset({"no-such-fault"}))
