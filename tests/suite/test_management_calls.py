"""Management calls shaped by the profile (issue 11, item 4), against a small real transmitter
API that insists on what some products insist on: an `aud` member in every create body and an
API version header on every call. The profile's headers go on every management call (also the
deliberately unauthenticated ones), extra members are added without overriding the scenario's,
test_email stands for the default subject, the trigger's body is the event's own, and OAuth
tokens come from endpoints that take credentials in the query or want extra parameters."""
from __future__ import annotations

import base64
from urllib.parse import parse_qs

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.profiles import load_profile
from harness.runtime.servers import RunningServer
from harness.suite.driver import TransmitterDriver
from harness.suite.http import SuiteHttp
from harness.suite.oauth import TokenRequestFailed, client_credentials_token, token_request
from harness.suite.session import Credentials, TransmitterSession

CC = "https://schemas.openid.net/secevent/caep/event-type/credential-change"
ENV = {"STRICT_TOKEN": "strict-token-6a2b", "STRICT_ADMIN": "strict-admin-0f3c",
       "STRICT_PUSH": "strict-push-77d1", "STRICT_SECRET": "strict/secret 1"}

PROFILE = """version: 1
name: strict-transmitter
transmitter:
  issuer: {base}/ssf
  auth: {{type: bearer, token_env: STRICT_TOKEN}}
  headers: {{X-Api-Version: "2026-04-07"}}
  capabilities: {{delivery_methods: [push, poll], events: [session-revoked, credential-change],
                 optional: [add_subject, stream_update]}}
  create_extra: {{aud: "https://rp.example", contact: "{{email}}"}}
  update_extra: {{aud: "https://rp.example"}}
  extra_by_method:
    push: {{create: {{delivery: {{authorization_header: "Bearer ${{STRICT_PUSH}}"}}}}}}
  trigger:
    type: http
    url: /admin/fire/{{action}}?stream={{stream_id}}
    headers: {{Authorization: "Bearer ${{STRICT_ADMIN}}"}}
    body: {{subject: "{{email}}"}}
    bodies:
      credential-change: {{subject: "{{email}}", credential_type: password, change_type: update}}
  test_email: qa@tenant.example
"""


class StrictApi:
    def __init__(self) -> None:
        self.calls: list[dict] = []

    async def record(self, request: Request) -> Response:
        body = await request.body()
        self.calls.append({"method": request.method, "path": request.url.path,
                           "query": dict(request.query_params),
                           "headers": {k.lower(): v for k, v in request.headers.items()},
                           "json": (await request.json()) if body else None})
        if request.url.path.startswith("/ssf") and "x-api-version" not in request.headers:
            return JSONResponse({"error": "missing api version"}, status_code=400)
        if request.url.path == "/ssf/stream" and request.method == "POST":
            if "aud" not in self.calls[-1]["json"]:
                return JSONResponse({"error": "aud required"}, status_code=400)
            return JSONResponse({"stream_id": "s-1", **self.calls[-1]["json"]}, status_code=201)
        return JSONResponse({}, status_code=200)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self.record,
                                       methods=["GET", "POST", "PATCH", "PUT", "DELETE"])])


@pytest.fixture
def strict(tmp_path):
    api = StrictApi()
    server = RunningServer(api.app()).start()
    path = tmp_path / "strict.yaml"
    path.write_text(PROFILE.format(base=server.base_url))
    session = TransmitterSession(load_profile(path, env=ENV), tmp_path, use_proxy=False)
    session.issuer = server.base_url + "/ssf"
    session.creds = Credentials(primary=ENV["STRICT_TOKEN"])
    session.http = SuiteHttp(timeout=5.0)
    driver = TransmitterDriver(session, metadata={
        "configuration_endpoint": server.base_url + "/ssf/stream",
        "add_subject_endpoint": server.base_url + "/ssf/subjects:add"})
    yield api, driver
    session.http.close()
    server.stop()


def test_creates_carry_the_extra_members_and_every_call_the_headers(strict):
    api, driver = strict
    body = driver.push_body("k1", [CC])
    assert driver.create_stream(body).status == 201
    sent = api.calls[-1]["json"]
    assert sent["aud"] == "https://rp.example" and sent["contact"] == "qa@tenant.example"
    assert sent["delivery"]["authorization_header"] == "Bearer strict-push-77d1"
    assert sent["delivery"]["endpoint_url"] == body["delivery"]["endpoint_url"]
    assert driver.create_stream(driver.poll_body([CC], aud="https://other.example")).status == 201
    assert api.calls[-1]["json"]["aud"] == "https://other.example"   # the scenario's wins
    assert "authorization_header" not in api.calls[-1]["json"]["delivery"]  # push only
    driver.update_stream({"stream_id": "s-1", "description": "x"})
    assert api.calls[-1]["json"] == {"stream_id": "s-1", "description": "x",
                                     "aud": "https://rp.example"}
    driver.http.call("GET", driver.endpoint("configuration"))   # an unauthenticated probe
    assert all(c["headers"]["x-api-version"] == "2026-04-07" for c in api.calls)
    assert "authorization" not in api.calls[-1]["headers"]


def test_the_test_email_stands_for_the_default_subject(strict):
    api, driver = strict
    driver.add_subject("s-1", {"format": "email", "email": "alice@example.com"})
    assert api.calls[-1]["json"]["subject"]["email"] == "qa@tenant.example"
    driver.add_subject("s-1", {"format": "email", "email": "bob@example.com"})
    assert api.calls[-1]["json"]["subject"]["email"] == "bob@example.com"
    assert driver.subject_email("alice@example.com") == "qa@tenant.example"


def test_the_trigger_sends_the_events_own_body_and_names_the_stream(strict):
    api, driver = strict
    outcome = driver.trigger("credential-change", "alice@example.com", "s 1")
    call = api.calls[-1]
    assert outcome.ok and call["path"] == "/admin/fire/credential-change"
    assert call["query"] == {"stream": "s 1"}
    assert call["json"] == {"subject": "qa@tenant.example", "credential_type": "password",
                            "change_type": "update"}
    assert call["headers"]["authorization"] == "Bearer strict-admin-0f3c"
    assert "x-api-version" not in call["headers"]     # a trigger is not a management call
    driver.trigger("session-revoked", "bob@example.com", "s-1")
    assert api.calls[-1]["json"] == {"subject": "bob@example.com"}


def test_a_trigger_naming_the_stream_outside_a_stream_is_refused_not_emptied(strict):
    from harness.profiles import TemplateError
    api, driver = strict
    with pytest.raises(TemplateError, match=r"no value for placeholder \{stream_id\}"):
        driver.trigger("session-revoked", "alice@example.com", None)
    assert not any(c["path"].startswith("/admin") for c in api.calls)


# -- OAuth token endpoints --------------------------------------------------------------------
def oauth(method: str, **extra):
    from harness.profiles.model import Auth
    from harness.profiles.secrets import Secret
    return Auth("oauth_client_credentials", token_endpoint="http://unused",
                client_id="suite client", client_secret=Secret("S", "strict/secret 1"),
                token_endpoint_auth_method=method, scopes=("ssf.manage",),
                extra_params=tuple(extra.items()))


def test_each_client_authentication_method_puts_the_credentials_where_it_says():
    query = token_request(oauth("client_secret_query", resource="https://tx.example"))
    assert query["params"] == {"client_id": "suite client", "client_secret": "strict/secret 1"}
    assert query["data"] == {"grant_type": "client_credentials", "scope": "ssf.manage",
                             "resource": "https://tx.example"}
    post = token_request(oauth("client_secret_post"))
    assert post["data"]["client_secret"] == "strict/secret 1" and post["params"] is None
    basic = token_request(oauth("client_secret_basic"))
    encoded = basic["headers"]["Authorization"].split(" ", 1)[1]
    assert base64.b64decode(encoded).decode() == "suite+client:strict%2Fsecret+1"  # RFC 6749


@pytest.fixture
def token_endpoint():
    seen: list[dict] = []

    async def token(request: Request) -> JSONResponse:
        form = parse_qs((await request.body()).decode())
        seen.append({"query": dict(request.query_params), "form": form})
        if request.query_params.get("client_secret") != "strict/secret 1":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        return JSONResponse({"access_token": "minted-1", "expires_in": 3600})
    server = RunningServer(Starlette(routes=[Route("/token", token, methods=["POST"])])).start()
    http = SuiteHttp(timeout=5.0)
    yield server.base_url + "/token", http, seen
    http.close()
    server.stop()


def test_a_token_from_an_endpoint_that_wants_query_credentials_and_extra_parameters(
        token_endpoint):
    url, http, seen = token_endpoint
    assert client_credentials_token(http, oauth("client_secret_query", resource="r1"),
                                    url) == "minted-1"
    assert seen[-1]["form"]["resource"] == ["r1"]
    with pytest.raises(TokenRequestFailed, match=r"token endpoint of transmitter.auth answered "
                                                 r"HTTP 401: \{\"error\":\"invalid_client"):
        client_credentials_token(http, oauth("client_secret_post"), url)


def test_googles_stream_gets_an_id_for_the_scenarios_and_the_check_asks_none_of_it():
    """Google's RISC API keeps one stream per project and names it by no id: the adapter's
    normalised stream carries a stand-in stream_id, and a create is documented without one."""
    from harness.suite.dialects.sse_draft import GOOGLE_STREAM_ID, SseDraftApi
    google = SseDraftApi(lambda *a, **k: None, lambda: {
        "configuration_endpoint": "https://risc.example/v1beta/stream"}, email=lambda: "a@x")
    abm = SseDraftApi(lambda *a, **k: None, lambda: {
        "configuration_endpoint": "https://idp.example/stream"}, email=lambda: "a@x")
    stream = google.normalise({"delivery": {"delivery_method": "x", "url": "https://r/push"}})
    assert stream["stream_id"] == GOOGLE_STREAM_ID and stream["delivery"]["endpoint_url"]
    assert google.STREAM_ID_MEMBER is None and "stream_id" not in google.STREAM_MEMBERS
    assert abm.STREAM_ID_MEMBER == "stream_id" and "stream_id" in abm.STREAM_MEMBERS
