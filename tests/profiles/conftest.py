"""Helpers for profile tests: write a profile into tmp_path and load it, expecting success or
a ProfileError, with an explicit environment (never the process's own)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness.profiles import PROFILES_DIR, ProfileError, load_profile

# A minimal valid external transmitter; tests derive broken variants from it.
MINIMAL_TX = {
    "name": "tiny",
    "transmitter": {
        "issuer": "https://tx.example/ssf",
        "auth": {"type": "bearer", "token_env": "TUT_TOKEN"},
        "capabilities": {"delivery_methods": ["push"]},
    },
}
MINIMAL_ENV = {"TUT_TOKEN": "tut-token-value-0001"}

EXAMPLES = PROFILES_DIR / "examples"
EXAMPLE_ENV = {
    "TUT_TOKEN": "tut-bearer-2f6c", "TUT_CLIENT_SECRET": "tut-client-secret-91ab",
    "TUT_CLIENT_KEY_PASSWORD": "key-password-77", "RUT_PUSH_TOKEN": "rut-push-3c1d",
    "RUT_MGMT_TOKEN": "rut-mgmt-8e2f", "RUT_CONTROL_TOKEN": "rut-control-5a9b",
    "RUT_POLL_TOKEN": "rut-poll-0d4e",
    # profiles/examples/sandbox-*.yaml: the tokens `ssf-conformance serve` uses
    "SSF_SERVE_TOKEN": "serve-token-1a2b", "SSF_SERVE_ADMIN_TOKEN": "serve-admin-3c4d",
    "SSF_SERVE_PUSH_TOKEN": "serve-push-5e6f", "SSF_SERVE_CONTROL_TOKEN": "serve-control-7a8b",
    # profiles/examples/external-directory.yaml, ssa-registering-transmitter.yaml
    "DIRECTORY_TOKEN": "directory-token-9c0d", "DIRECTORY_PROBE_TOKEN": "directory-probe-1e2f",
}


def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture
def write(tmp_path: Path):
    def _write(document, name: str = "profile.yaml") -> Path:
        path = tmp_path / name
        path.write_text(document if isinstance(document, str) else yaml.safe_dump(document))
        return path
    return _write


@pytest.fixture
def load(write):
    def _load(document, env=None, **kwargs):
        return load_profile(write(document), env=MINIMAL_ENV if env is None else env, **kwargs)
    return _load


@pytest.fixture
def problems(write):
    """Load a profile that must fail; return {field path: message} of its problems."""
    def _problems(document, env=None, **kwargs) -> dict[str, str]:
        with pytest.raises(ProfileError) as info:
            load_profile(write(document), env=MINIMAL_ENV if env is None else env, **kwargs)
        return {p.field: p.message for p in info.value.problems}
    return _problems


def with_changes(base: dict, **changes) -> dict:
    """A deep copy of `base` with dotted-path changes; a value of ... deletes the key."""
    import copy
    doc = copy.deepcopy(base)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = doc
        for key in parents:
            node = node.setdefault(key, {})
        if value is ...:
            node.pop(last, None)
        else:
            node[last] = value
    return doc
