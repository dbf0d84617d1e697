"""Configuration of the reference SSF receiver."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Demo IdP content seeded on first start (an empty users table). Emails are canonical lower case.
DEMO_USERS: tuple[dict, ...] = (
    {"email": "alice@example.com", "iss": "https://idp.example.com/", "sub": "alice",
     "sessions": [{"id": "s-alice-laptop", "device_id": "laptop-alice"},
                  {"id": "s-alice-phone", "device_id": "phone-alice"}],
     "credentials": [{"type": "password"}, {"type": "fido2-platform"}]},
    {"email": "bob@example.com", "phone_number": "+12065550100",
     "sessions": [{"id": "s-bob-desktop", "device_id": "desktop-bob"}],
     "credentials": [{"type": "password"}]},
    {"email": "carol@example.com", "opaque_id": "u-carol-7f3a",
     "sessions": [{"id": "s-carol-tablet", "device_id": "tablet-carol"}],
     "credentials": [{"type": "password"}]},
)


@dataclass(frozen=True)
class ReceiverConfig:
    public_base_url: str
    db_path: Path | str
    # Where the transmitter is: its issuer (metadata discovered per SSF §7.2.1) or an explicit URL.
    transmitter_issuer: str | None = None
    transmitter_metadata_url: str | None = None
    # Credentials for the transmitter's management API and poll endpoint: a static bearer, or
    # OAuth client credentials (RFC 6749 §4.4). Never logged, never echoed.
    transmitter_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    token_endpoint: str | None = None
    token_scope: str | None = "ssf.manage ssf.read"
    # When set, the push endpoint demands exactly `Authorization: Bearer <push_bearer>`.
    push_bearer: str | None = field(default=None, repr=False)
    # When set, control endpoints demand `Authorization: Bearer <control_token>`.
    control_token: str | None = field(default=None, repr=False)
    # The aud this receiver accepts; defaults to public_base_url.
    expected_audience: str | None = None
    allowed_algs: tuple[str, ...] = ("RS256", "ES256")
    iat_skew_seconds: float = 300.0
    max_set_age_seconds: float = 86400.0
    max_body_bytes: int = 64 * 1024
    jwks_cache_seconds: float = 300.0
    metadata_cache_seconds: float = 300.0
    ca_file: Path | str | None = None
    http_timeout: float = 10.0
    # Poll delivery (RFC 8936).
    poll_endpoint_url: str | None = None
    poll_enabled: bool = False          # start the background poller at start-up
    poll_max_events: int = 25
    poll_long_wait_seconds: float = 30.0  # client-side bound on one long poll
    poll_backoff_initial: float = 0.2
    poll_backoff_max: float = 10.0
    poll_max_rounds: int = 100          # bound on moreAvailable rounds of one control poll
    # Bound on the `wait` parameter of the observation endpoints.
    max_wait_seconds: float = 30.0
    seed_users: tuple[dict, ...] = DEMO_USERS
    # Event types requested when creating a stream; None = every CAEP/RISC type we understand.
    events_requested: tuple[str, ...] | None = None
    # Register at the transmitter with this SSA (RFC 7591) before managing streams, and use
    # the client credentials it gives (registration.SoftwareStatementSource).
    registration: object = None
    # Outbound address policy (harness.hardening.addresses): URLs the transmitter hands out
    # (jwks_uri, endpoints, poll URLs) on loopback, private or link-local addresses are refused
    # unless allowed here. The hosts configured above (transmitter issuer, metadata URL, token
    # endpoint, poll endpoint) and those of the allow list are always allowed.
    allow_loopback_addresses: bool = False
    allow_private_addresses: bool = False
    address_allow_list: tuple[str, ...] = ()
    faults: frozenset[str] = frozenset()
    variations: frozenset[str] = frozenset()  # legal-variation switches (variations.py)

    def __post_init__(self) -> None:
        if not (self.transmitter_issuer or self.transmitter_metadata_url):
            raise ValueError("ReceiverConfig needs transmitter_issuer or transmitter_metadata_url")
        if self.client_id and not (self.client_secret and self.token_endpoint):
            raise ValueError("client_id needs client_secret and token_endpoint")
        if self.max_body_bytes <= 0:
            raise ValueError("max_body_bytes must be positive")
        from harness.reference.receiver.faults import FAULTS  # late: faults imports the registry
        unknown = sorted(set(self.faults) - set(FAULTS))
        if unknown:  # a typo must not silently run the clean receiver
            raise ValueError(f"unknown receiver fault(s) {unknown}; known: {sorted(FAULTS)}")
        from harness.reference.receiver.variations import VARIATIONS
        unknown = sorted(set(self.variations) - set(VARIATIONS))
        if unknown:
            raise ValueError(f"unknown receiver variation(s) {unknown}")

    @property
    def address_policy(self):
        from harness.hardening import AddressPolicy
        return AddressPolicy.build(
            self.allow_loopback_addresses, self.allow_private_addresses,
            (*self.address_allow_list, self.transmitter_issuer, self.transmitter_metadata_url,
             self.token_endpoint, self.poll_endpoint_url))

    @property
    def audience(self) -> str:
        return self.expected_audience or self.public_base_url.rstrip("/")

    @property
    def push_endpoint_url(self) -> str:
        return self.public_base_url.rstrip("/") + "/ssf/receiver/push"

    def has_fault(self, name: str) -> bool:
        return name in self.faults

    def varies(self, name: str) -> bool:
        """A legal variation is switched on (conformant, but not the reference's default)."""
        return name in self.variations
