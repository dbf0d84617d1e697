"""Observers of the registration faults (RFC 7591 by software statement): each returns True when
the defect is visible from outside (see test_faults.py).

The transmitter must know the directories it trusts when it starts, so two reference
directories (the trusted one and one nobody trusts) get their ports now and start on first use;
they run until the test process ends.
"""
from __future__ import annotations

import atexit
import base64
import json
import tempfile
from pathlib import Path

import httpx

from harness.reference.directory import DirectoryConfig, Organisation, create_app
from harness.reference.transmitter import TrustedDirectory
from harness.runtime.servers import RunningServer, reserve_port

_TOKEN, _ADMIN, _ORG = "dir-token-observe", "dir-admin-observe", "org-observe"
_RECEIVER = [{"AuthorisationDomain": "SSF", "Role": "ssf.manage"}]


class _LazyDirectory:
    def __init__(self) -> None:
        self._socket = reserve_port()   # held until the directory starts on first use
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: RunningServer | None = None
        self.http = httpx.Client(timeout=10.0)

    def ensure(self) -> "_LazyDirectory":
        if self.server is None:
            state = Path(tempfile.mkdtemp(prefix="observe-dir-"))
            config = DirectoryConfig(public_base_url=self.url, db_path=state / "dir.sqlite3",
                                     admin_token=_ADMIN, organisations=[
                                         Organisation(_ORG, "Observer", tokens=(_TOKEN,))])
            self.server = RunningServer(create_app(config), listen_socket=self._socket).start()
            atexit.register(self.server.stop)
        return self

    def _call(self, method, path, token=_TOKEN, **kw):
        return self.http.request(method, self.url + path, headers={
            "Authorization": f"Bearer {token}"}, **kw)

    def statement(self, roles=_RECEIVER) -> str:
        resp = self._call("POST", f"/organisations/{_ORG}/softwarestatements",
                          json={"ClientName": "Observer", "Roles": roles})
        return resp.json()["SoftwareStatementId"]

    def ssa(self, sid: str | None = None) -> str:
        sid = sid or self.statement()
        return self._call("GET", f"/organisations/{_ORG}/softwarestatements/{sid}/assertion").text

    def admin(self, path: str, body: dict | None = None):
        return self._call("POST", "/admin" + path, token=_ADMIN, json=body)

    def mint(self, sid: str, **body) -> str:
        return self.admin(f"/organisations/{_ORG}/softwarestatements/{sid}/mint", body or None).text

    @property
    def trusted(self) -> TrustedDirectory:
        return TrustedDirectory(self.url, self.url + "/.well-known/jwks.json")


TRUSTED, UNTRUSTED = _LazyDirectory(), _LazyDirectory()


def _register(tx, ssa: str, **body) -> httpx.Response:
    return tx.call("POST", "/ssf/register", None, json={"software_statement": ssa, **body})


def _valid(tx, **body) -> httpx.Response:
    return _register(tx, TRUSTED.ensure().ssa(), **body)


def _tampered() -> str:
    header, payload, signature = TRUSTED.ensure().ssa().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["software_client_name"] = "Someone Else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _registers(tx, ssa: str) -> bool:
    return _register(tx, ssa).status_code in (200, 201)


def _inactive() -> str:
    sid = TRUSTED.ensure().statement()
    TRUSTED.admin(f"/organisations/{_ORG}/softwarestatements/{sid}/status", {"Status": "Inactive"})
    return TRUSTED.mint(sid)


def _withdrawn() -> str:
    sid = TRUSTED.ensure().statement()
    TRUSTED.admin(f"/organisations/{_ORG}/status", {"Status": "Withdrawn"})
    try:
        return TRUSTED.mint(sid)
    finally:
        TRUSTED.admin(f"/organisations/{_ORG}/status", {"Status": "Active"})


def _token(tx, info: dict) -> httpx.Response:
    return tx.http.post(tx.base + "/ssf/token", data={"grant_type": "client_credentials"},
                        auth=(info["client_id"], info["client_secret"]))


OBSERVE = {
    "registration-returns-200": lambda tx, rx: _valid(tx).status_code == 200,
    "registration-no-secret-expiry": lambda tx, rx: "client_secret_expires_at" not in
    _valid(tx).json(),
    "registration-body-overrides-ssa": lambda tx, rx: _valid(
        tx, software_id="override").json()["software_id"] == "override",
    "registration-credentials-unusable": lambda tx, rx: _token(
        tx, _valid(tx).json()).status_code == 401,
    "registration-scope-read-only": lambda tx, rx: _valid(tx).json()["scope"] == "ssf.read",
    "registration-accepts-untrusted-ssa": lambda tx, rx: _registers(tx, UNTRUSTED.ensure().ssa()),
    "registration-skips-signature": lambda tx, rx: _registers(tx, _tampered()),
    "registration-ignores-exp": lambda tx, rx: _registers(
        tx, TRUSTED.ensure().mint(TRUSTED.statement(), expires_in=-3600)),
    "registration-ignores-org-status": lambda tx, rx: _registers(tx, _withdrawn()),
    "registration-ignores-software-status": lambda tx, rx: _registers(tx, _inactive()),
    "registration-ignores-roles": lambda tx, rx: _registers(tx, TRUSTED.ensure().ssa(
        TRUSTED.statement(roles=[{"AuthorisationDomain": "Open Banking", "Role": "DADOS"}]))),
    "registration-error-not-json": lambda tx, rx: _register(
        tx, _tampered()).headers["content-type"].startswith("text/plain"),
    "registration-wrong-error-code": lambda tx, rx: _register(
        tx, _tampered()).json()["error"] == "invalid_client_metadata",
    "registration-config-read-broken": lambda tx, rx: (lambda info: tx.call(
        "GET", info["registration_client_uri"].removeprefix(tx.base),
        info["registration_access_token"]).status_code == 401)(_valid(tx).json()),
}

CONFIG = {name: {"trusted_directories": (TRUSTED.trusted,)} for name in OBSERVE}
