"""The suite registering receivers at a transmitter's authorization server by software statement
(RFC 7591): where the registration endpoint is (RFC 8414 metadata), SSAs of every kind the
scenarios present (valid, tampered, from a directory nobody trusts, expired, for inactive
software, for a withdrawn organisation, without SSF roles), the registration call, the token
request with the credentials it gave, and RFC 7592 reads. No verdicts here.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from jwcrypto.common import base64url_encode, json_encode

from harness.jose import SETDecodeError, decode_set
from harness.suite.directory_driver import RECEIVER_ROLES, DirectoryDriver
from harness.suite.http import HttpResult

AS_METADATA = "/.well-known/oauth-authorization-server"   # RFC 8414 §3
# The software the suite registers as: an SSF receiver (its client URI becomes the stream aud).
SUITE_SOFTWARE = {"ClientName": "SSF conformance suite receiver", "Mode": "Test",
                  "ClientUri": "https://ssf-conformance-suite.example/receiver",
                  "RedirectUri": [], "Roles": RECEIVER_ROLES}
NO_SSF_ROLES = [{"AuthorisationDomain": "Open Banking", "Role": "DADOS", "Status": "Active"}]
REFUSED_KINDS = ("tampered", "untrusted", "expired", "inactive-software",
                 "withdrawn-organisation", "no-ssf-role")
BODY_SOFTWARE_ID = "suite-body-software-id"   # sent next to the SSA; the SSA's must win


class RegistrationUnavailable(RuntimeError):
    """The transmitter's authorization server names no registration endpoint."""


def as_metadata_url(issuer: str) -> str:
    """RFC 8414 §3: the well-known segment between the host and the issuer's path."""
    parts = urlsplit(issuer)
    return urlunsplit((parts.scheme, parts.netloc, AS_METADATA + parts.path.rstrip("/"), "", ""))


def tampered(ssa: str) -> str:
    """The SSA with one claim changed and the signature kept: what a forger would try."""
    claims = claims_of(ssa)
    claims["software_client_name"] = "Someone Else's Software"
    header, _, signature = ssa.split(".")
    return f"{header}.{base64url_encode(json_encode(claims))}.{signature}"


def claims_of(ssa: str) -> dict:
    """The SSA's claims, unverified (the transmitter under test is the one verifying)."""
    try:
        return decode_set(ssa).claims
    except SETDecodeError:
        return {}


@dataclass
class RegistrationDriver:
    session: object                      # TransmitterSession
    registered: list[dict] = field(default_factory=list)   # client information, for cleanup

    @property
    def http(self):
        return self.session.http

    @property
    def directory(self) -> DirectoryDriver:
        return DirectoryDriver(self.session.directory)

    def metadata(self) -> dict:
        result = self.http.call("GET", as_metadata_url(self.session.issuer))
        try:
            data = result.json() if result.status == 200 else None
        except ValueError:
            data = None
        return data if isinstance(data, dict) else {}

    def registration_endpoint(self) -> str:
        endpoint = self.metadata().get("registration_endpoint")
        if not isinstance(endpoint, str) or not endpoint:
            raise RegistrationUnavailable(
                f"the authorization server metadata ({as_metadata_url(self.session.issuer)}) "
                "names no registration_endpoint (RFC 8414); the profile declares ssa_registration")
        return endpoint

    def token_endpoint(self) -> str:
        return self.metadata().get("token_endpoint") or self.session.creds.oauth_token_endpoint

    # -- SSAs ------------------------------------------------------------------------------------
    def ssa(self, kind: str = "valid") -> str:
        d = self.directory
        if kind == "valid":
            return d.assertion(d.new_statement(SUITE_SOFTWARE)).text
        if kind == "tampered":
            return tampered(self.ssa("valid"))
        if kind == "untrusted":
            other = DirectoryDriver(self.session.directory.untrusted(self._state_dir()))
            self.session._proxies.update(self.session.directory.proxies)  # its evidence too
            return other.assertion(other.new_statement(SUITE_SOFTWARE)).text
        if kind == "no-ssf-role":
            return d.assertion(d.new_statement({**SUITE_SOFTWARE, "Roles": NO_SSF_ROLES})).text
        statement_id = d.new_statement(SUITE_SOFTWARE)
        if kind == "expired":
            return d.mint(statement_id, expires_in=-3600)
        if kind == "inactive-software":
            d.set_statement_status(statement_id, "Inactive")
            return d.mint(statement_id)
        if kind == "withdrawn-organisation":  # the SSA states Withdrawn; the directory recovers
            d.set_organisation_status("Withdrawn")
            try:
                return d.mint(statement_id)
            finally:
                d.set_organisation_status("Active")
        raise ValueError(f"unknown kind of SSA {kind!r}")

    def _state_dir(self):
        from pathlib import Path
        return Path(self.session._tmp.name)

    # -- the calls ---------------------------------------------------------------------------------
    def register(self, ssa: str, **metadata) -> HttpResult:
        result = self.http.call("POST", self.registration_endpoint(),
                                json={"software_statement": ssa, **metadata})
        if 200 <= result.status < 300:
            try:
                info = result.json()
            except ValueError:
                info = None
            if isinstance(info, dict):
                self.registered.append(info)
        return result

    def token(self, info: dict) -> HttpResult:
        """Client credentials grant with the registered client_id and client_secret (HTTP
        Basic, RFC 6749 §2.3.1: both form-encoded first)."""
        from urllib.parse import quote_plus
        raw = f"{quote_plus(str(info.get('client_id', '')))}:" \
              f"{quote_plus(str(info.get('client_secret', '')))}"
        return self.http.call("POST", self.token_endpoint(),
                              data={"grant_type": "client_credentials"}, headers={
                                  "Authorization": "Basic " + base64.b64encode(
                                      raw.encode()).decode()})

    @staticmethod
    def offers_configuration(info: dict) -> bool:
        """Did the registration offer RFC 7592 client management (it is optional)?"""
        return isinstance(info.get("registration_client_uri"), str) and isinstance(
            info.get("registration_access_token"), str)

    def read_configuration(self, info: dict) -> HttpResult:
        """RFC 7592 §2.1 read with the registration access token."""
        return self.http.call("GET", info["registration_client_uri"],
                              token=info["registration_access_token"])

    def forget_registrations(self) -> None:
        """RFC 7592 §2.3 delete of what this scenario registered (best effort, cleanup)."""
        for info in self.registered:
            uri, token = info.get("registration_client_uri"), info.get("registration_access_token")
            if isinstance(uri, str) and isinstance(token, str):
                self.http.call("DELETE", uri, token=token)
        self.registered.clear()
