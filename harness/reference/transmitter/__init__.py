"""Reference SSF 1.0 transmitter: a Starlette ASGI app with SQLite persistence.

    app = create_app(TransmitterConfig(public_base_url=..., db_path=..., clients=[...]))

Endpoints live under the issuer path (default "/ssf"); see docs in the module files:
discovery and JWKS (routes_discovery), OAuth token (routes_token), RFC 7591 registration by
software statement (routes_register, registration), stream management
(routes_streams, routes_ops), poll (routes_poll), push worker (push), test triggers
(routes_actions), history / SSE / decode (routes_observe), receiver forwarding (routes_forward).
"""
from harness.reference.transmitter.app import create_app
from harness.reference.transmitter.config import (
    ReceiverClient, TransmitterConfig, TrustedDirectory,
)
from harness.reference.transmitter.faults import FAULTS

__all__ = ["create_app", "TransmitterConfig", "ReceiverClient", "TrustedDirectory", "FAULTS"]
