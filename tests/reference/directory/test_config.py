"""Configuration is checked up front: one ValueError naming every problem."""
from __future__ import annotations

import pytest

from harness.reference.directory import DirectoryConfig, Organisation


@pytest.mark.parametrize("overrides, message", [
    ({"signing_alg": "HS256"}, "signing_alg"),
    ({"faults": {"no-such-fault"}}, "unknown directory fault"),
    ({"organisations": [Organisation("a", "A"), Organisation("a", "B")]}, "unique"),
    ({"organisations": [Organisation("a/b", "A")]}, "organisation_id"),
    ({"organisations": [Organisation("", "A")]}, "organisation_id"),
    ({"organisations": [Organisation("a" * 41, "A")]}, "organisation_id"),
    ({"organisations": [Organisation("a", "n" * 141)]}, "name"),
    ({"organisations": [Organisation("a", "A", status="Revoked")]}, "status"),
    ({"public_base_url": "https://" + "h" * 100}, "public_base_url"),
    ({"ssa_lifetime_seconds": 0}, "ssa_lifetime_seconds"),
    ({"rate_limit_requests": -1}, "rate_limit_requests"),
])
def test_bad_configuration_is_refused(tmp_path, overrides, message):
    with pytest.raises(ValueError, match=message):
        DirectoryConfig(**{"public_base_url": "http://127.0.0.1:1", "db_path": tmp_path / "d",
                           **overrides})


def test_tokens_never_show_in_repr():
    org = Organisation("a", "A", tokens=("super-secret",))
    assert "super-secret" not in repr(org)
