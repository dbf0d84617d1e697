"""A receiver whose push endpoint takes only tokens its own token endpoint mints (client
credentials as query parameters, an extra parameter), as a profile can now say
(receiver.delivery.oauth): the suite mints the token once and pushes with it, and a refusing
token endpoint is an outcome naming the profile field (issue 11, item 4)."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.jose import KeyRing
from harness.profiles import load_profile
from harness.runtime.servers import RunningServer
from harness.suite.forger import SetForger
from harness.suite.http import SuiteHttp
from harness.suite.oauth import TokenRequestFailed
from harness.suite.receiver_driver import ReceiverDriver
from harness.suite.receiver_session import ReceiverSession, RxCredentials

PROFILE = """version: 1
name: minting-receiver
receiver:
  base_url: {base}
  delivery:
    method: push
    endpoint_url: {base}/push
    oauth:
      token_endpoint: {base}/token
      client_id: suite
      client_secret_env: RUT_CLIENT_SECRET
      token_endpoint_auth_method: client_secret_query
      extra_params: {{resource: "{base}/push"}}
  capabilities: {{events: [session-revoked]}}
"""


class MintingRut:
    def __init__(self, secret: str) -> None:
        self.secret, self.minted, self.pushes = secret, 0, []

    async def token(self, request: Request) -> JSONResponse:
        form = parse_qs((await request.body()).decode())
        if request.query_params.get("client_secret") != self.secret or not form.get("resource"):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        self.minted += 1
        return JSONResponse({"access_token": f"minted-{self.minted}", "expires_in": 3600})

    async def push(self, request: Request) -> Response:
        self.pushes.append(request.headers.get("authorization"))
        return Response(status_code=202)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/token", self.token, methods=["POST"]),
                                 Route("/push", self.push, methods=["POST"])])


def driver_for(tmp_path, rut: MintingRut, secret: str):
    server = RunningServer(rut.app()).start()
    path = tmp_path / "rut.yaml"
    path.write_text(PROFILE.format(base=server.base_url))
    profile = load_profile(path, env={"RUT_CLIENT_SECRET": secret})
    session = ReceiverSession(profile, tmp_path, use_proxy=False)
    session.rut_base, session.push_url = server.base_url, server.base_url + "/push"
    session.creds = RxCredentials(push_authorization=profile.receiver.delivery
                                  .authorization_value())
    session.http = SuiteHttp(timeout=5.0)
    return server, ReceiverDriver(session)


def test_the_push_token_is_minted_once_by_the_receivers_token_endpoint(tmp_path):
    rut = MintingRut("q-secret/1")
    server, driver = driver_for(tmp_path, rut, "q-secret/1")
    try:
        ring = KeyRing.generate("RS256")
        forger = SetForger("https://tx", "https://rp.example", lambda: ring.current)
        for _ in range(2):
            assert driver.push(forger.valid("session-revoked")).status == 202
    finally:
        driver.session.http.close()
        server.stop()
    assert rut.pushes == ["Bearer minted-1", "Bearer minted-1"] and rut.minted == 1
    assert "minted-1" in driver.session.secrets()       # known, so reports can prove no leak


def test_a_refusing_token_endpoint_names_the_profile_field(tmp_path):
    server, driver = driver_for(tmp_path, MintingRut("right"), "wrong")
    try:
        with pytest.raises(TokenRequestFailed) as info:
            driver.push_authorization()
    finally:
        driver.session.http.close()
        server.stop()
    assert str(info.value).startswith("the token endpoint of receiver.delivery.oauth answered "
                                      "HTTP 401")
    assert info.value.outcome.code == 401 and info.value.outcome.evidence
