"""Recording through real mitmdump subprocesses in front of real upstreams (both directions)."""
from __future__ import annotations

import json
import os
import subprocess
import time
from urllib.parse import quote, quote_plus

import pytest

from harness.proxy import ExchangeTimeout
from harness.proxy.redact import redact_credential
from tests.proxy.apps import BINARY, SECRETS, SET
from tests.proxy.conftest import WAIT_SECONDS

PUSH_AUTH = "Bearer PUSH-5ecret-0b1e"
PROFILE_SECRET = "PROFILE-5ecret-aa00"
BODY_LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def tut_proxy(proxy_factory, implementation):
    return proxy_factory(implementation.base_url, "tut", known_secrets=[PROFILE_SECRET],
                         record_body_limit=BODY_LIMIT)


@pytest.fixture(scope="module")
def receiver_proxy(proxy_factory, receiver):
    return proxy_factory(receiver.base_url, "receiver")


def test_records_both_directions(http, tut_proxy, receiver_proxy):
    tut_start, rx_start = tut_proxy.mark(), receiver_proxy.mark()
    order = {"endpoint_url": receiver_proxy.base_url + "/events",
             "jwks_url": receiver_proxy.base_url + "/jwks.json", "authorization_header": PUSH_AUTH}
    response = http.post(tut_proxy.base_url + "/push-now", json=order)
    assert response.json() == {"push_status": 202, "jwks_status": 200}

    push = receiver_proxy.wait_for_exchange(lambda e: e.path == "/events", WAIT_SECONDS,
                                            since=rx_start)
    assert push.method == "POST" and push.status == 202
    assert push.request.body == SET  # the pushed SET is evidence, kept verbatim
    assert push.request.header("Authorization") == redact_credential(PUSH_AUTH)
    assert [e.path for e in receiver_proxy.exchanges(since=rx_start)] == ["/jwks.json", "/events"]

    (management,) = tut_proxy.exchanges(since=tut_start)
    assert management.path == "/push-now" and management.status == 200
    # Same fingerprint in the management call and in the push: "the configured header was sent".
    assert management.request.json()["authorization_header"] == push.request.header("authorization")
    for proxy in (tut_proxy, receiver_proxy):
        assert "PUSH-5ecret" not in proxy.record_file.read_text()


def test_slices_exchanges_per_scenario_by_marker(http, tut_proxy):
    first = tut_proxy.mark()
    http.get(tut_proxy.base_url + "/a")
    http.get(tut_proxy.base_url + "/b")
    second = tut_proxy.mark()
    http.get(tut_proxy.base_url + "/c")
    assert [e.path for e in tut_proxy.exchanges(since=first)] == ["/a", "/b", "/c"]
    assert [e.path for e in tut_proxy.exchanges(since=second)] == ["/c"]
    assert tut_proxy.exchanges(since=tut_proxy.mark()) == []
    seqs = [e.seq for e in tut_proxy.exchanges(since=first)]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def test_redacts_every_secret_class(http, tut_proxy):
    start = tut_proxy.mark()
    http.post(tut_proxy.base_url + "/token",
              data={"grant_type": "client_credentials", "client_secret": "FORM-CS-5ecret",
                    "password": "FORM-PW-5ecret", "assertion": "FORM-AS-5ecret"},
              headers={"Authorization": "Basic BASIC-5ecret", "Cookie": "sid=COOKIE-5ecret",
                       "Proxy-Authorization": "Bearer PROXYAUTH-5ecret"})
    http.post(tut_proxy.base_url + "/streams", json={
        "delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "https://rx.example/events",
                     "authorization_header": "Bearer AH-5ecret"},
        "nested": [{"client_secret": "J-CS-5ecret", "password": "J-PW-5ecret",
                    "secret": "J-S-5ecret", "token": "J-T-5ecret"}],
        "access_token": "J-AT-5ecret", "refresh_token": "J-RT-5ecret", "id_token": "J-ID-5ecret"})
    http.get(tut_proxy.base_url + "/q",
             params={"access_token": "Q-AT-5ecret", "keep": "visible", "token": "Q-T-5ecret",
                     "client_secret": "Q-CS-5ecret"})
    http.post(tut_proxy.base_url + "/raw", content=b'{"client_secret": "MALFORMED-5ecret", ',
              headers={"Content-Type": "application/json"})
    http.post(tut_proxy.base_url + "/raw", content=f"profile says {PROFILE_SECRET}".encode(),
              headers={"Content-Type": "text/plain", "X-Custom": PROFILE_SECRET})
    assert [e.status for e in tut_proxy.exchanges(since=start)] == [200, 201, 200, 200, 200]

    record = tut_proxy.record_file.read_text()
    secrets = [*SECRETS.values(), PROFILE_SECRET, "BASIC-5ecret", "COOKIE-5ecret",
               "PROXYAUTH-5ecret", "AH-5ecret", "MALFORMED-5ecret"]
    secrets += [f"{kind}-5ecret" for kind in ("FORM-CS", "FORM-PW", "FORM-AS", "J-CS", "J-PW",
                                              "J-S", "J-T", "J-AT", "J-RT", "J-ID", "Q-AT", "Q-T",
                                              "Q-CS")]
    for secret in secrets:
        for form in {secret, quote(secret), quote_plus(secret)}:
            assert form not in record, f"{secret} leaked into the record"
    # What is not secret stays readable, and the schemes still show what kind of credential.
    for visible in ("keep=visible", "grant_type=client_credentials", "https://rx.example/events",
                    "Basic [REDACTED fp:", "Bearer [REDACTED fp:", "profile says [REDACTED fp:"):
        assert visible in record


def test_keeps_set_evidence_in_poll_responses(http, tut_proxy):
    start = tut_proxy.mark()
    http.post(tut_proxy.base_url + "/poll", json={"maxEvents": 10, "returnImmediately": True})
    (poll,) = tut_proxy.exchanges(since=start)
    assert poll.response.json()["sets"] == {"reset-token": SET}
    assert poll.response.body_redacted is False


def test_binary_bodies_are_base64(http, tut_proxy):
    start = tut_proxy.mark()
    assert http.get(tut_proxy.base_url + "/binary").content == BINARY
    http.post(tut_proxy.base_url + "/echo", content=b"\xff\x00\xfe",
              headers={"Content-Type": "application/octet-stream"})
    download, upload = tut_proxy.exchanges(since=start)
    assert download.response.body_base64 and download.response.content() == BINARY
    assert upload.request.body_base64 and upload.request.content() == b"\xff\x00\xfe"
    assert not download.request.body_base64


def test_oversized_bodies_are_truncated_in_the_record_only(http, tut_proxy):
    start = tut_proxy.mark()
    big = b"a" * (BODY_LIMIT + 1000)
    response = http.post(tut_proxy.base_url + "/echo", content=big)
    assert bytes.fromhex(response.json()["body_hex"]) == big  # the upstream got all of it
    (exchange,) = tut_proxy.exchanges(since=start)
    assert exchange.request.body_truncated and exchange.request.body_size == len(big)
    assert len(exchange.request.body) == BODY_LIMIT


def test_rewrite_url_keeps_followed_links_on_the_proxy(http, tut_proxy, implementation):
    config = http.get(tut_proxy.base_url + "/.well-known/ssf-configuration").json()
    # Reverse mode rewrites Host to the upstream's, so the implementation hands out its own URLs.
    assert config["jwks_uri"] == implementation.base_url + "/jwks.json"
    jwks_uri = tut_proxy.rewrite_url(config["jwks_uri"])
    assert jwks_uri == tut_proxy.base_url + "/jwks.json"
    rewritten = tut_proxy.rewrite_urls(config)
    assert rewritten["configuration_endpoint"] == tut_proxy.base_url + "/streams"
    assert tut_proxy.rewrite_url("https://elsewhere.example/jwks.json") == \
        "https://elsewhere.example/jwks.json"
    start = tut_proxy.mark()
    http.get(jwks_uri)
    assert [e.path for e in tut_proxy.exchanges(since=start)] == ["/jwks.json"]


def test_to_curl_reproduces_the_request(http, tut_proxy):
    start = tut_proxy.mark()
    http.post(tut_proxy.base_url + "/echo?x=1", json={"hello": "it's \"quoted\""},
              headers={"Authorization": "Bearer CURL-5ecret"})
    (exchange,) = tut_proxy.exchanges(since=start)
    line = exchange.to_curl()
    assert '"Authorization: Bearer ${TOKEN}"' in line and "CURL-5ecret" not in line
    env = {**os.environ, "TOKEN": "CURL-5ecret"}
    out = subprocess.run(["sh", "-c", line], capture_output=True, text=True, env=env,
                         timeout=WAIT_SECONDS)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("HTTP/1.1 200")
    echoed = json.loads(out.stdout.split("\n\n", 1)[1])  # text mode turned CRLF into LF
    assert echoed["authorization"] == "Bearer CURL-5ecret"
    assert echoed["body_hex"] == exchange.response.json()["body_hex"]  # same body bytes


def test_summary_and_dict(http, tut_proxy):
    start = tut_proxy.mark()
    response = http.get(tut_proxy.base_url + "/summary-me")
    (exchange,) = tut_proxy.exchanges(since=start)
    # The client learns which record is its own; the record keeps the upstream's headers only.
    assert response.headers["x-ssf-exchange-id"] == exchange.id
    assert exchange.response.header("x-ssf-exchange-id") is None
    assert exchange.summary().startswith(f"#{exchange.seq} GET {exchange.url} -> 200 OK (")
    data = exchange.to_dict()
    assert data["exchange_seq"] == exchange.seq and data["request"]["method"] == "GET"
    data["request"]["method"] = "changed"
    assert exchange.to_dict()["request"]["method"] == "GET"  # a copy, not the record itself


def test_wait_for_exchange_gives_up_at_the_deadline(http, tut_proxy):
    start = tut_proxy.mark()
    http.get(tut_proxy.base_url + "/seen")
    began = time.monotonic()
    with pytest.raises(ExchangeTimeout, match=r"within 0.3s .*recent: #\d+ GET \S+/seen -> 200"):
        tut_proxy.wait_for_exchange(lambda e: e.path == "/never", 0.3, since=start)
    assert 0.3 <= time.monotonic() - began < 0.3 + WAIT_SECONDS
