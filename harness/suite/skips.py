"""A scenario the suite cannot carry out as a polite client without breaking a rule the target
set itself (a min_verification_interval longer than the pacing deadline), or whose precondition
it cannot meet (subjects must be added and cannot be): not a verdict on the implementation.

Raised from the driver, reported as skipped with the reason, so such a scenario never turns into
a timeout failure. (Not "blocked": that status names a root cause another scenario reported.)
"""
from __future__ import annotations

import pytest


class ScenarioSkipped(pytest.skip.Exception):
    """pytest reports it as a skip; the results plugin records it with the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(msg=reason)
        self.reason = reason
