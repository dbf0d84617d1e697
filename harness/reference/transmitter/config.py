"""Configuration of the reference transmitter.

Everything time-related is configurable so tests can use tiny values and never sleep.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from harness.jose.keys import SUPPORTED_ALGS
from harness.ssf.constants import DELIVERY_METHODS, POLL, PUSH, SCOPE_MANAGE, SCOPE_READ
from harness.ssf.events import DELIVERABLE_EVENTS


def default_events_supported() -> tuple[str, ...]:
    """Every deliverable CAEP/RISC URI except the deprecated RISC sessions-revoked."""
    return tuple(e.uri for e in DELIVERABLE_EVENTS if not e.deprecated)


@dataclass(frozen=True)
class ReceiverClient:
    """A receiver allowed to use the management API (OAuth client and/or static bearer tokens)."""
    client_id: str
    client_secret: str | None = None
    scopes: tuple[str, ...] = (SCOPE_READ, SCOPE_MANAGE)
    tokens: tuple[str, ...] = ()  # static bearer tokens carrying this client's scopes
    audience: str | tuple[str, ...] | None = None  # stream `aud`; defaults to client_id

    @property
    def aud(self) -> str | list[str]:
        if self.audience is None:
            return self.client_id
        return self.audience if isinstance(self.audience, str) else list(self.audience)

    def __repr__(self) -> str:  # never show secrets or tokens
        return f"ReceiverClient(client_id={self.client_id!r}, scopes={self.scopes!r})"


@dataclass(frozen=True)
class TrustedDirectory:
    """A trust directory whose Software Statement Assertions this transmitter's authorization
    server accepts for RFC 7591 registration: SSAs with `iss` == issuer, signed by a key of
    the JWKS at jwks_url."""
    issuer: str
    jwks_url: str


# (authorisation domain, directory role) -> the scopes a registered client with that role gets.
DEFAULT_ROLE_SCOPES: dict[tuple[str, str], tuple[str, ...]] = {
    ("SSF", "ssf.manage"): (SCOPE_READ, SCOPE_MANAGE),
    ("SSF", "receiver"): (SCOPE_READ, SCOPE_MANAGE),
    ("SSF", "ssf.read"): (SCOPE_READ,),
}


@dataclass
class TransmitterConfig:
    public_base_url: str            # externally visible origin, e.g. https://127.0.0.1:8080
    db_path: str | Path
    issuer_path: str = "/ssf"       # issuer = public_base_url + issuer_path
    signing_alg: str = "RS256"
    key_grace_seconds: float = 3600.0
    clients: list[ReceiverClient] = field(default_factory=list)
    admin_token: str | None = None  # guards trigger/admin/history endpoints when set
    default_subjects: str = "ALL"
    # SSF §7.1: complex-subject members a receiver must interpret (metadata omits it when empty).
    critical_subject_members: tuple[str, ...] = ()
    # RFC 9728 protected resource metadata (INTEROP §2.7.2): when set, served at
    # /.well-known/oauth-protected-resource{issuer_path} with these scopes_supported, each of
    # which the token endpoint grants any client allowed ssf.manage and which authorizes
    # everything ssf.manage does. None: no such metadata (404).
    protected_resource_scopes: tuple[str, ...] | None = None
    # SET shape (harness.ssf.legacy_sse.SHAPES): "sse-draft" puts the subject inside the event,
    # for the suite's persona serving a receiver that speaks only the legacy SSE draft.
    set_shape: str = "ssf"
    events_supported: tuple[str, ...] = field(default_factory=default_events_supported)
    delivery_methods: tuple[str, ...] = (PUSH, POLL)
    allow_multiple_streams: bool = True
    min_verification_interval: int = 0          # seconds; 0 = not enforced, not advertised
    inactivity_timeout: int | None = None       # seconds; None = streams never time out
    max_body_bytes: int = 64 * 1024
    description_max_length: int = 256           # longer descriptions are truncated
    access_token_lifetime: int = 3600           # seconds (INTEROP: at most 60 min)
    max_held_events: int = 10_000               # per paused stream; the oldest are dropped beyond
    create_min_interval: float = 0.0            # seconds between creates per receiver; 0 = any
    # Push delivery (RFC 8935): retries with exponential backoff and full jitter, for as long as
    # the retry budget lasts (counted from the SET's first attempt); `push_max_attempts` (None:
    # no count) can end them sooner. A SET given up on is `failed` and can be replayed.
    push_retry_budget_seconds: float = 6 * 3600.0
    push_max_attempts: int | None = None
    push_backoff_base: float = 0.5
    push_backoff_max: float = 30.0
    push_jitter: bool = True
    push_timeout: float = 10.0
    push_retry_after_max: float = 300.0         # cap on a receiver's Retry-After
    long_poll_max_wait: float = 30.0            # bound on an RFC 8936 long poll
    sse_heartbeat_seconds: float = 15.0
    sse_max_seconds: float = 300.0              # clients reconnect (SSE `retry`) after this
    ca_file: str | Path | None = None           # extra trust for outbound HTTPS
    forward_receiver_url: str | None = None
    # Outbound address policy (harness.hardening.addresses): push targets on loopback, private
    # or link-local addresses are refused unless allowed here; hosts of the allow list (names,
    # addresses, CIDR networks) and of forward_receiver_url are always allowed.
    allow_loopback_addresses: bool = False
    allow_private_addresses: bool = False
    address_allow_list: tuple[str, ...] = ()
    # RFC 7591 registration by software statement (registration.py): off without a directory.
    trusted_directories: tuple[TrustedDirectory, ...] = ()
    registration_role_scopes: dict = field(default_factory=lambda: dict(DEFAULT_ROLE_SCOPES))
    registration_modes: tuple[str, ...] = ("Live", "Test")   # software_mode values accepted
    registration_clock_skew: float = 30.0       # seconds of leeway on an SSA's exp
    directory_jwks_cache_seconds: float = 300.0
    faults: frozenset[str] = frozenset()
    variations: frozenset[str] = frozenset()    # legal-variation switches (variations.py)

    def __post_init__(self) -> None:
        from harness.reference.transmitter.faults import FAULTS
        from harness.reference.transmitter.variations import VARIATIONS

        self.public_base_url = self.public_base_url.rstrip("/")
        path = self.issuer_path.strip()
        self.issuer_path = ("/" + path.strip("/")) if path.strip("/") else ""
        self.faults = frozenset(self.faults)
        self.variations = frozenset(self.variations)
        problems = []
        if self.default_subjects not in ("ALL", "NONE"):
            problems.append("default_subjects must be 'ALL' or 'NONE'")
        if self.signing_alg not in SUPPORTED_ALGS:
            problems.append(f"signing_alg must be one of {SUPPORTED_ALGS}")
        if not self.delivery_methods or set(self.delivery_methods) - set(DELIVERY_METHODS):
            problems.append(f"delivery_methods must be a non-empty subset of {DELIVERY_METHODS}")
        if (self.push_max_attempts is not None and self.push_max_attempts < 1
                or self.long_poll_max_wait < 0 or self.push_retry_budget_seconds < 0):
            problems.append("push_max_attempts must be >= 1 (or None), long_poll_max_wait and "
                            "push_retry_budget_seconds >= 0")
        unknown = sorted(self.faults - set(FAULTS))
        if unknown:
            problems.append(f"unknown transmitter fault(s) {unknown}")
        unknown = sorted(self.variations - set(VARIATIONS))
        if unknown:
            problems.append(f"unknown transmitter variation(s) {unknown}")
        self.trusted_directories = tuple(self.trusted_directories)
        issuers = [d.issuer for d in self.trusted_directories]
        if len(issuers) != len(set(issuers)):
            problems.append("trusted_directories must name each issuer once")
        ids = [c.client_id for c in self.clients]
        if len(ids) != len(set(ids)):
            problems.append("client_id values must be unique")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def address_policy(self):
        from harness.hardening import AddressPolicy
        return AddressPolicy.build(self.allow_loopback_addresses, self.allow_private_addresses,
                                   (*self.address_allow_list, self.forward_receiver_url))

    @property
    def issuer(self) -> str:
        return self.public_base_url + self.issuer_path

    def url(self, path: str) -> str:
        """Absolute public URL of an endpoint below the issuer path."""
        return self.issuer + path

    @property
    def registration_enabled(self) -> bool:
        return bool(self.trusted_directories)

    def fault(self, name: str) -> bool:
        return name in self.faults

    def varies(self, name: str) -> bool:
        """A legal variation is switched on (conformant, but not the reference's default)."""
        return name in self.variations
