"""The management-API seam: what the suite asks of a transmitter's stream management API, in
the implementation's own dialect (SSF 1.0, Kolide, starfly, the legacy SSE draft).

An adapter maps each operation to the dialect's request (path, method, body shape, addressing,
extra headers) and maps the dialect's stream representation to SSF 1.0's (`normalise`), so
semantic checks read one shape while wire-level checks keep the raw exchange. Adapters make no
policy decisions: pacing, Retry-After, the stream rules learnt from answers and token defaults
stay with the driver, which hands each adapter a `send` function.

A new dialect is one subclass here plus an entry in harness/suite/dialects/__init__.py
(docs/architecture.md, "Adding a dialect").
"""
from __future__ import annotations

from typing import Any, Callable, Protocol

from harness.ssf.constants import STREAM_REQUIRED_MEMBERS
from harness.suite.http import HttpResult


class Send(Protocol):
    def __call__(self, method: str, url: str, *, paced: bool = True, **kwargs: Any
                 ) -> HttpResult: ...


# The operations `raw` knows, for negative tests (no credentials, a token in the query, a body
# that is not JSON): each adapter says which request performs it in its dialect. "wrong_method":
# the stream endpoint called with a method it does not take (an adapter whose dialect documents
# that answer offers it).
RAW_OPERATIONS = ("create", "read", "list", "update", "replace", "delete", "status_read",
                  "status_update", "add_subject", "remove_subject", "verify", "poll",
                  "wrong_method")


class MissingEndpoint(LookupError):
    """The metadata lacks an endpoint the profile's capabilities need (the implementation's
    failure: the driver turns it into a failed verdict)."""


class ManagementApi:
    """One dialect of the stream management API. Every operation returns the raw exchange."""

    dialect = "abstract"

    # False: the dialect's poll answers at once (no long poll); the driver then re-polls with
    # a bounded exponential backoff while it waits for SETs (harness/suite/observing.py's).
    long_poll = True
    # A push stream's create can name the Authorization its pushes carry (SSF §6.1.1,
    # delivery.authorization_header); False: the dialect documents no way to.
    PUSH_CREDENTIAL = True
    # The member of a stream that identifies it in the dialect's answers (None: it has none;
    # normalise then gives the stream an id for the scenarios to address it by).
    STREAM_ID_MEMBER: str | None = "stream_id"
    # What a successful create answers (status, stream members) and the rows that say so;
    # scenarios that need a stream judge their set-up by these.
    CREATED_STATUSES: tuple[int, ...] = (201,)
    CREATED_REQUIREMENT = "SSF-STREAM-19"
    STREAM_MEMBERS: tuple[str, ...] = STREAM_REQUIRED_MEMBERS
    MEMBERS_REQUIREMENT = "SSF-STREAM-01"
    # Body forms a dialect documents besides its standard one, e.g. ("legacy",).
    body_forms: tuple[str, ...] = ()
    # What a dialect's document lists, for the scenarios that judge by it: members whose values
    # it enumerates (member -> (allowed values, requirement row)) and its error codes.
    DOCUMENTED_VALUES: dict[str, tuple[tuple[str, ...], str]] = {}
    ERROR_CODES: tuple[str, ...] = ()
    DELIVERY_URNS: tuple[str, ...] = ()   # the delivery-method URNs it names, when not SSF's
    # How its SETs spell a subject format inside the event (`subject_type`), by the format's
    # SSF name, where the dialect spells it otherwise (the legacy draft's Google RISC "iss-sub").
    SUBJECT_TYPES: dict[str, str] = {}

    def __init__(self, send: Send, metadata: Callable[[], dict | None],
                 email: Callable[[], str] = lambda: "") -> None:
        self._send = send
        self._metadata = metadata
        self._email = email   # the profile's test subject, for dialects that address one

    def metadata_without_discovery(self, issuer: str) -> dict | None:
        """For a dialect without a discovery document: the metadata the suite works from in
        its place (issuer, endpoints, jwks_uri), built from the profile's issuer without a
        request. None (the default): the dialect serves its metadata, the suite discovers it."""
        return None

    def discover(self, url: str) -> HttpResult:
        """The discovery request for the metadata at `url` (the profile's or the one built
        from its issuer); a dialect whose well-known differs maps it."""
        return self._send("GET", url)

    # -- what an adapter must define -------------------------------------------------------
    def endpoint(self, name: str) -> str:
        raise NotImplementedError

    def push_body(self, endpoint_url: str, events: list[str],
                  authorization_header: str | None = None, **extra: Any) -> dict:
        raise NotImplementedError

    def poll_body(self, events: list[str], **extra: Any) -> dict:
        raise NotImplementedError

    def create(self, body: Any, token: str | None, raw: bytes | None = None) -> HttpResult:
        raise NotImplementedError

    def read(self, stream_id: str | None, token: str | None) -> HttpResult:
        raise NotImplementedError

    def update(self, body: dict, token: str | None) -> HttpResult:
        raise NotImplementedError

    def replace(self, body: dict, token: str | None) -> HttpResult:
        raise NotImplementedError

    def delete(self, stream_id: str, token: str | None) -> HttpResult:
        raise NotImplementedError

    def read_status(self, stream_id: str, token: str | None) -> HttpResult:
        raise NotImplementedError

    def set_status(self, stream_id: str, status: str, token: str | None) -> HttpResult:
        raise NotImplementedError

    def add_subject(self, stream_id: str, subject: Any, token: str | None) -> HttpResult:
        raise NotImplementedError

    def remove_subject(self, stream_id: str, subject: Any, token: str | None) -> HttpResult:
        raise NotImplementedError

    def verify(self, stream_id: str, state: str | None, token: str | None, paced: bool = True
               ) -> HttpResult:
        raise NotImplementedError

    def poll(self, stream: dict, body: dict | None, token: str | None, *, raw: str | None = None,
             timeout: float | None = None) -> HttpResult:
        raise NotImplementedError

    def raw(self, operation: str, *, token: str | None, body: Any = None,
            content: bytes | None = None, query: dict | None = None,
            stream_id: str | None = None, bare: bool = False) -> HttpResult:
        """`operation` (RAW_OPERATIONS) sent as given: no default token, no extras, unpaced;
        `stream_id` addresses the stream the dialect's way, `content` replaces a JSON body.
        For "poll", `body` is the stream whose poll endpoint is called, without the stream's
        own poll credential where the dialect has one. `bare` leaves out the headers the
        dialect requires on every call."""
        raise NotImplementedError

    # A short description of the dialect for findings ("Kolide's SSF streams API").
    TITLE = "SSF 1.0"

    @classmethod
    def recognises(cls, metadata: dict, answer: HttpResult | None) -> bool:
        """Whether discovery (`metadata`) or a refused management call (`answer`) shows this
        dialect's signature, for a profile that names another dialect (issue 12 item 7)."""
        return False

    # -- shared --------------------------------------------------------------------------
    def normalise(self, stream: Any) -> Any:
        """The dialect's stream representation in SSF 1.0's shape (identity for SSF)."""
        return stream

    def delivery_name(self, body: dict) -> str:
        """"push" or "poll" for a create body built by this adapter."""
        raise NotImplementedError

    def learn_created(self, result: HttpResult) -> None:
        """Remember what a create answer hands out once (a poll credential)."""

    def create_in_form(self, form: str, body: dict, token: str | None) -> HttpResult:
        """Create with one of `body_forms`, from a body built by push_body/poll_body."""
        raise NotImplementedError(f"{self.dialect} documents no {form!r} create body")

    def poll_credential(self, result: HttpResult) -> str | None:
        """The poll credential a create answer handed out, or None (dialects without one)."""
        return None

    def list_items(self, result: HttpResult) -> list | None:
        """The streams of a list answer, or None when its shape is not the dialect's."""
        return None

    @property
    def metadata(self) -> dict:
        return self._metadata() or {}
