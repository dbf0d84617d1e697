"""The typed, frozen form of a target profile (see profiles/README.md for the file format)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from harness.profiles.capabilities import Capabilities
from harness.profiles.secrets import Secret
from harness.profiles.observation import Observation
from harness.profiles.templates import Headers, fill_json
from harness.profiles.limits import Limits
from harness.profiles.timeouts import Timeouts
from harness.profiles.triggers import Trigger
from harness.ssf.constants import WELL_KNOWN_SSF

if TYPE_CHECKING:
    from harness.profiles.directory import DirectoryTarget

DIALECTS = ("ssf", "kolide", "starfly", "sse-draft")   # only "ssf" is driven today
AUTH_TYPES = ("none", "bearer", "oauth_client_credentials", "mtls")


@dataclass(frozen=True)
class Auth:
    """How the suite authenticates (transmitter), or how the RUT authenticates to us (receiver)."""

    type: str = "none"
    token: Secret | None = None                       # bearer
    token_endpoint: str | None = None                 # oauth_client_credentials
    client_id: str | None = None
    client_secret: Secret | None = None
    token_endpoint_auth_method: str | None = None     # oauth: client_secret_basic by default
    scopes: tuple[str, ...] = ()
    # oauth: more token request parameters (e.g. resource, audience); values may use ${ENV}.
    extra_params: tuple[tuple[str, str], ...] = ()
    # receiver oauth: seconds the access tokens the suite's transmitter issues the RUT live.
    token_lifetime: int | None = None
    env: tuple[Secret, ...] = field(default=(), compare=False, metadata={"public": False})

    def token_params(self) -> dict[str, str]:
        """`extra_params` with their ${ENV} secrets filled in."""
        return fill_json(dict(self.extra_params), {}, self.env)

    def bearer_header(self) -> dict[str, str]:
        """`Authorization: Bearer …` for a static bearer, else {} (OAuth tokens are fetched)."""
        if self.type == "bearer" and self.token is not None:
            return {"Authorization": f"Bearer {self.token.value}"}
        return {}


@dataclass(frozen=True)
class TlsSettings:
    ca_file: Path | None = None              # trust this CA for the implementation's TLS
    client_cert: Path | None = None          # mTLS client certificate chain (PEM)
    client_key: Path | None = None           # its private key (PEM)
    client_key_password: Secret | None = None


@dataclass(frozen=True)
class ProxySettings:
    enabled: bool = True                     # route traffic through the recording proxy
    upstream_ca: Path | None = None          # CA the proxy trusts for the implementation
    insecure: bool = False                   # proxy skips upstream verification (last resort)


@dataclass(frozen=True)
class Listener:
    """Where one of the suite's own HTTPS listeners binds, and how the implementation reaches it."""

    host: str = "127.0.0.1"                  # bind address
    port: int = 0                            # 0: a free port each run
    public_base_url: str | None = None       # origin the implementation uses, when not host:port


@dataclass(frozen=True)
class SuiteTls:
    cert_file: Path | None = None            # certificate the suite's listeners present (PEM)
    key_file: Path | None = None             # its key; default: issued by the suite's own CA


@dataclass(frozen=True)
class SuiteSettings:
    """The suite's side: its push endpoint (transmitter role), its transmitter persona (receiver
    role), their certificate, and where it keeps its CA and persona keys across runs."""

    push_endpoint: Listener = Listener()
    persona: Listener = Listener()
    tls: SuiteTls = SuiteTls()
    state_dir: Path | None = None            # default: $SSF_STATE_DIR, else <project>/.state


@dataclass(frozen=True)
class ReferenceSettings:
    faults: tuple[str, ...] = ()             # fault switches of the embedded reference
    variations: tuple[str, ...] = ()         # legal-variation switches of the embedded reference
    # options of an embedded vendor-dialect emulator (its package documents them), as pairs
    emulator_options: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class RateLimit:
    """The request rate the suite keeps toward a target (a token bucket)."""

    requests_per_second: float
    burst: int = 1                           # requests that may go at once before spacing


@dataclass(frozen=True)
class Variant:
    profile: str = "default"                 # "default" | "caep_interop"


@dataclass(frozen=True)
class Delivery:
    """How SETs reach the receiver under test: pushed by the suite, or polled by the RUT."""

    method: str = "push"                     # "push" | "poll" (the RUT polls us)
    endpoint_url: str | None = None          # push: the RUT's push endpoint
    token: Secret | None = None              # push: bearer the suite sends
    authorization_header: Secret | None = None  # push: whole Authorization value instead
    oauth: Auth | None = None                # push: the bearer is minted by the RUT's own AS

    def authorization_value(self) -> str | None:
        if self.authorization_header is not None:
            return self.authorization_header.value
        return f"Bearer {self.token.value}" if self.token is not None else None


@dataclass(frozen=True)
class StreamDrive:
    """Who creates the RUT's stream at the suite's transmitter, and how to make the RUT act."""

    provisioning: str = "suite"              # "suite" provisions it, or the "receiver" does
    create: Trigger = Trigger()              # for the profile's own delivery.method
    verify: Trigger = Trigger()
    delete: Trigger = Trigger()
    # Per delivery method ("push"/"poll"), when the profile drives both methods.
    create_by_method: tuple[tuple[str, Trigger], ...] = ()

    def create_for(self, method: str, default_method: str) -> Trigger:
        """The drive that makes the RUT create a stream of `method` (type none: no way)."""
        by_method = dict(self.create_by_method)
        if method in by_method:
            return by_method[method]
        return self.create if method == default_method and not by_method else Trigger()


@dataclass(frozen=True)
class StreamExtras:
    """Members the suite adds to the stream create and update bodies it sends (a transmitter
    that requires e.g. `aud`): JSON templates, per delivery method if need be."""

    create: dict = field(default_factory=dict, hash=False)
    update: dict = field(default_factory=dict, hash=False)       # update (PATCH), replace (PUT)
    by_method: dict = field(default_factory=dict, hash=False)    # {"push": {"create": {...}}}
    env: tuple[Secret, ...] = field(default=(), compare=False, metadata={"public": False})

    def members(self, kind: str, method: str | None, **values: Any) -> dict:
        """The filled-in extra members for a `kind` ("create" | "update") body of `method`."""
        from harness.profiles.templates import merge_members
        per_method = (self.by_method.get(method) or {}).get(kind) or {}
        template = merge_members(per_method, getattr(self, kind))
        return fill_json(template, values, self.env)


@dataclass(frozen=True)
class TransmitterTarget:
    capabilities: Capabilities
    embedded: bool = False                   # True: start harness.reference's transmitter
    dialect: str = "ssf"
    issuer: str | None = None
    metadata_url: str | None = None
    base_url: str | None = None              # relative trigger URLs are joined to it
    headers: Headers = Headers()             # extra headers on every management request
    auth: Auth = Auth()
    trigger: Trigger = Trigger()
    stream_extras: StreamExtras = StreamExtras()   # extra create/update members
    test_email: str | None = None
    second_receiver_token: Secret | None = None   # a second receiver (isolation scenarios)
    read_only_token: Secret | None = None         # a token with only the ssf.read scope
    status_trigger: Trigger = Trigger()           # make the TUT change a stream's status itself
    rate_limit: RateLimit | None = None           # the suite's request rate toward the TUT
    subjects_must_be_added: bool = False          # events only flow for subjects added first

    def discovery_url(self) -> str | None:
        """metadata_url, else the SSF 7.2.1 well-known URL built from the issuer."""
        if self.metadata_url or not self.issuer:
            return self.metadata_url
        parts = urlsplit(self.issuer)
        path = WELL_KNOWN_SSF + (parts.path.rstrip("/") or "")
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@dataclass(frozen=True)
class ReceiverTarget:
    capabilities: Capabilities
    embedded: bool = False                   # True: start harness.reference's receiver
    dialect: str = "ssf"
    base_url: str | None = None
    delivery: Delivery = Delivery()
    auth: Auth = Auth()                      # what the RUT presents to the suite's transmitter
    stream: StreamDrive = StreamDrive()
    observation: Observation = Observation()
    test_email: str | None = None
    rate_limit: RateLimit | None = None      # the suite's request rate toward the RUT


@dataclass(frozen=True)
class Profile:
    name: str
    source: Path | None = None
    description: str = ""
    variant: Variant = Variant()
    timeouts: Timeouts = Timeouts()
    limits: Limits = Limits()
    tls: TlsSettings = TlsSettings()
    proxy: ProxySettings = ProxySettings()
    reference: ReferenceSettings = ReferenceSettings()
    suite: SuiteSettings = SuiteSettings()
    expected: Path | None = None
    transmitter: TransmitterTarget | None = None
    receiver: ReceiverTarget | None = None
    directory: "DirectoryTarget | None" = None   # harness/profiles/directory.py

    @property
    def embedded(self) -> bool:
        """True when any target is the in-process reference implementation."""
        return any(t is not None and t.embedded
                   for t in (self.transmitter, self.receiver, self.directory))

    def target(self, role: str) -> TransmitterTarget | ReceiverTarget:
        found = {"transmitter": self.transmitter, "receiver": self.receiver,
                 "directory": self.directory}.get(role)
        if found is None:
            raise LookupError(f"profile {self.name} declares no {role}")
        return found

    def capabilities(self, role: str) -> Capabilities:
        return self.target(role).capabilities

    def secrets(self) -> list[str]:
        """Every resolved secret value, so reports can prove none of them leaked."""
        from harness.profiles.public import collect_secrets
        return list(dict.fromkeys(s.value for s in collect_secrets(self) if s.value))

    def public_dict(self) -> dict:
        """The profile as a redacted dict for results.json ("target"): env names, never values."""
        from harness.profiles.public import public_dict
        return public_dict(self)

