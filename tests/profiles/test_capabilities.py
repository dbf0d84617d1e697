"""Capabilities decide skipping: declared tags run, undeclared ones skip with a clear reason."""
from __future__ import annotations

import pytest

from harness.profiles import PROFILES_DIR, UnknownCapability, load_profile

from tests.profiles.conftest import EXAMPLE_ENV


@pytest.fixture(scope="module")
def tx():
    return load_profile(PROFILES_DIR / "examples/oauth-transmitter.yaml", env=EXAMPLE_ENV,
                        check_files=False).transmitter.capabilities


@pytest.fixture(scope="module")
def polling():
    return load_profile(PROFILES_DIR / "examples/polling-receiver.yaml",
                        env=EXAMPLE_ENV).receiver.capabilities


def test_declared_tags_are_supported(tx):
    for tag in ("push", "status", "verification", "add_subject", "remove_subject", "oauth",
                "trigger", "event:session-revoked", "subject:complex"):
        assert tx.supports(tag), tag
        assert tx.skip_reason(tag) == ""


def test_undeclared_optional_capability_skips_with_the_documented_reason(tx):
    assert not tx.supports("poll")
    assert tx.skip_reason("poll") == \
        "optional capability 'poll' not declared by profile oauth-transmitter"
    for tag in ("stream_update", "stream_replace", "multiple_streams", "event:account-disabled",
                "subject:phone_number"):
        assert not tx.supports(tag), tag


def test_event_tags_accept_slugs_and_uris(tx):
    uri = "https://schemas.openid.net/secevent/caep/event-type/credential-change"
    assert tx.supports(f"event:{uri}")
    assert not tx.supports("event:https://vendor.example/event/other")


def test_wildcards_cover_every_registry_event_and_format():
    caps = load_profile(PROFILES_DIR / "reference.yaml", env={}).transmitter.capabilities
    assert caps.supports("event:recovery-information-changed")
    assert caps.supports("subject:ip-addresses")
    assert not caps.supports("event:https://vendor.example/custom"), "* means the registry"
    assert len([t for t in caps.supported_tags() if t.startswith("event:")]) == 22


def test_receiver_without_observation_skips_observation_scenarios_with_a_reason(polling):
    assert polling.supports("poll") and not polling.supports("push")
    assert polling.skip_reason("observe:security_state") == (
        "optional capability 'observe:security_state' not declared by profile polling-receiver"
        ' (receiver.observation.type is "none")')
    assert polling.supports("drive:create") and polling.supports("drive:delete")
    assert polling.skip_reason("drive:verify").endswith('(receiver.stream.verify.type is "none")')


def test_external_receiver_observation_tags():
    caps = load_profile(PROFILES_DIR / "examples/external-receiver.yaml",
                        env=EXAMPLE_ENV).receiver.capabilities
    assert all(caps.supports(t) for t in ("observe", "observe:actions", "observe:events",
                                          "observe:security_state", "push", "verification"))
    assert not caps.supports("oauth")


def test_first_skip_reason_of_a_scenario(tx):
    assert tx.first_skip_reason(["push", "poll", "stream_update"]).startswith(
        "optional capability 'poll'")
    assert tx.first_skip_reason(["push", "oauth"]) == ""


@pytest.mark.parametrize("tag", ["pull", "event:session-revoke", "subject:emial", "event:",
                                 "requires:poll"])
def test_unknown_tags_raise_so_typos_in_features_cannot_skip_silently(tx, tag):
    with pytest.raises(UnknownCapability):
        tx.supports(tag)


def test_receiver_delivery_methods_default_to_the_delivery_method(load):
    doc = {"name": "rx", "receiver": {"delivery": {"method": "push",
                                                   "endpoint_url": "https://rp.example/p"}}}
    caps = load(doc).receiver.capabilities
    assert caps.delivery_methods == ("push",)


def test_receiver_declared_delivery_methods_must_include_the_configured_one(problems):
    doc = {"name": "rx", "receiver": {"delivery": {"method": "poll"},
                                      "capabilities": {"delivery_methods": ["push"]}}}
    assert problems(doc) == {
        "receiver.capabilities.delivery_methods": 'must include delivery.method "poll"'}
