"""The reference SSF receiver: push endpoint (RFC 8935), poll client (RFC 8936), stream
management client (SSF §7-§8), a mock IdP with response actions, and observation endpoints."""
from harness.reference.receiver.app import create_app
from harness.reference.receiver.config import DEMO_USERS, ReceiverConfig
from harness.reference.receiver.polling_wire import PollResult
from harness.reference.receiver.transmitter_client import (
    DiscoveryError, IssuerMismatchError, TransmitterClient, TransmitterError,
    TransmitterHTTPError, TransmitterUnavailable, well_known_url,
)

__all__ = [
    "create_app", "ReceiverConfig", "DEMO_USERS", "TransmitterClient", "PollResult",
    "TransmitterError", "DiscoveryError", "IssuerMismatchError", "TransmitterHTTPError",
    "TransmitterUnavailable", "well_known_url",
]
