"""Everything through the proxy, failures included (issue 11): a URL an external transmitter hands
out on another host (its jwks_uri) is fetched through the forwarding recording proxy; a request
that gets no answer is named by kind in the scenario's failure; the receiver role words the
persona's failed pushes the same way."""
from __future__ import annotations

import yaml
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from harness.profiles import load_profile
from harness.proxy.exchange import Exchange
from harness.runtime.servers import RunningServer
from harness.runtime.tls import make_local_tls
from harness.suite.receiver_session import ReceiverSession
from harness.suite.session import TransmitterSession


def _https(app, tls) -> RunningServer:
    return RunningServer(app, ssl_certfile=str(tls.cert_file),
                         ssl_keyfile=str(tls.key_file)).start()


def test_a_jwks_uri_on_another_host_goes_through_the_forwarding_proxy(tmp_path):
    tls = make_local_tls(tmp_path / "tut-tls")
    keys = _https(Starlette(routes=[Route("/jwks", lambda r: JSONResponse({"keys": []}))]), tls)
    meta = {"jwks_uri": keys.base_url + "/jwks"}
    tut = _https(Starlette(routes=[Route("/.well-known/ssf-configuration/ssf",
                                         lambda r: JSONResponse(meta))]), tls)
    meta["issuer"] = tut.base_url + "/ssf"
    path = tmp_path / "tut.yaml"
    path.write_text(yaml.safe_dump({
        "name": "jwks-elsewhere", "tls": {"ca_file": str(tls.ca_file)},
        "suite": {"state_dir": str(tmp_path / "state")},
        "transmitter": {"issuer": meta["issuer"], "auth": {"type": "bearer",
                                                            "token_env": "TUT_TOKEN"},
                        "capabilities": {"delivery_methods": ["push"]}}}))
    session = TransmitterSession(load_profile(path, env={"TUT_TOKEN": "t-0123456789"}),
                                 tmp_path / "run").start()
    try:
        marks = session.marks()
        found = session.http.call("GET", session.discovery_url).json()
        assert session.http.call("GET", found["jwks_uri"]).status == 200
        unresolvable = "https://keys.tut.invalid/jwks"
        assert session.http.call("GET", unresolvable).status == 502   # the proxy's answer
        outbound = session._proxies["outbound"].exchanges(since=marks["outbound"])
        assert [e.url for e in outbound] == [meta["jwks_uri"], unresolvable]
        assert [e.path for e in session._proxies["transmitter"].exchanges(
            since=marks["transmitter"])] == ["/.well-known/ssf-configuration/ssf"]
        (line,) = session.transport_failures(marks)
        assert line.startswith(f"the suite's request to {unresolvable} failed (the host name "
                               "does not resolve): "), line
        assert outbound[1].id in line
    finally:
        session.stop()
        tut.stop()
        keys.stop()


class _Recorded:
    def __init__(self, *records):
        self.records = [Exchange.from_record(r) for r in records]

    def exchanges(self, since=None):
        return self.records


def _record(id_, url, error, stage="http", method="POST"):
    return {"id": id_, "exchange_seq": 1, "response": None, "faults": [],
            "request": {"method": method, "pretty_url": url, "url": url, "headers": []},
            "error": {"msg": error, "stage": stage}}


def test_the_receiver_role_words_each_failed_push():
    session = ReceiverSession.__new__(ReceiverSession)   # only the wording is under test
    session.push_url = "https://rp.example/ssf/push"

    class _Persona:
        public = "https://127.0.0.1:8444"
    session.persona = _Persona()
    push = "https://rp.example/ssf/push"
    session._proxies = {
        "outbound": _Recorded(
            _record("a", push, "[Errno 111] Connect call failed ('10.0.0.1', 443)"),
            _record("b", push, "[Errno 111] Connect call failed ('10.0.0.1', 443)"),
            _record("c", "https://rp.invalid/push", "[Errno -2] Name or service not known"),
            _record("d", push, "Certificate verify failed: unable to get local issuer "
                               "certificate")),
        "transmitter": _Recorded(_record(
            "e", "https://127.0.0.1:8444/", "The client does not trust the proxy's certificate "
            "for 127.0.0.1:5000 (tlsv1 alert unknown ca)", stage="client_tls", method=""))}
    lines = session.transport_failures({})
    assert lines == [
        f"the suite's push to {push} failed (connection refused): [Errno 111] Connect call "
        "failed ('10.0.0.1', 443) [evidence: a] (2 times)",
        "the suite's push to https://rp.invalid/push failed (the host name does not resolve): "
        "[Errno -2] Name or service not known [evidence: c]",
        f"the suite's push to {push} failed the TLS handshake: Certificate verify failed: "
        "unable to get local issuer certificate [evidence: d]",
        "the receiver's request to https://127.0.0.1:8444 failed the TLS handshake: The client "
        "does not trust the suite's certificate (tlsv1 alert unknown ca) [evidence: e]"]
