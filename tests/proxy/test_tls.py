"""HTTPS on both legs: upstream verified with our CA, and clients speaking HTTPS to the proxy."""
from __future__ import annotations

import ssl

import httpx
import pytest

from harness.runtime.servers import RunningServer
from tests.proxy.apps import implementation_app
from tests.proxy.conftest import WAIT_SECONDS


@pytest.fixture(scope="module")
def https_implementation(tls):
    with RunningServer(implementation_app(), ssl_certfile=str(tls.cert_file),
                       ssl_keyfile=str(tls.key_file)) as server:
        yield server


@pytest.fixture(scope="module")
def tls_client(tls):
    with httpx.Client(verify=tls.client_context(), timeout=WAIT_SECONDS) as client:
        yield client


def test_https_end_to_end_with_one_local_ca(proxy_factory, https_implementation, tls, tls_client):
    proxy = proxy_factory(https_implementation.base_url, "https-verified", upstream_ca=tls.ca_file,
                          server_cert_combined=tls.combined_file)
    assert proxy.base_url.startswith("https://127.0.0.1:")
    response = tls_client.get(proxy.base_url + "/hello")  # client trusts only our CA
    assert response.status_code == 200 and response.json()["path"] == "/hello"
    (exchange,) = proxy.exchanges()
    assert exchange.request.upstream_url == https_implementation.base_url + "/hello"
    assert exchange.status == 200


def test_unverifiable_upstream_is_recorded_as_an_error(proxy_factory, https_implementation, http):
    proxy = proxy_factory(https_implementation.base_url, "https-unverified")
    response = http.get(proxy.base_url + "/hello")
    assert response.status_code == 502
    exchange = proxy.wait_for_exchange(lambda e: e.path == "/hello", WAIT_SECONDS)
    assert exchange.response is None
    assert "certificate verify failed" in exchange.error.lower()


def test_insecure_upstream_skips_verification(proxy_factory, https_implementation, http):
    proxy = proxy_factory(https_implementation.base_url, "https-insecure", insecure_upstream=True)
    assert http.get(proxy.base_url + "/hello").status_code == 200


@pytest.fixture(scope="module")
def mtls_implementation(tls):
    """An upstream that requires a client certificate issued by our CA (mTLS)."""
    with RunningServer(implementation_app(), ssl_certfile=str(tls.cert_file),
                       ssl_keyfile=str(tls.key_file), ssl_cert_reqs=ssl.CERT_REQUIRED,
                       ssl_ca_certs=str(tls.ca_file)) as server:
        yield server


def test_a_client_certificate_is_presented_to_an_upstream_that_requires_one(
        proxy_factory, mtls_implementation, tls, http):
    bare = proxy_factory(mtls_implementation.base_url, "mtls-bare", upstream_ca=tls.ca_file)
    assert http.get(bare.base_url + "/hello").status_code == 502
    # trustme's leaves carry the clientAuth usage: the run's server leaf serves as the client's
    proxy = proxy_factory(mtls_implementation.base_url, "mtls-cert", upstream_ca=tls.ca_file,
                          client_cert=tls.combined_file)
    assert http.get(proxy.base_url + "/hello").status_code == 200
