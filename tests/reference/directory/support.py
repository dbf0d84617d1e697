"""Test support: the reference trust directory as a real uvicorn server on 127.0.0.1, talked to
over real HTTP, with a settable clock so time-dependent behaviour never needs a sleep."""
from __future__ import annotations

from pathlib import Path

import httpx

from harness.reference.directory import DirectoryConfig, Organisation, create_app
from harness.runtime.servers import RunningServer, reserve_port

TOKEN_A, TOKEN_B, ADMIN = "token-org-a-7f", "token-org-b-3c", "admin-dir-9e"
ORG_A, ORG_B = "org-a", "org-b"
INTERACTION_ID = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
AUTH_DATE = "Sun, 10 Sep 2017 19:43:31 UTC"
FULL_REQUEST = {
    "ClientName": "Raidiam Accounting", "Description": "Accounting app", "OnBehalfOf": "Partner",
    "PolicyUri": "https://www.raidiam.com/accounting/policy.html",
    "ClientUri": "https://www.raidiam.com/accounting.html",
    "LogoUri": "https://www.raidiam.com/accounting/logo.png", "Environment": "production",
    "Mode": "Test", "RedirectUri": ["https://www.raidiam.com/accounting/cb"],
    "PostLogoutRedirectUris": ["https://www.raidiam.com/accounting/bye"],
    "ApiWebhookUri": ["https://hooks.raidiam.com/accounting/events"],
    "OriginUri": ["https://www.raidiam.com", "android:apk-key-hash:Abc-123"],
    "TermsOfServiceUri": "https://www.raidiam.com/accounting/tos.html",
    "NotificationWebhook": "https://hooks.raidiam.com/notify", "SoftwareVersion": "1.1",
    "AdditionalSoftwareMetadata": "tier=gold", "OpenidFederationEnabled": False,
    "OpenidFederationEntityManagementType": "openid_entity_self_managed",
    "RequireSignedRequestObject": True, "IdTokenSignedResponseAlgorithm": "RS256",
    "TokenEndpointAuthMethod": "private_key_jwt",
    "Roles": [{"Status": "Active", "AuthorisationDomain": "SSF", "Role": "ssf.manage"},
              {"Status": "Inactive", "AuthorisationDomain": "SSF", "Role": "ssf.read"}],
    "TlsClientCertificateBoundAccessTokens": False,
    "RelatedAuthorisationServer": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "HomepageUri": "https://www.raidiam.com",
}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def organisations() -> list[Organisation]:
    return [Organisation(ORG_A, "Organisation A", tokens=(TOKEN_A,),
                         authority_claims=({"authorisation_domain": "SSF",
                                            "authorisation_role": "receiver",
                                            "status": "Active"},)),
            Organisation(ORG_B, "Organisation B", tokens=(TOKEN_B,))]


class Dir:
    """One directory server (state in `root`) and helpers for the documented calls."""

    def __init__(self, root: Path, http: httpx.Client, **overrides):
        self.root, self.http, self.overrides = root, http, overrides
        self.clock = overrides.pop("clock", None) or Clock()
        self.start()

    def start(self) -> None:
        sock = reserve_port()
        port = sock.getsockname()[1]
        self.config = DirectoryConfig(**{
            "public_base_url": f"http://127.0.0.1:{port}", "db_path": self.root / "dir.sqlite3",
            "organisations": organisations(), "admin_token": ADMIN, "clock": self.clock,
            **self.overrides})
        self.app = create_app(self.config)
        self.server = RunningServer(self.app, listen_socket=sock).start()
        self.url = self.server.base_url

    def stop(self) -> None:
        self.server.stop()

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def internal_errors(self) -> int:
        return self.app.state.directory.internal_errors

    def call(self, method: str, path: str, token: str | None = TOKEN_A, **kwargs):
        headers = httpx.Headers(kwargs.pop("headers", {}))
        if token is not None and "authorization" not in headers:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, self.url + path, headers=headers, **kwargs)

    def create_call(self, body=None, org: str = ORG_A, **kwargs):
        if body is not None:
            kwargs["json"] = body
        return self.call("POST", f"/organisations/{org}/softwarestatements", **kwargs)

    def create(self, body: dict | None = None, org: str = ORG_A) -> dict:
        resp = self.create_call({} if body is None else body, org=org)
        assert resp.status_code == 201, resp.text
        return resp.json()

    def assertion_call(self, statement_id: str, org: str = ORG_A, **kwargs):
        return self.call("GET", f"/organisations/{org}/softwarestatements/{statement_id}"
                                f"/assertion", **kwargs)

    def assertion(self, statement_id: str, org: str = ORG_A) -> str:
        resp = self.assertion_call(statement_id, org=org)
        assert resp.status_code == 200, resp.text
        return resp.text

    def admin(self, method: str, path: str, **kwargs):
        return self.call(method, "/admin" + path, token=ADMIN, **kwargs)

    def set_org_status(self, status: str, org: str = ORG_A) -> None:
        resp = self.admin("POST", f"/organisations/{org}/status", json={"Status": status})
        assert resp.status_code == 200, resp.text

    def set_statement_status(self, statement_id: str, status: str, org: str = ORG_A) -> None:
        resp = self.admin("POST", f"/organisations/{org}/softwarestatements/{statement_id}/status",
                          json={"Status": status})
        assert resp.status_code == 200, resp.text

    def jwks(self) -> dict:
        return self.http.get(self.url + "/.well-known/jwks.json").json()
