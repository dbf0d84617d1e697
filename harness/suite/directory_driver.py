"""The suite's actions toward a trust directory: the two documented calls (create a software
statement, get its SSA) in their valid and broken forms, the JWKS, and on the embedded reference
its admin API (statuses, minting). URLs are built here, never in steps; no verdicts here.
"""
from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass

from harness.suite.directory_run import PROBE_ORGANISATION, DirectorySetupError, RunDirectory
from harness.suite.http import HttpResult

INTERACTION_HEADER = "x-fapi-interaction-id"
AUTH_DATE_HEADER = "x-fapi-auth-date"
# A body every directory must take: the receiver software of an SSF deployment.
RECEIVER_ROLES = [{"AuthorisationDomain": "SSF", "Role": "ssf.manage", "Status": "Active"}]
BASE_STATEMENT = {"ClientName": "SSF conformance suite receiver", "Mode": "Test",
                  "RedirectUri": [], "Roles": RECEIVER_ROLES}
# The base a broken create starts from: every list member present, so "/OriginUri/0" exists.
FULL_STATEMENT = {**BASE_STATEMENT, "RedirectUri": ["https://rx.example/cb"],
                  "PostLogoutRedirectUris": ["https://rx.example/bye"],
                  "ApiWebhookUri": ["https://rx.example/hooks"],
                  "OriginUri": ["https://rx.example"]}


def _text(spec: str) -> str:
    """`~a*N` and `~https*N` stand for N-character strings (as in the schema corpus)."""
    if spec.startswith("~a*"):
        return "a" * int(spec[3:])
    if spec.startswith("~https*"):
        prefix = "https://example.com/"
        return prefix + "a" * (int(spec[7:]) - len(prefix))
    return spec


ABSENT = "absent"   # a value cell meaning "leave the member out"


def literal(value_json: str):
    """A feature table's JSON value; strings may use the ~a*N / ~https*N shorthands."""
    value = json.loads(value_json)
    return _text(value) if isinstance(value, str) else value


def broken_body(pointer: str, value_json: str, base: dict | None = None) -> dict:
    """A valid create body with the member at `pointer` (e.g. /Roles/0/Role) set to the JSON
    value `value_json`, or removed when it is `absent`."""
    body = copy.deepcopy(base if base is not None else FULL_STATEMENT)
    *path, last = [p for p in pointer.split("/")[1:]]
    node = body
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node.setdefault(token, {})
    key = int(last) if isinstance(node, list) else last
    if value_json == ABSENT:
        del node[key]
    else:
        node[key] = literal(value_json)
    return body


@dataclass
class DirectoryDriver:
    directory: RunDirectory

    @property
    def access(self):
        return self.directory.access

    def _url(self, path: str) -> str:
        return self.access.base_url.rstrip("/") + path

    def _call(self, method: str, path: str, *, token: str | None, json=None,
              headers: dict | None = None) -> HttpResult:
        return self.directory.http.call(method, self._url(path), token=token, json=json,
                                        headers=headers)

    # -- the documented calls ----------------------------------------------------------------
    def create(self, body: dict | None = None, *, organisation_id: str | None = None,
               token: str | None | bool = True, headers: dict | None = None) -> HttpResult:
        """POST /organisations/{OrganisationId}/softwarestatements; token=True: the
        organisation's token, None: no Authorization header."""
        org = organisation_id if organisation_id is not None else self.access.organisation_id
        return self._call("POST", f"/organisations/{org}/softwarestatements",
                          token=self.access.token if token is True else token,
                          json=BASE_STATEMENT if body is None else body, headers=headers)

    def assertion(self, statement_id: str, *, organisation_id: str | None = None,
                  token: str | None | bool = True, headers: dict | None = None) -> HttpResult:
        org = organisation_id or self.access.organisation_id
        return self._call("GET", f"/organisations/{org}/softwarestatements/{statement_id}"
                                 "/assertion", token=self.access.token if token is True else token,
                          headers={"Accept": "application/jwt", **(headers or {})})

    def jwks(self) -> dict:
        result = self.directory.http.call("GET", self.access.jwks_url)
        try:
            keys = result.json()
        except ValueError:
            keys = None
        if result.status != 200 or not isinstance(keys, dict):
            raise DirectorySetupError(f"the directory JWKS at {self.access.jwks_url} answered "
                                      f"{result.status}, not a JWKS")
        return keys

    def new_statement(self, body: dict | None = None) -> str:
        """A software statement to work with (its SoftwareStatementId)."""
        result = self.create(body)
        statement_id = result.json().get("SoftwareStatementId") if result.status in (200, 201) \
            else None
        if not isinstance(statement_id, str):
            raise DirectorySetupError(f"creating a software statement answered {result.status}")
        return statement_id

    def fresh_interaction_id(self) -> str:
        return str(uuid.uuid4())

    def throttle_probe(self) -> list[HttpResult]:
        """capacity + 1 creates with the rate-limited token, in the probe organisation of an
        embedded directory (the suite's own, else)."""
        access = self.access
        org = PROBE_ORGANISATION if self.directory.embedded else access.organisation_id
        return [self.create(organisation_id=org, token=access.rate_limit_token)
                for _ in range(access.rate_limit_requests + 1)]

    # -- the embedded reference's admin API ------------------------------------------------------
    def _admin(self, path: str, body: dict | None = None) -> HttpResult:
        if self.access.admin_token is None:
            raise DirectorySetupError("only the embedded directory has an admin API")
        return self._call("POST", "/admin" + path, token=self.access.admin_token, json=body)

    def set_statement_status(self, statement_id: str, status: str) -> None:
        org = self.access.organisation_id
        self._admin_ok(f"/organisations/{org}/softwarestatements/{statement_id}/status",
                       {"Status": status})

    def set_organisation_status(self, status: str) -> None:
        self._admin_ok(f"/organisations/{self.access.organisation_id}/status", {"Status": status})

    def mint(self, statement_id: str, expires_in: int | None = None) -> str:
        """An SSA whatever the statuses (optionally with exp = iat + expires_in)."""
        org = self.access.organisation_id
        result = self._admin(f"/organisations/{org}/softwarestatements/{statement_id}/mint",
                             None if expires_in is None else {"expires_in": expires_in})
        if result.status != 200:
            raise DirectorySetupError(f"minting an SSA answered {result.status}")
        return result.text

    def _admin_ok(self, path: str, body: dict) -> None:
        result = self._admin(path, body)
        if result.status != 200:
            raise DirectorySetupError(f"directory admin {path} answered {result.status}")
