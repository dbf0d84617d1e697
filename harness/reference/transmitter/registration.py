"""Registration by software statement (RFC 7591 §2.3, §3.1.1): is this SSA one to register?

The order of the decisions, and the RFC 7591 §3.2.2 error each earns:
1. a compact JWS at all                                   else invalid_software_statement
2. `iss` names a directory this server trusts             else unapproved_software_statement
3. the signature verifies with that directory's JWKS       else invalid_software_statement
4. not expired (`exp`, RFC 7519 §4.1.4, small leeway)      else invalid_software_statement
5. `org_status` is Active                                  else unapproved_software_statement
6. `software_mode` is one this server accepts              else unapproved_software_statement
7. the roles grant some SSF scope (config role map)        else unapproved_software_statement
8. the directory still lists the software as active        else unapproved_software_statement

Software status (8) is our design decision: an SSA carries no software status claim (the seed's
assertion page has none), so only the directory knows whether the software is still Active.
The seed describes `software_jwks_uri` as holding "all active signing and network certs for the
software"; the reference directory therefore serves that key set only while the software and
its organisation are Active (404 otherwise), and this server fetches it live at registration.
A directory that cannot be asked (network error, 5xx) means no registration either: the server
cannot confirm the software is approved.

The directory is reached with a client of its own (`DirectoryClient`), which fetches only URLs on
the origin of a directory this server is configured to trust: an SSA cannot make the server
fetch anything else (the push client's address policy is for receiver-chosen URLs; trusted
directories are the operator's choice, and may well be on a private network).
"""
from __future__ import annotations

import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from harness.hardening import bound_response_bodies
from harness.jose import SETDecodeError, SETVerifyError, decode_set, verify_set
from harness.reference.transmitter.config import TransmitterConfig, TrustedDirectory

INVALID = "invalid_software_statement"
UNAPPROVED = "unapproved_software_statement"
SSA_ALGS = ("PS256", "RS256", "ES256")
_ALL_SCOPES = ("ssf.read", "ssf.manage")


class SoftwareStatementRefused(Exception):
    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class ApprovedStatement:
    token: str
    claims: dict
    scopes: tuple[str, ...]


def _trusted(config: TransmitterConfig, issuer) -> TrustedDirectory | None:
    return next((d for d in config.trusted_directories if d.issuer == issuer), None)


def scopes_for(config: TransmitterConfig, claims: dict) -> tuple[str, ...]:
    """The scopes the software's Active directory roles map to (software_statement_roles;
    `software_roles` names no authorisation domain, so it is not used)."""
    granted: list[str] = []
    for role in claims.get("software_statement_roles") or ():
        if not isinstance(role, dict) or role.get("status", "Active") != "Active":
            continue
        key = (role.get("authorisation_domain"), role.get("role"))
        granted += config.registration_role_scopes.get(key, ())
    return tuple(s for s in _ALL_SCOPES if s in granted)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class DirectoryClient:
    """GETs to trusted directories only, and each trusted directory's JWKS, cached (fetched
    again when a kid is not in it). Created per transmitter; `aclose()` at stop."""

    def __init__(self, config: TransmitterConfig):
        self.config = config
        self._cache: dict[str, tuple[dict, float]] = {}
        self._http: httpx.AsyncClient | None = None
        self._origins = {_origin(u) for d in config.trusted_directories
                         for u in (d.issuer, d.jwks_url)}

    async def get(self, url: str) -> httpx.Response:
        """httpx.HTTPError for a URL off the trusted origins, as for an unreachable one."""
        if _origin(url) not in self._origins \
                and not self.config.fault("registration-accepts-untrusted-ssa"):
            raise httpx.InvalidURL("not on the origin of a trusted directory")
        if self._http is None:
            context = ssl.create_default_context()
            if self.config.ca_file:
                context.load_verify_locations(cafile=str(self.config.ca_file))
            self._http = bound_response_bodies(
                httpx.AsyncClient(verify=context, timeout=self.config.push_timeout))
        return await self._http.get(url, headers={"Accept": "application/json"})

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def jwks(self, url: str, kid, force: bool = False) -> dict:
        cached = self._cache.get(url)
        fresh = cached and time.monotonic() - cached[1] < self.config.directory_jwks_cache_seconds
        known = cached and any(k.get("kid") == kid for k in cached[0].get("keys", []))
        if cached and fresh and (known or kid is None) and not force:
            return cached[0]
        try:
            resp = await self.get(url)
            jwks = resp.json() if resp.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            jwks = None
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise SoftwareStatementRefused(UNAPPROVED, "the directory's keys could not be read")
        self._cache[url] = (jwks, time.monotonic())
        return jwks


async def _software_listed(directory: DirectoryClient, claims: dict) -> None:
    """The live question to the directory (see the module doc, decision 8)."""
    url = claims.get("software_jwks_uri")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise SoftwareStatementRefused(UNAPPROVED, "the SSA names no software_jwks_uri to"
                                                   " confirm the software with")
    try:
        resp = await directory.get(url)
    except httpx.HTTPError:
        raise SoftwareStatementRefused(UNAPPROVED, "the directory could not confirm the"
                                                   " software") from None
    if resp.status_code != 200:
        raise SoftwareStatementRefused(UNAPPROVED, "the directory no longer lists this software"
                                                   " as active")


async def approve(config: TransmitterConfig, directory: DirectoryClient,
                  token) -> ApprovedStatement:
    """The approved statement and the scopes it earns, or SoftwareStatementRefused."""
    fault = config.fault
    if not isinstance(token, str):
        raise SoftwareStatementRefused(INVALID, "software_statement must be a string (a JWT)")
    try:
        decoded = decode_set(token)
    except SETDecodeError:
        raise SoftwareStatementRefused(INVALID, "software_statement is not a signed JWT") from None
    claims = decoded.claims
    trusted = _trusted(config, claims.get("iss"))
    jwks_url = trusted.jwks_url if trusted else None
    if trusted is None:
        if not (fault("registration-accepts-untrusted-ssa") and isinstance(claims.get("iss"), str)):
            raise SoftwareStatementRefused(UNAPPROVED, "the SSA's issuer is not a directory this"
                                                       " server trusts")
        jwks_url = claims["iss"].rstrip("/") + "/.well-known/jwks.json"  # the defect: any issuer
    if not fault("registration-skips-signature"):
        kid = decoded.header.get("kid")
        try:
            verify_set(token, await directory.jwks(jwks_url, kid), algs=SSA_ALGS)
        except SETVerifyError:
            try:  # the directory may have rotated its key since we cached its JWKS
                verify_set(token, await directory.jwks(jwks_url, kid, force=True), algs=SSA_ALGS)
            except SETVerifyError:
                raise SoftwareStatementRefused(INVALID, "the SSA's signature does not verify with"
                                                        " the directory's keys") from None
    exp = claims.get("exp")
    if exp is not None and not fault("registration-ignores-exp"):
        if not isinstance(exp, (int, float)) or isinstance(exp, bool) \
                or time.time() >= exp + config.registration_clock_skew:
            raise SoftwareStatementRefused(INVALID, "the SSA has expired")
    if claims.get("org_status") != "Active" and not fault("registration-ignores-org-status"):
        raise SoftwareStatementRefused(UNAPPROVED, "the SSA's organisation is not Active in the"
                                                   " directory")
    if claims.get("software_mode", "Live") not in config.registration_modes:
        raise SoftwareStatementRefused(UNAPPROVED, "this server does not accept software in"
                                                   " this mode")
    scopes = _ALL_SCOPES if fault("registration-ignores-roles") else scopes_for(config, claims)
    if not scopes:
        raise SoftwareStatementRefused(UNAPPROVED, "the software's directory roles authorise"
                                                   " nothing in SSF")
    if not fault("registration-ignores-software-status"):
        await _software_listed(directory, claims)
    return ApprovedStatement(token, claims, scopes)
