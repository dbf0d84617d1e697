"""harness.suite.client_cert_probe: one request straight to an origin, with or without the
suite's TLS client certificate, tells an origin that requires one (mTLS) from one that does
not."""
from __future__ import annotations

import ssl

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from harness.runtime.servers import RunningServer
from harness.runtime.tls import make_local_tls
from harness.suite.client_cert_probe import request
from harness.suite.tls_probe import ProbeUnavailable


def _app() -> Starlette:
    async def root(request):
        return PlainTextResponse("hello", status_code=404)
    return Starlette(routes=[Route("/", root)])


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return make_local_tls(tmp_path_factory.mktemp("tls"))


def _server(tls, cert_reqs):
    return RunningServer(_app(), ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file),
                         ssl_cert_reqs=cert_reqs, ssl_ca_certs=str(tls.ca_file))


def test_an_origin_that_requires_a_certificate_refuses_a_request_without_one(tls):
    with _server(tls, ssl.CERT_REQUIRED) as server:
        given = request(server.base_url, (tls.cert_file, tls.key_file), 10)
        bare = request(server.base_url, None, 10)
    assert given.status == 404 and given.with_certificate
    assert bare.status is None and not bare.with_certificate and bare.detail


def test_an_origin_that_does_not_require_one_answers_both(tls):
    with _server(tls, ssl.CERT_OPTIONAL) as server:
        assert request(server.base_url, None, 10).status == 404
        assert request(server.base_url, (tls.cert_file, tls.key_file), 10).status == 404


def test_an_unreachable_origin_says_nothing(tls):
    with _server(tls, ssl.CERT_NONE) as server:
        origin = server.base_url
    with pytest.raises(ProbeUnavailable):
        request(origin, None, 2)
