"""TransmitterClient used on its own, against the stand-in transmitter (HTTP and HTTPS)."""
import pytest

from harness.reference.receiver import (
    IssuerMismatchError, TransmitterClient, TransmitterHTTPError, TransmitterUnavailable,
    well_known_url,
)
from harness.runtime.tls import make_local_tls
from harness.ssf.constants import POLL, PUSH

from tests.reference.receiver.conftest import ALICE, MGMT_TOKEN
from tests.reference.receiver.hostile import SESSION_REVOKED
from tests.reference.receiver.standin import CLIENT_ID, CLIENT_SECRET, StandInTransmitter


@pytest.fixture
def client(transmitter):
    with TransmitterClient(transmitter.issuer, token=MGMT_TOKEN) as c:
        yield c


@pytest.mark.parametrize("issuer, url", [
    ("https://h.example/ssf", "https://h.example/.well-known/ssf-configuration/ssf"),
    ("https://h.example/a/b/", "https://h.example/.well-known/ssf-configuration/a/b"),
    ("https://h.example", "https://h.example/.well-known/ssf-configuration"),
    ("https://h.example:8443/", "https://h.example:8443/.well-known/ssf-configuration"),
])
def test_well_known_url_inserts_the_segment_before_the_issuer_path(issuer, url):
    assert well_known_url(issuer) == url


def test_discovery_uses_the_path_form_url(client, transmitter):
    metadata = client.discover()
    assert metadata["issuer"] == transmitter.issuer
    assert transmitter.requests_to("/.well-known/ssf-configuration/ssf", "GET")
    client.discover()
    assert len(transmitter.requests_to("/.well-known/ssf-configuration/ssf")) == 1  # cached


def test_issuer_with_trailing_slash_does_not_match_metadata(transmitter):
    with TransmitterClient(transmitter.issuer + "/", token=MGMT_TOKEN) as c:
        with pytest.raises(IssuerMismatchError, match="differs"):
            c.discover()


def test_explicit_metadata_url_takes_the_issuer_from_the_metadata(transmitter):
    url = transmitter.base_url + "/.well-known/ssf-configuration/ssf"
    with TransmitterClient(metadata_url=url, token=MGMT_TOKEN) as c:
        assert c.issuer == transmitter.issuer


def test_full_management_round_trip(client, transmitter):
    created = client.create_stream({"delivery": {"method": PUSH,
                                                 "endpoint_url": "https://rx.example/push"},
                                    "events_requested": [SESSION_REVOKED]})
    stream_id = created["stream_id"]
    assert client.get_stream(stream_id)["stream_id"] == stream_id
    assert [s["stream_id"] for s in client.list_streams()] == [stream_id]
    assert client.update_stream({"stream_id": stream_id, "description": "d"})["description"] == "d"
    assert client.replace_stream({**created, "description": "e"})["description"] == "e"
    assert client.set_status(stream_id, "paused", "testing")["status"] == "paused"
    assert client.get_status(stream_id)["status"] == "paused"
    client.add_subject(stream_id, ALICE, verified=True)
    client.remove_subject(stream_id, ALICE)
    client.request_verification(stream_id, "s-1")
    assert transmitter.requests_to("/ssf/verify")[0]["body"] == {"stream_id": stream_id,
                                                                 "state": "s-1"}
    client.delete_stream(stream_id)
    with pytest.raises(TransmitterHTTPError) as err:
        client.get_stream(stream_id)
    assert err.value.status == 404 and MGMT_TOKEN not in str(err.value)


def test_stream_with_a_foreign_iss_is_refused(client, transmitter):
    transmitter.stream_overrides = {"iss": "https://evil.example"}
    with pytest.raises(IssuerMismatchError):
        client.create_stream({"delivery": {"method": POLL}})
    with pytest.raises(IssuerMismatchError):
        client.list_streams()


def test_poll_returns_sets_and_sends_acknowledgements(client, transmitter):
    jti = transmitter.enqueue(transmitter.make_set(SESSION_REVOKED, ALICE))
    result = client.poll(transmitter.base_url + "/ssf/poll", max_events=5,
                         return_immediately=True)
    assert list(result.sets) == [jti] and result.more_available is False
    client.poll(transmitter.base_url + "/ssf/poll", acks=[jti],
                set_errs={"x": {"err": "invalid_key", "description": "d"}})
    last = transmitter.requests_to("/ssf/poll")[-1]
    assert last["body"] == {"returnImmediately": True, "ack": [jti],
                            "setErrs": {"x": {"err": "invalid_key", "description": "d"}}}
    assert last["headers"]["content-language"] == "en"


def test_unreachable_transmitter_raises_unavailable():
    with TransmitterClient("http://127.0.0.1:9/ssf", token=MGMT_TOKEN, timeout=2) as c:
        with pytest.raises(TransmitterUnavailable):
            c.discover()


def test_https_transmitter_needs_the_configured_ca(tmp_path, keyring):
    tls = make_local_tls(tmp_path / "tls")
    tx = StandInTransmitter(keyring, ssl_certfile=str(tls.cert_file),
                            ssl_keyfile=str(tls.key_file)).start()
    try:
        with TransmitterClient(tx.issuer, token=MGMT_TOKEN, ca_file=tls.ca_file) as trusted:
            assert trusted.discover()["issuer"].startswith("https://127.0.0.1:")
        with TransmitterClient(tx.issuer, token=MGMT_TOKEN) as untrusting:
            with pytest.raises(TransmitterUnavailable):  # INTEROP-TLS-02: untrusted certificate
                untrusting.discover()
    finally:
        tx.stop()


def test_expired_oauth_token_is_renewed_once(transmitter):
    with TransmitterClient(transmitter.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           token_endpoint=transmitter.base_url + "/token") as c:
        stream_id = c.create_stream({"delivery": {"method": POLL}})["stream_id"]
        transmitter._issued_tokens.clear()  # the transmitter forgets (expires) every token
        assert c.get_stream(stream_id)["stream_id"] == stream_id
    assert len(transmitter.requests_to("/token")) == 2
    assert CLIENT_SECRET not in str(transmitter.requests_to("/ssf/stream"))


def test_wrong_client_secret_fails_without_echoing_it(transmitter):
    with TransmitterClient(transmitter.issuer, client_id=CLIENT_ID, client_secret="bad-secret",
                           token_endpoint=transmitter.base_url + "/token") as c:
        with pytest.raises(TransmitterHTTPError) as err:
            c.list_streams()
    assert err.value.status == 401 and "bad-secret" not in str(err.value)
