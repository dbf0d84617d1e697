"""Fault switches of the reference transmitter (see harness/reference/faults.py)."""
from harness.reference.faults import Fault

FAULTS: dict[str, Fault] = {}
