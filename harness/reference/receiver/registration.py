"""The receiver registering itself at its transmitter's authorization server with its Software
Statement Assertion (RFC 7591 §3.1), before it manages any stream.

Where the SSA comes from (`SoftwareStatementSource`): the trust directory's documented call
`GET {directory}/organisations/{OrganisationId}/softwarestatements/{SoftwareStatementId}/assertion`
with the organisation's bearer token, or an SSA handed over as is. Where to register: the
`registration_endpoint` of the transmitter's RFC 8414 metadata (at the well-known location built
from the SSF issuer). What it gets (client_id, client_secret, token_endpoint) is kept in the
receiver's database, so a restart does not register again; the transmitter client then uses
them with the client credentials grant.
"""
from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from harness.hardening import bound_response_bodies
from harness.reference.receiver.transmitter_errors import (
    TransmitterHTTPError, TransmitterUnavailable,
)

SETTING = "registration"   # persisted {"issuer", "client_id", "client_secret", "token_endpoint"}
AS_METADATA = "/.well-known/oauth-authorization-server"


@dataclass(frozen=True)
class SoftwareStatementSource:
    directory_url: str | None = None
    organisation_id: str | None = None
    software_statement_id: str | None = None
    directory_token: str | None = field(default=None, repr=False)
    ssa: str | None = field(default=None, repr=False)   # an SSA instead of the directory call

    def __post_init__(self) -> None:
        from_directory = (self.directory_url, self.organisation_id, self.software_statement_id,
                          self.directory_token)
        if self.ssa is None and not all(from_directory):
            raise ValueError("a software statement source needs an SSA, or the directory URL,"
                             " organisation id, software statement id and directory token")


def as_metadata_url(issuer: str) -> str:
    parts = urlsplit(issuer)
    return urlunsplit((parts.scheme, parts.netloc, AS_METADATA + parts.path.rstrip("/"), "", ""))


class Registrar:
    """Registers once (thread-safe) and remembers the credentials in `store` (get/set_setting)."""

    def __init__(self, source: SoftwareStatementSource, store, ca_file: str | Path | None,
                 timeout: float, faults: frozenset[str] = frozenset()):
        self.source, self.store, self.faults = source, store, faults
        self.ca_file, self.timeout = ca_file, timeout
        self._lock = threading.Lock()

    def credentials(self, http: httpx.Client, issuer: str) -> dict:
        """{"client_id", "client_secret", "token_endpoint"} for `issuer`, registering first."""
        with self._lock:
            saved = self.store.get_setting(SETTING)
            if isinstance(saved, dict) and saved.get("issuer") == issuer:
                return saved
            metadata = self._as_metadata(http, issuer)
            info = self._register(http, metadata["registration_endpoint"], self._ssa())
            saved = {"issuer": issuer, "client_id": info["client_id"],
                     "client_secret": info["client_secret"],
                     "token_endpoint": metadata["token_endpoint"]}
            self.store.set_setting(SETTING, saved)
            return saved

    def _ssa(self) -> str:
        source = self.source
        if source.ssa is not None:
            return source.ssa
        url = (source.directory_url.rstrip("/") + "/organisations/"
               + quote(source.organisation_id, safe="") + "/softwarestatements/"
               + quote(source.software_statement_id, safe="") + "/assertion")
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=str(self.ca_file))
        try:
            with bound_response_bodies(httpx.Client(verify=context,
                                                    timeout=self.timeout)) as directory:
                response = directory.get(url, headers={
                    "Authorization": f"Bearer {source.directory_token}",
                    "Accept": "application/jwt"})
        except httpx.HTTPError as exc:
            raise TransmitterUnavailable(f"registration: the trust directory is unreachable"
                                         f" ({type(exc).__name__})") from None
        if response.status_code != 200:
            raise TransmitterHTTPError(f"registration: the trust directory answered"
                                       f" {response.status_code} for the SSA",
                                       response.status_code)
        return response.text.strip()

    @staticmethod
    def _as_metadata(http: httpx.Client, issuer: str) -> dict:
        try:
            response = http.get(as_metadata_url(issuer), headers={"Accept": "application/json"})
            metadata = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            metadata = None
        if not isinstance(metadata, dict) or not all(
                isinstance(metadata.get(k), str) for k in ("registration_endpoint",
                                                           "token_endpoint")):
            raise TransmitterHTTPError("registration: the transmitter's authorization server"
                                       " metadata names no registration and token endpoints")
        return metadata

    def _register(self, http: httpx.Client, endpoint: str, ssa: str) -> dict:
        body = {"software_statement": ssa, "grant_types": ["client_credentials"],
                "token_endpoint_auth_method": "client_secret_basic"}
        try:
            if "registration-form-encoded" in self.faults:  # RFC 7591 §3.1 says JSON
                response = http.post(endpoint, data={"software_statement": ssa})
            else:
                response = http.post(endpoint, json=body)
        except httpx.HTTPError as exc:
            raise TransmitterUnavailable(f"registration: POST failed ({type(exc).__name__})") \
                from None
        try:
            info = response.json()
        except ValueError:
            info = None
        if response.status_code != 201 or not isinstance(info, dict) or not all(
                isinstance(info.get(k), str) for k in ("client_id", "client_secret")):
            error = info.get("error") if isinstance(info, dict) else None
            raise TransmitterHTTPError(f"registration: the authorization server answered"
                                       f" {response.status_code} ({error or 'no client'})",
                                       response.status_code)
        return info
