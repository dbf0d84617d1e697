"""Small behaviours of the typed profile: discovery URL, dialect, targets by role, defaults."""
from __future__ import annotations

import pytest

from tests.profiles.conftest import MINIMAL_TX, with_changes


@pytest.mark.parametrize("issuer,expected", [
    ("https://tx.example/ssf", "https://tx.example/.well-known/ssf-configuration/ssf"),
    ("https://tx.example", "https://tx.example/.well-known/ssf-configuration"),
    ("https://tx.example:8443/a/b/", "https://tx.example:8443/.well-known/ssf-configuration/a/b"),
])
def test_discovery_url_follows_ssf_7_2_1(load, issuer, expected):
    assert load(with_changes(MINIMAL_TX, transmitter__issuer=issuer)) \
        .transmitter.discovery_url() == expected


def test_explicit_metadata_url_wins(load):
    url = "https://tx.example/custom/ssf-configuration"
    tx = load(with_changes(MINIMAL_TX, transmitter__metadata_url=url)).transmitter
    assert tx.discovery_url() == url


def test_defaults_of_an_external_transmitter(load):
    profile = load(MINIMAL_TX)
    tx = profile.transmitter
    assert (tx.dialect, tx.embedded, tx.trigger.type, tx.base_url) == (
        "ssf", False, "none", "https://tx.example/ssf")
    assert profile.proxy.enabled and not profile.proxy.insecure
    assert profile.variant.profile == "default" and profile.receiver is None
    assert tx.capabilities.skip_reason("trigger").endswith('(transmitter.trigger.type is "none")')


def test_reserved_dialect_is_accepted_and_an_unquoted_date_stays_a_string(load):
    text = ("name: k\ntransmitter:\n  dialect: kolide\n  issuer: https://api.kolide.example\n"
            "  headers:\n    X-Kolide-Api-Version: 2026-04-07\n"
            "  capabilities: {delivery_methods: [push]}\n")
    profile = load(text)
    assert profile.transmitter.dialect == "kolide"
    assert profile.transmitter.headers.render() == {"X-Kolide-Api-Version": "2026-04-07"}


def test_target_by_role(load):
    profile = load(MINIMAL_TX)
    assert profile.target("transmitter") is profile.transmitter
    with pytest.raises(LookupError, match="declares no receiver"):
        profile.capabilities("receiver")


def test_embedded_target_with_declared_capabilities_uses_them(load):
    doc = {"name": "ref-lite", "transmitter": {"embedded": True, "capabilities": {
        "delivery_methods": ["poll"]}}, "reference": {"faults": ["push-wrong-aud"]}}
    profile = load(doc, env={})
    assert profile.embedded and profile.reference.faults == ("push-wrong-aud",)
    assert profile.transmitter.capabilities.supports("poll")
    assert not profile.transmitter.capabilities.supports("push")
