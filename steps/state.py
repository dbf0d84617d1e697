"""What a scenario's steps hand on to later steps, typed and named (it used to be a free-form
`notes` dict). One dataclass per role; a field says what it holds and which steps fill it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.checks.base import Response
from harness.suite.persona_tap import TappedRequest
from harness.suite.probes import Probe


@dataclass
class TransmitterState:
    # -- streams (stream_steps, stream_lifecycle_steps, documented_*_steps) ------------------
    delivery: str | None = None            # "push" | "poll": how the scenario's stream delivers
    authorization_header: str | None = None   # the one the suite asked the transmitter to send
    first: dict | None = None              # the first stream, before a second create or a rotation
    first_response: Response | None = None
    second: dict | None = None             # the stream created after a delete (rotation)
    patch: dict | None = None              # the PATCH body sent
    original: Any = None                   # a member's value before an update tried to change it
    replacement: dict | None = None        # the PUT body's members that must survive
    narrowed: list[str] | None = None      # events_requested after a narrowing PUT
    created: Response | None = None        # a create whose answer a later step judges
    refused: Response | None = None        # a create the document says must be refused
    allowed: Response | None = None        # its differential twin, which must be accepted
    refusals: dict[str, Response] = field(default_factory=dict)   # name -> a refused call
    answered_with: Response | None = None     # a call with what the document requires ...
    answered_without: Response | None = None  # ... and the same call without it
    test: Response | None = None           # a dialect's test-event answer
    acked: str | None = None               # the jti acknowledged
    again: Response | None = None          # the poll after the acknowledgement
    # -- events, delivery, verification (event_steps, poll_steps, verification_steps) --------
    last_action: str | None = None
    trigger_deadline: float | None = None  # a manual trigger's operator deadline
    seen: dict[str, str] = field(default_factory=dict)     # polled jti -> SET
    unacked: set[str] = field(default_factory=set)
    elapsed: float | None = None           # a long poll's duration
    requested: int | None = None           # verification requests sent
    verify_marks: list[int] = field(default_factory=list)  # collector marks at each request
    sent_states: list[str] = field(default_factory=list)
    verify_responses: list[Response] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)   # name -> verification state
    marks: dict[str, int] = field(default_factory=dict)    # stream status -> collector mark
    status_update: tuple | None = None     # (update answer, read-back answer, status asked)
    delivered_seq: int | None = None
    jwks: Any = None                       # the JWKS fetched once for signature checks
    # -- interop, inactivity, TLS -----------------------------------------------------------
    caep_formats: list[str] = field(default_factory=list)
    use_case_delivered: dict = field(default_factory=dict)
    inactivity_timeout: float | None = None
    active_updates: list[dict] = field(default_factory=list)
    active_for: float | None = None
    idle_mark: int | None = None
    origin: str | None = None
    handshakes: dict[str, str | None] = field(default_factory=dict)
    untrusted: Any = None                  # the UntrustedPushEndpoint of the TLS scenario
    untrusted_created: bool = False
    # -- authorization and registration (auth_steps, registration_steps) --------------------
    token_response: Response | None = None
    oauth_token: str | None = None
    registration: Any = None               # the RegistrationDriver of the scenario
    ssa: str | None = None
    ssa_kind: str | None = None
    registration_response: Response | None = None
    access_token: str | None = None


@dataclass
class ReceiverState:
    create: TappedRequest | None = None    # the RUT's create request, as the persona saw it
    orphan: dict | None = None             # a stream the RUT must not use (foreign iss)
    foreign_iss: bool = False
    deleted_id: str | None = None
    delete: TappedRequest | None = None
    request: TappedRequest | None = None   # the RUT's update / status request
    read: TappedRequest | None = None
    replace: TappedRequest | None = None
    status_read: TappedRequest | None = None
    current: dict | None = None            # the stream the persona holds before a PUT
    armed: Any = None                      # a one-shot rewrite of the persona's next answer
    since: int | None = None               # a tap mark
    status_changed: bool = False
    state_before: Any = None               # observed security state before an event
    state: str | None = None               # the verification state the RUT asked for
    queued: list[str] = field(default_factory=list)
    emitted: dict[str, list[str]] = field(default_factory=dict)   # action -> jtis pushed
    matrix: dict = field(default_factory=dict)     # interop: case -> the RUT's answer
    probe: Probe | None = None             # the hostile-SET probe chosen for this RUT
    twin: Any = None                       # the probe's valid twin (None: the verification SET)
    twin_acknowledged: bool = False        # the receiver acknowledged that twin
    registration_seq: int | None = None
    untrusted: Any = None                  # the untrusted transmitter endpoint (RX-TLS-01)
    untrusted_url: str | None = None
    tokens_before: int = 0                 # access tokens issued to the RUT before a call
    origin: str | None = None              # the RUT's push endpoint origin (RX-TLS-02)
    handshakes: dict[str, str | None] = field(default_factory=dict)


@dataclass
class DirectoryState:
    interaction_id: str | None = None
