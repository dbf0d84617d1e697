"""Legal variations of the reference receiver (see harness/reference/variations.py)."""
from harness.reference.variations import Variation

_ROLE = "receiver"

_VARIATIONS: list[Variation] = []

VARIATIONS: dict[str, Variation] = {v.name: v for v in _VARIATIONS}
