"""The starfly emulator against its product document (../shared/seeds/starfly-signals-stream-
api.txt), over real uvicorn and httpx, and the effect of each planned fault."""
from __future__ import annotations

import ssl
import threading
from pathlib import Path

import httpx
import pytest
import trustme
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.jose import verify_set
from harness.reference.dialects import EmulatorSettings
from harness.reference.dialects.starfly import (
    FAULTS, PLANNED_FAULTS, create_app, server_ssl_options,
)
from harness.reference.dialects.starfly.errors import DOCUMENTED_CODES
from harness.runtime.servers import RunningServer
from harness.ssf.events import CAEP_BASE

SESSION_REVOKED = CAEP_BASE + "session-revoked"
ADMIN = "admin-token"


class Collector:
    """A push endpoint that records every SET and wakes waiters (no sleeps)."""

    def __init__(self, status: int = 202):
        self.tokens: list[str] = []
        self.arrived = threading.Condition()

        async def push(request: Request) -> Response:
            body = (await request.body()).decode()
            with self.arrived:
                self.tokens.append(body)
                self.arrived.notify_all()
            return Response(status_code=status)

        self.server = RunningServer(Starlette(routes=[Route("/events", push, methods=["POST"])]))

    def wait(self, count: int = 1, timeout: float = 10.0) -> list[str]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.tokens) >= count, timeout)
            return list(self.tokens)


def _settings(tmp_path: Path, faults=(), **options) -> EmulatorSettings:
    return EmulatorSettings(public_base_url="http://127.0.0.1", db_path=tmp_path / "sf.db",
                            api_token="api", admin_token=ADMIN, faults=frozenset(faults),
                            options=options)


@pytest.fixture
def serve(tmp_path):
    running: list[RunningServer] = []

    def start(faults=(), **options) -> httpx.Client:
        server = RunningServer(create_app(_settings(tmp_path, faults, **options))).start()
        running.append(server)
        return httpx.Client(base_url=server.base_url, timeout=10)

    yield start
    for server in running:
        server.stop()


def _body(**changes) -> dict:
    body = {"iss": "starfly", "aud": "downstream-consumer",
            "events_requested": [SESSION_REVOKED, CAEP_BASE + "credential-change"],
            "delivery_method": "push", "endpoint_url": "https://consumer.example.com/events"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def _documented_error(answer: httpx.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) <= {"error", "error_description"} and body["error"] in DOCUMENTED_CODES
    return body["error"]


def test_faults_killed_by_scenarios_are_registered():
    assert set(PLANNED_FAULTS) == set(FAULTS)
    assert all(name.startswith("starfly-") and f.role == "transmitter"
               for name, f in PLANNED_FAULTS.items())


def test_create_answers_the_documented_stream(serve):
    client = serve()
    answer = client.post("/v1/signals/stream", json=_body())
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"stream_id", "iss", "aud", "events_supported", "status"}
    assert (body["iss"], body["aud"], body["status"]) == ("starfly", "downstream-consumer",
                                                         "enabled")
    assert SESSION_REVOKED in body["events_supported"]
    assert client.get(f"/v1/signals/stream/{body['stream_id']}").json() == body


@pytest.mark.parametrize("changes", [
    {"iss": None}, {"aud": None}, {"events_requested": None}, {"delivery_method": None},
    {"delivery_method": "webhook"}, {"endpoint_url": None}, {"events_requested": "x"},
    {"events_delivered": [1]}, {"endpoint_url": "http://consumer.example.com/events"},
    {"endpoint_url": "ftp://consumer.example.com/"}, {"aud": ["a", "b"]},
])
def test_invalid_bodies_are_invalid_request(serve, changes):
    client = serve()
    answer = client.post("/v1/signals/stream", json=_body(**changes))
    assert _documented_error(answer, 400) == "invalid_request"


@pytest.mark.parametrize("raw", [b"{", b"[]", b'{"iss": NaN}', b"\xff"])
def test_unparseable_bodies_are_invalid_request(serve, raw):
    answer = serve().post("/v1/signals/stream", content=raw,
                          headers={"Content-Type": "application/json"})
    assert _documented_error(answer, 400) == "invalid_request"


def test_not_found_and_method_not_allowed_use_documented_codes(serve):
    client = serve()
    assert _documented_error(client.get("/v1/nothing"), 404) == "not_found"
    assert _documented_error(client.get("/v1/signals/stream"), 405) == "method_not_allowed"
    assert _documented_error(client.get("/v1/signals/stream/nope"), 404) == "not_found"


@pytest.mark.parametrize("url", ["http://localhost:9/events", "http://127.0.0.1:9/events"])
def test_localhost_is_exempt_from_https(serve, url):
    assert serve().post("/v1/signals/stream", json=_body(endpoint_url=url)).status_code == 201


def test_poll_stream_needs_no_endpoint(serve):
    answer = serve().post("/v1/signals/stream", json=_body(delivery_method="poll",
                                                           endpoint_url=None))
    assert answer.status_code == 201


def test_not_configured_answers_the_documented_error(serve):
    answer = serve(configured=False).post("/v1/signals/stream", json=_body())
    assert _documented_error(answer, 503) == "server_error"


def test_push_delivers_a_signed_ssf_set(serve):
    collector = Collector()
    with collector.server:
        client = serve()
        created = client.post("/v1/signals/stream", json=_body(
            endpoint_url=f"http://127.0.0.1:{collector.server.port}/events")).json()
        emitted = client.post("/_emulator/actions/session-revoked",
                              json={"email": "alice@example.com"},
                              headers={"Authorization": f"Bearer {ADMIN}"})
        assert emitted.status_code == 202
        token = collector.wait()[0]
    decoded = verify_set(token, client.get("/v1/signals/jwks").json())
    assert decoded.header["typ"] == "secevent+jwt"
    assert decoded.claims["jti"] == emitted.json()["jti"][0]
    assert decoded.claims["sub_id"] == {"format": "email", "email": "alice@example.com"}
    assert (decoded.claims["iss"], decoded.claims["aud"]) == ("starfly", created["aud"])
    assert list(decoded.claims["events"]) == [SESSION_REVOKED]


def test_poll_hands_out_and_ack_removes(serve):
    client = serve()
    stream_id = client.post("/v1/signals/stream", json=_body(
        delivery_method="poll", endpoint_url=None)).json()["stream_id"]
    jti = client.post("/_emulator/actions/credential-change", json={"email": "a@example.com"},
                      headers={"Authorization": f"Bearer {ADMIN}"}).json()["jti"][0]
    polled = client.post(f"/v1/signals/stream/{stream_id}/poll",
                         json={"returnImmediately": True}).json()
    assert list(polled["sets"]) == [jti] and polled["moreAvailable"] is False
    after = client.post(f"/v1/signals/stream/{stream_id}/poll",
                        json={"ack": [jti], "returnImmediately": True}).json()
    assert after["sets"] == {}


def test_admin_calls_need_the_admin_bearer(serve):
    client = serve()
    answer = client.post("/_emulator/actions/session-revoked", json={"email": "a@example.com"})
    assert _documented_error(answer, 401) == "access_denied"
    stream_id = client.post("/v1/signals/stream", json=_body()).json()["stream_id"]
    paused = client.post(f"/_emulator/streams/{stream_id}/status", json={"status": "paused"},
                         headers={"Authorization": f"Bearer {ADMIN}"})
    assert paused.json()["status"] == "paused"
    assert client.get(f"/v1/signals/stream/{stream_id}").json()["status"] == "paused"


# -- planned faults ------------------------------------------------------------------------
def test_fault_undocumented_error_code(serve):
    answer = serve({"starfly-undocumented-error-code"}).post("/v1/signals/stream",
                                                             json=_body(iss=None))
    assert answer.status_code == 400 and answer.json()["error"] not in DOCUMENTED_CODES


def test_fault_http_endpoint_accepted(serve):
    answer = serve({"starfly-http-endpoint-accepted"}).post(
        "/v1/signals/stream", json=_body(endpoint_url="http://consumer.example.com/events"))
    assert answer.status_code == 201


def test_fault_localhost_refused(serve):
    answer = serve({"starfly-localhost-refused"}).post(
        "/v1/signals/stream", json=_body(endpoint_url="http://localhost:9/events"))
    assert answer.status_code == 400


def test_fault_missing_iss_accepted(serve):
    answer = serve({"starfly-missing-iss-accepted"}).post("/v1/signals/stream",
                                                          json=_body(iss=None))
    assert answer.status_code == 201


def test_fault_not_configured_500(serve):
    answer = serve({"starfly-not-configured-500"}, configured=False).post(
        "/v1/signals/stream", json=_body())
    assert answer.status_code == 500 and not answer.headers["content-type"].startswith(
        "application/json")


def test_fault_status_unknown_value(serve):
    answer = serve({"starfly-status-unknown-value"}).post("/v1/signals/stream", json=_body())
    assert answer.json()["status"] not in ("enabled", "paused", "disabled")


def test_fault_not_found_plain_text(serve):
    answer = serve({"starfly-not-found-plain-text"}).get("/v1/nothing")
    assert answer.status_code == 404 and not answer.headers["content-type"].startswith(
        "application/json")


# -- mTLS ----------------------------------------------------------------------------------
@pytest.fixture
def pki(tmp_path):
    ca = trustme.CA()
    files = {name: tmp_path / f"{name}.pem" for name in
             ("ca", "server", "server-key", "client", "client-key")}
    ca.cert_pem.write_to_path(str(files["ca"]))
    server = ca.issue_cert("127.0.0.1", "localhost")
    server.cert_chain_pems[0].write_to_path(str(files["server"]))
    server.private_key_pem.write_to_path(str(files["server-key"]))
    client = ca.issue_cert("suite-client@example.com")
    client.cert_chain_pems[0].write_to_path(str(files["client"]))
    client.private_key_pem.write_to_path(str(files["client-key"]))
    return files


def _tls_server(tmp_path, pki, faults=()) -> RunningServer:
    settings = EmulatorSettings(public_base_url="https://127.0.0.1", db_path=tmp_path / "m.db",
                                api_token="api", admin_token=ADMIN, faults=frozenset(faults),
                                client_ca_file=str(pki["ca"]))
    return RunningServer(create_app(settings), ssl_certfile=str(pki["server"]),
                         ssl_keyfile=str(pki["server-key"]), **server_ssl_options(settings))


def _tls_post(server: RunningServer, pki, with_cert: bool) -> httpx.Response:
    context = ssl.create_default_context(cafile=str(pki["ca"]))
    if with_cert:
        context.load_cert_chain(str(pki["client"]), str(pki["client-key"]))
    with httpx.Client(verify=context, timeout=10) as client:
        return client.post(server.base_url + "/v1/signals/stream", json=_body())


def test_mtls_requires_a_client_certificate(tmp_path, pki):
    with _tls_server(tmp_path, pki) as server:
        assert _tls_post(server, pki, with_cert=True).status_code == 201
        with pytest.raises(httpx.TransportError):
            _tls_post(server, pki, with_cert=False)


def test_fault_mtls_not_required(tmp_path, pki):
    with _tls_server(tmp_path, pki, {"starfly-mtls-not-required"}) as server:
        assert _tls_post(server, pki, with_cert=False).status_code == 201


def test_the_mtls_option_requires_certificates_of_the_ca_the_emulator_trusts(tmp_path, pki):
    base = dict(public_base_url="https://127.0.0.1", db_path=tmp_path / "o.db", api_token="a",
                admin_token=ADMIN, ca_file=str(pki["ca"]))
    assert server_ssl_options(EmulatorSettings(**base)) == {}
    assert server_ssl_options(EmulatorSettings(**base, options={"mtls": True})) == {
        "ssl_cert_reqs": ssl.CERT_REQUIRED, "ssl_ca_certs": str(pki["ca"])}
