"""Configuration of the reference trust directory.

Everything time-related is configurable (SSA lifetime, rate-limit window, key grace, and the clock
itself) so tests use tiny values and never sleep. Organisations are seeded from here; their
status can then be changed through the admin endpoints (and survives restarts).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ORGANISATION_STATUSES = ("Active", "Pending", "Withdrawn")
SOFTWARE_STATUSES = ("Active", "Inactive", "Suspended")
SIGNING_ALGS = ("PS256", "RS256", "ES256")
_MAX_ID, _MAX_ORG_NAME, _MAX_BASE_URL = 40, 140, 100
_SEEDED_ID = re.compile(r"[A-Za-z0-9._~-]{1,%d}" % _MAX_ID)


@dataclass(frozen=True)
class Organisation:
    """An organisation of the directory and the bearer tokens allowed to act for it."""
    organisation_id: str
    name: str
    status: str = "Active"                 # first-start value; admin changes persist
    tokens: tuple[str, ...] = ()
    # organisation_competent_authority_claims of its SSAs, e.g.
    # {"authorisation_domain": "SSF", "authorisation_role": "receiver", "status": "Active"}
    authority_claims: tuple[dict, ...] = ()
    # Requests per rate-limit window for this organisation's tokens; None: the directory's
    # rate_limit_requests. Lets one directory throttle a probe token without throttling others.
    rate_limit: int | None = None

    def __repr__(self) -> str:  # never show tokens
        return f"Organisation({self.organisation_id!r}, {self.name!r}, status={self.status!r})"


@dataclass
class DirectoryConfig:
    public_base_url: str                   # externally visible origin, e.g. http://127.0.0.1:8082
    db_path: str | Path
    organisations: list[Organisation] = field(default_factory=list)
    ssa_issuer: str | None = None          # SSA `iss`; defaults to public_base_url
    signing_alg: str = "PS256"
    key_grace_seconds: float = 3600.0
    ssa_lifetime_seconds: float = 600.0    # SSA exp = iat + this
    ssa_max_length: int = 4000             # the assertion page's limit on the JWT string
    rate_limit_requests: int = 0           # per credential and window; 0 = no limit
    rate_limit_window_seconds: float = 60.0
    max_body_bytes: int = 64 * 1024
    max_json_depth: int = 16               # the deepest legitimate body is 3 levels
    admin_token: str | None = None         # guards /admin/* when set
    clock: Callable[[], float] = time.time
    faults: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        from harness.reference.directory.faults import FAULTS

        self.public_base_url = self.public_base_url.rstrip("/")
        self.faults = frozenset(self.faults)
        problems = []
        if len(self.public_base_url) > _MAX_BASE_URL:
            # software_jwks_uri (<= 255) = base + /keystore/<40>/<40>/application.jwks
            problems.append(f"public_base_url must be at most {_MAX_BASE_URL} characters")
        if self.signing_alg not in SIGNING_ALGS:
            problems.append(f"signing_alg must be one of {SIGNING_ALGS}")
        if self.ssa_lifetime_seconds <= 0 or self.rate_limit_window_seconds <= 0:
            problems.append("ssa_lifetime_seconds and rate_limit_window_seconds must be > 0")
        if self.rate_limit_requests < 0:
            problems.append("rate_limit_requests must be >= 0")
        ids = [o.organisation_id for o in self.organisations]
        if len(ids) != len(set(ids)):
            problems.append("organisation_id values must be unique")
        for org in self.organisations:
            problems += _organisation_problems(org)
        unknown = sorted(self.faults - set(FAULTS))
        if unknown:
            problems.append(f"unknown directory fault(s) {unknown}")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def issuer(self) -> str:
        return self.ssa_issuer or self.public_base_url

    def url(self, path: str) -> str:
        return self.public_base_url + path

    def fault(self, name: str) -> bool:
        return name in self.faults


def _organisation_problems(org: Organisation) -> list[str]:
    problems = []
    oid = org.organisation_id
    # Stricter than the seed's ^[^<>]*$ on purpose: the id goes into keystore URLs unescaped.
    if not isinstance(oid, str) or not _SEEDED_ID.fullmatch(oid):
        problems.append(f"organisation_id {oid!r} must be 1-{_MAX_ID} unreserved URL characters")
    if not isinstance(org.name, str) or len(org.name) > _MAX_ORG_NAME:
        problems.append(f"organisation {oid!r}: name must be at most {_MAX_ORG_NAME} characters")
    if org.rate_limit is not None and (not isinstance(org.rate_limit, int) or org.rate_limit < 0):
        problems.append(f"organisation {oid!r}: rate_limit must be an integer >= 0")
    if org.status not in ORGANISATION_STATUSES:
        problems.append(f"organisation {oid!r}: status must be one of {ORGANISATION_STATUSES}")
    return problems
