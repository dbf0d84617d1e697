"""The transmitter persona for the receiver role: the reference transmitter wrapped in the
request tap, its push log, and the admin endpoint that queues arbitrary (forged) SETs. Real
servers over HTTPS on 127.0.0.1, one httpx client per test module."""
import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.runtime.servers import RunningServer
from harness.runtime.tls import make_local_tls
from harness.ssf.constants import POLL, PUSH
from harness.suite.forger import SetForger
from harness.suite.receiver_persona import caller_classifier, start_persona

RUT, ADMIN = "rut-token-for-tests", "admin-token-for-tests"


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return make_local_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def persona(tmp_path_factory, tls):
    made = start_persona(state_dir=tmp_path_factory.mktemp("persona"), tls=tls, public=None,
                         rut_token=RUT, audience="https://rut.example", admin_token=ADMIN,
                         startup_timeout=10.0, long_poll_max_wait=1.0)
    yield made
    made.stop()


@pytest.fixture(scope="module")
def http(tls, persona):  # closed before the persona stops: no idle connection delays it
    with httpx.Client(verify=tls.client_context(), timeout=10.0) as client:
        yield client


@pytest.fixture(scope="module")
def forger(persona):
    return SetForger(persona.issuer, "https://rut.example", persona.signing_key)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def create(http, persona, delivery):
    resp = http.post(persona.issuer + "/stream", headers=bearer(RUT),
                     json={"delivery": delivery, "events_requested": [
                         "https://schemas.openid.net/secevent/caep/event-type/session-revoked"]})
    assert resp.status_code == 201, resp.text
    return resp.json()


def queue(http, persona, stream_id, body, token=ADMIN):
    return http.post(f"{persona.issuer}/admin/streams/{stream_id}/sets", json=body,
                     headers=bearer(token))


def test_the_tap_records_calls_by_caller_without_their_credentials(http, persona):
    since = persona.tap.log.mark()
    stream = create(http, persona, {"method": POLL})
    entry = persona.tap.log.wait_for(lambda e: e.path == "/ssf/stream" and e.answered, 5, since)
    assert (entry.method, entry.caller, entry.status) == ("POST", "rut", 201)
    assert entry.json()["delivery"] == {"method": POLL}
    assert entry.response_json()["stream_id"] == stream["stream_id"]
    assert "authorization" not in entry.headers and RUT.encode() not in entry.body
    http.get(persona.metadata_url)
    seen = persona.tap.log.since(since, lambda e: e.path == "/.well-known/ssf-configuration/ssf")
    assert [e.caller for e in seen] == ["anonymous"]


def test_the_classifier_names_callers():
    classify = caller_classifier("r", "a")
    assert [classify(v) for v in ("", "Bearer r", "Bearer a", "Bearer x")] == [
        "anonymous", "rut", "suite", "other"]


def test_a_wait_with_nothing_matching_ends_at_its_deadline(persona):
    assert persona.tap.log.wait_for(lambda e: False, 0.05, 0) is None


def test_rewrite_next_changes_one_answer_only(http, persona):
    persona.tap.rewrite_next(lambda e: e.method == "POST" and e.path == "/ssf/stream",
                             lambda config: {**config, "iss": "https://foreign.example"})
    first = create(http, persona, {"method": POLL})
    second = create(http, persona, {"method": POLL})
    assert first["iss"] == "https://foreign.example" and second["iss"] == persona.issuer


def test_a_queued_token_is_polled_byte_for_byte_and_its_ack_is_seen(http, persona, forger):
    stream = create(http, persona, {"method": POLL})
    forged = forger.hostile("wrong-iss")
    resp = queue(http, persona, stream["stream_id"], {"token": forged.token})
    assert resp.status_code == 202 and resp.json()["jti"] == forged.jti
    poll = stream["delivery"]["endpoint_url"]
    sets = http.post(poll, json={"returnImmediately": True}, headers=bearer(RUT)).json()["sets"]
    assert sets == {forged.jti: forged.token}
    since = persona.tap.log.mark()
    http.post(poll, json={"returnImmediately": True, "setErrs": {
        forged.jti: {"err": "invalid_issuer", "description": "not you"}}}, headers=bearer(RUT))
    entry = persona.tap.log.wait_for(lambda e: "/poll/" in e.path, 5, since)
    assert entry.json()["setErrs"][forged.jti]["err"] == "invalid_issuer"
    history = http.get(persona.issuer + "/events", params={"stream_id": stream["stream_id"]},
                       headers=bearer(ADMIN)).json()["events"]
    assert history[0]["jti"] == forged.jti and history[0]["status"] == "rejected"


@pytest.mark.parametrize("body, token, status", [
    ({"token": "a.b.c"}, ADMIN, 400),                 # no readable jti and none given
    ({"token": 5}, ADMIN, 400),                        # wrong type
    ({"token": "x.y", "jti": "j"}, "wrong", 401),      # admin only
])
def test_bad_queue_requests_are_refused_with_json(http, persona, body, token, status):
    stream = create(http, persona, {"method": POLL})
    resp = queue(http, persona, stream["stream_id"], body, token)
    assert resp.status_code == status and "error" in resp.json()


def test_queueing_on_an_unknown_stream_is_404(http, persona):
    resp = queue(http, persona, "no-such-stream", {"token": "x.y", "jti": "j"})
    assert resp.status_code == 404 and resp.json()["error"] == "not_found"


def test_the_push_log_records_the_receivers_answer(http, persona, forger, tls):
    async def push(request):
        await request.body()
        return Response(status_code=202) if request.headers.get("authorization") == \
            "Bearer push" else JSONResponse({"err": "authentication_failed"}, status_code=400)
    receiver = RunningServer(Starlette(routes=[Route("/push", push, methods=["POST"])]),
                             ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file))
    receiver.start()
    try:
        stream = create(http, persona, {"method": PUSH, "endpoint_url": receiver.base_url
                                        + "/push", "authorization_header": "Bearer push"})
        since = persona.pushes.mark()
        forged = forger.valid("session-revoked")
        queue(http, persona, stream["stream_id"], {"token": forged.token})
        pushed = persona.pushes.wait_for(lambda p: p.jti == forged.jti, 5, since)
        assert (pushed.status, pushed.text, pushed.token) == (202, "", forged.token)
    finally:
        persona.close_outbound()  # else the receiver's stop waits for the keep-alive link
        receiver.stop()
