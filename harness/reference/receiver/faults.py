"""Fault switches of the reference receiver (see harness/reference/faults.py)."""
from harness.reference.faults import Fault

FAULTS: dict[str, Fault] = {}
