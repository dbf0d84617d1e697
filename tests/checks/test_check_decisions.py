"""The check-to-requirement decisions recorded beside the levels (harness/catalog/levels.py)
name registered checks, each with its reason."""
from harness.catalog.levels import CHECK_DECISIONS
from harness.checks import load_all


def test_every_recorded_decision_names_a_registered_check_with_a_reason():
    registry = load_all()
    for check_id, reason in CHECK_DECISIONS.items():
        assert check_id in registry, f"{check_id} is not a registered check"
        assert len(reason) > 20, check_id

