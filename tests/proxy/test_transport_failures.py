"""Failures without an answer are recorded exchanges too: a client that gives up the TLS
handshake with the proxy, and (forward mode) an upstream that refuses the connection, does not
resolve, or fails the TLS handshake. Each becomes one record with the reason, and
`transport_failure` names the kind."""
from __future__ import annotations

import socket
import ssl

import httpx
import pytest

from harness.proxy.failures import (DNS, REFUSED, TLS_HANDSHAKE, classify, transport_failure)
from harness.runtime.servers import RunningServer, free_port
from harness.runtime.tls import SuiteCA, make_local_tls
from tests.proxy.apps import implementation_app
from tests.proxy.conftest import WAIT_SECONDS


@pytest.fixture(scope="module")
def suite_ca(tmp_path_factory) -> SuiteCA:
    return SuiteCA.load_or_create(tmp_path_factory.mktemp("state") / "ca")


@pytest.fixture(scope="module")
def other_tls(tmp_path_factory):
    """A CA nobody in these tests trusts."""
    return make_local_tls(tmp_path_factory.mktemp("other-tls"))


def test_a_client_that_does_not_trust_the_proxy_is_a_recorded_handshake_failure(
        proxy_factory, implementation, tls, other_tls):
    proxy = proxy_factory(implementation.base_url, "client-tls",
                          server_cert_combined=tls.combined_file)
    with httpx.Client(verify=other_tls.client_context(), timeout=WAIT_SECONDS) as client:
        with pytest.raises(httpx.ConnectError):
            client.post(proxy.base_url + "/push/abc", content=b"x")
    exchange = proxy.wait_for_exchange(lambda e: True, WAIT_SECONDS)
    assert exchange.response is None and exchange.record["error"]["stage"] == "client_tls"
    assert "unknown ca" in exchange.error
    failure = transport_failure(exchange, url=proxy.base_url + "/push/abc")
    assert failure.kind == TLS_HANDSHAKE
    sentence = failure.sentence("the transmitter's push")
    assert sentence.startswith(f"the transmitter's push to {proxy.base_url}/push/abc failed the "
                               "TLS handshake: ")
    assert "the suite's certificate" in sentence and exchange.id in sentence
    assert "--verbose" in exchange.to_curl()


def test_a_bare_connect_and_close_records_nothing(proxy_factory, implementation, tls):
    """The harness's own readiness probe (connect, close) is not a failed handshake."""
    proxy = proxy_factory(implementation.base_url, "probe-only",
                          server_cert_combined=tls.combined_file)
    socket.create_connection(("127.0.0.1", proxy.port), timeout=WAIT_SECONDS).close()
    with httpx.Client(verify=tls.client_context(), timeout=WAIT_SECONDS) as client:
        assert client.get(proxy.base_url + "/hello").status_code == 200
    exchange = proxy.wait_for_exchange(lambda e: True, WAIT_SECONDS)
    assert exchange.path == "/hello" and len(proxy.exchanges()) == 1


@pytest.fixture(scope="module")
def forward(proxy_factory, suite_ca, tls, tmp_path_factory):
    """A forward proxy signing per-host certificates with the suite CA, trusting `tls`'s CA
    upstream; its clients trust only the suite CA."""
    proxy = proxy_factory(None, "forward", upstream_ca=tls.ca_file,
                          confdir=tmp_path_factory.mktemp("forward-conf"),
                          signing_ca_pem=suite_ca.mitmproxy_ca_pem())
    with httpx.Client(proxy=proxy.base_url,
                      verify=ssl.create_default_context(cafile=str(suite_ca.cert_file)),
                      timeout=WAIT_SECONDS) as client:
        yield proxy, client


@pytest.fixture(scope="module")
def https_upstreams(tls, other_tls):
    good = RunningServer(implementation_app(), ssl_certfile=str(tls.cert_file),
                         ssl_keyfile=str(tls.key_file)).start()
    untrusted = RunningServer(implementation_app(), ssl_certfile=str(other_tls.cert_file),
                              ssl_keyfile=str(other_tls.key_file)).start()
    yield good, untrusted
    good.stop()
    untrusted.stop()


@pytest.mark.parametrize("where, kind", [
    ("refused", REFUSED), ("dns", DNS), ("untrusted", TLS_HANDSHAKE)])
def test_forward_mode_records_each_upstream_failure(forward, https_upstreams, where, kind):
    proxy, client = forward
    url = {"refused": f"https://127.0.0.1:{free_port()}/push",
           "dns": "https://receiver.invalid/push",
           "untrusted": https_upstreams[1].base_url + "/push"}[where]
    mark = proxy.mark()
    answer = client.post(url, content=b"a SET")
    assert answer.status_code == 502    # mitmproxy's answer: the upstream never gave one
    exchange = proxy.wait_for_exchange(lambda e: e.url == url, WAIT_SECONDS, since=mark)
    failure = transport_failure(exchange)
    assert failure.kind == kind and failure.url == url, failure


def test_forward_mode_passes_answers_through(forward, https_upstreams):
    proxy, client = forward
    url = https_upstreams[0].base_url + "/hello"
    assert client.get(url).status_code == 200
    exchange = proxy.wait_for_exchange(lambda e: e.url == url, WAIT_SECONDS)
    assert exchange.status == 200 and transport_failure(exchange) is None
    assert proxy.rewrite_url(url) == url     # forward mode rewrites nothing


@pytest.mark.parametrize("message, kind", [
    ("[Errno -2] Name or service not known", DNS),
    ("[Errno -3] Temporary failure in name resolution", DNS),
    ("[Errno 111] Connect call failed ('127.0.0.1', 1)", REFUSED),
    ("Certificate verify failed: unable to get local issuer certificate", TLS_HANDSHAKE),
    ("Connection timed out", "timeout"),
    ("peer closed connection", "other"),
])
def test_classify(message, kind):
    assert classify(message) == kind
