"""ReceiverConfig refuses incomplete or mistyped settings and never shows its secrets."""
import pytest

from harness.reference.receiver import ReceiverConfig

BASE = dict(public_base_url="http://127.0.0.1:1", db_path=":memory:",
            transmitter_issuer="https://tx.example/ssf")


@pytest.mark.parametrize("changes, message", [
    ({"transmitter_issuer": None}, "transmitter_issuer or transmitter_metadata_url"),
    ({"client_id": "c"}, "client_secret and token_endpoint"),
    ({"max_body_bytes": 0}, "max_body_bytes"),
    ({"faults": frozenset({"accept-everything"})}, "unknown receiver fault"),
])
def test_invalid_settings_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        ReceiverConfig(**{**BASE, **changes})


def test_repr_hides_credentials():
    config = ReceiverConfig(**BASE, transmitter_token="tok-1", push_bearer="push-2",
                            control_token="ctl-3", client_id="c", client_secret="sec-4",
                            token_endpoint="https://tx.example/token")
    text = repr(config)
    assert not any(secret in text for secret in ("tok-1", "push-2", "ctl-3", "sec-4"))


def test_audience_defaults_to_the_public_base_url():
    assert ReceiverConfig(**BASE).audience == "http://127.0.0.1:1"
    assert ReceiverConfig(**BASE).push_endpoint_url == "http://127.0.0.1:1/ssf/receiver/push"
