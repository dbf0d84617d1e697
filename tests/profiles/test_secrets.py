"""Secrets come only from the environment, and never appear in public_dict or reprs."""
from __future__ import annotations

import json

from harness.profiles import PROFILES_DIR, Secret, load_profile, load_reference_profile

from tests.profiles.conftest import EXAMPLE_ENV, example_paths


def test_secrets_lists_every_resolved_value_once():
    profile = load_profile(PROFILES_DIR / "examples/external-receiver.yaml", env=EXAMPLE_ENV)
    assert sorted(profile.secrets()) == sorted(
        EXAMPLE_ENV[k] for k in ("RUT_PUSH_TOKEN", "RUT_MGMT_TOKEN", "RUT_CONTROL_TOKEN"))


def test_public_dict_of_every_shipped_profile_holds_no_secret_value():
    profiles = [load_profile(p, env=EXAMPLE_ENV, check_files=False) for p in example_paths()]
    profiles.append(load_reference_profile(env={}))
    for profile in profiles:
        text = json.dumps(profile.public_dict())
        assert profile.secrets()
        for value in profile.secrets():
            assert value not in text, f"{profile.name} leaks a secret"


def test_public_dict_keeps_env_names_and_header_templates():
    profile = load_profile(PROFILES_DIR / "examples/external-transmitter.yaml", env=EXAMPLE_ENV)
    public = profile.public_dict()
    assert public["transmitter"]["auth"] == {"type": "bearer", "token_env": "TUT_TOKEN"}
    assert public["transmitter"]["trigger"]["headers"] == {"Authorization": "Bearer ${TUT_TOKEN}"}
    assert public["name"] == "acme-transmitter" and public["embedded"] is False
    assert "event:session-revoked" in public["transmitter"]["supported"]
    json.dumps(public)  # JSON-ready as is


def test_public_dict_scrubs_a_secret_that_shows_up_anywhere(load):
    """Defence in depth: a secret equal to some public text is still redacted."""
    profile = load({"name": "tiny", "description": "token is tut-token-value-0001",
                    "transmitter": {"issuer": "https://tx.example",
                                    "auth": {"type": "bearer", "token_env": "TUT_TOKEN"},
                                    "capabilities": {"delivery_methods": ["push"]}}})
    assert profile.public_dict()["description"] == "token is <redacted>"


def test_secret_repr_and_str_show_only_the_variable_name():
    secret = Secret("TUT_TOKEN", "very-secret-value")
    assert "very-secret-value" not in repr(secret) and "very-secret-value" not in str(secret)
    assert str(secret) == "${TUT_TOKEN}"


def test_profile_repr_holds_no_secret_value():
    profile = load_profile(PROFILES_DIR / "examples/external-receiver.yaml", env=EXAMPLE_ENV)
    text = repr(profile)
    assert all(value not in text for value in profile.secrets())


def test_bearer_and_push_authorization_values():
    tx = load_profile(PROFILES_DIR / "examples/external-transmitter.yaml", env=EXAMPLE_ENV)
    assert tx.transmitter.auth.bearer_header() == {"Authorization": "Bearer tut-bearer-2f6c"}
    rx = load_profile(PROFILES_DIR / "examples/external-receiver.yaml", env=EXAMPLE_ENV)
    assert rx.receiver.delivery.authorization_value() == "Bearer rut-push-3c1d"
    assert rx.receiver.auth.token.value == "rut-mgmt-8e2f"


def test_authorization_header_env_is_sent_verbatim(load):
    doc = {"name": "rx", "receiver": {"delivery": {
        "method": "push", "endpoint_url": "https://rp.example/push",
        "authorization_header_env": "RUT_AUTH"}}}
    profile = load(doc, env={"RUT_AUTH": "Token abc-123-def"})
    assert profile.receiver.delivery.authorization_value() == "Token abc-123-def"


def test_a_variable_used_by_an_external_target_is_required_even_if_embedded_uses_it(problems):
    doc = {"name": "mixed",
           "transmitter": {"embedded": True, "auth": {"type": "bearer", "token_env": "SHARED"}},
           "receiver": {"delivery": {"method": "push", "endpoint_url": "https://rp.example/p",
                                     "token_env": "SHARED"}}}
    assert problems(doc, env={}) == {
        "receiver.delivery.token_env": "environment variable SHARED is not set"}
