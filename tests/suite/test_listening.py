"""The suite's listeners and certificates from the profile's `suite:` section: the CA kept under
the state directory (0600 key, one CA even when runs start at once), certificates that name the
public host, an operator's certificate presented by SNI while local clients keep the CA's."""
from __future__ import annotations

import socket
import ssl
import stat
import threading

import pytest
import trustme
import yaml
from cryptography import x509

from harness.profiles import load_profile
from harness.proxy import RecordingProxy
from harness.runtime.servers import RunningServer
from harness.runtime.tls import SuiteCA
from harness.suite.listening import certificates, endpoint, header_lines, workers_conflict
from tests.proxy.apps import implementation_app


def _profile(tmp_path, suite: dict, role: str = "transmitter"):
    target = {"issuer": "https://tx.example/ssf", "auth": {"type": "none"},
              "capabilities": {"delivery_methods": ["push"]}} if role == "transmitter" else {
        "embedded": True}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"name": "listening", "suite": suite, role: target}))
    return load_profile(path, env={})


def _sans(pem_path) -> list[str]:
    cert = x509.load_pem_x509_certificate(pem_path.read_bytes())
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return [str(v) for v in sans.get_values_for_type(x509.DNSName)] + [
        str(v) for v in sans.get_values_for_type(x509.IPAddress)]


def test_the_ca_is_made_once_and_its_key_is_private(tmp_path):
    made: list[SuiteCA] = []
    threads = [threading.Thread(target=lambda: made.append(SuiteCA.load_or_create(tmp_path)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len({ca.cert_file.read_bytes() for ca in made}) == 1
    assert stat.S_IMODE(made[0].key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


def test_the_public_host_is_in_the_issued_certificate(tmp_path):
    profile = _profile(tmp_path, {"state_dir": "state", "push_endpoint": {
        "host": "0.0.0.0", "port": 8443, "public_base_url": "https://suite.example.test:8443"}})
    ep = endpoint(profile.suite.push_endpoint)
    assert (ep.host, ep.port, ep.public) == ("0.0.0.0", 8443, "https://suite.example.test:8443")
    assert ep.local == "https://127.0.0.1:8443"
    certs = certificates(profile, tmp_path / "run", persistent=True, public_urls=(ep.public,))
    assert certs.ca.cert_file == tmp_path / "state" / "ca" / "ca.pem"
    assert set(_sans(certs.tls.cert_file)) == {"127.0.0.1", "localhost", "suite.example.test"}
    assert stat.S_IMODE(certs.tls.key_file.stat().st_mode) == 0o600
    assert header_lines(profile, ("transmitter",)) == [
        f"suite CA: {certs.ca.cert_file} (your implementation must trust it; "
        "`ssf-conformance ca export --out FILE` writes a copy)",
        "suite push endpoint: https://suite.example.test:8443"]
    assert "--workers 1" in workers_conflict(profile, ("transmitter",), 2)
    assert workers_conflict(profile, ("transmitter",), 1) is None


def test_embedded_runs_keep_nothing_and_print_nothing(tmp_path):
    profile = _profile(tmp_path, {}, role="receiver")
    certs = certificates(profile, tmp_path / "run", persistent=False)
    assert certs.ca.cert_file == tmp_path / "run" / "ca" / "ca.pem" and not certs.persistent
    assert header_lines(profile, ("receiver",)) == []


@pytest.fixture
def operator_cert(tmp_path):
    ca = trustme.CA()
    leaf = ca.issue_cert("suite.example.test")
    leaf.cert_chain_pems[0].write_to_path(str(tmp_path / "op.pem"))
    leaf.private_key_pem.write_to_path(str(tmp_path / "op-key.pem"))
    ca.cert_pem.write_to_path(str(tmp_path / "op-ca.pem"))
    return tmp_path


def _served_names(port: int, cafile, server_hostname: str | None) -> list[str]:
    context = ssl.create_default_context(cafile=str(cafile))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=server_hostname) as tls:
            cert = tls.getpeercert()
    return [value for _, value in cert["subjectAltName"]]


def test_an_operator_certificate_is_presented_by_sni(tmp_path, operator_cert):
    profile = _profile(tmp_path, {"state_dir": "state", "tls": {
        "cert_file": "op.pem", "key_file": "op-key.pem"}})
    certs = certificates(profile, tmp_path / "run", persistent=True)
    assert [name for name, _ in certs.sni_certs()] == ["suite.example.test"]
    with RunningServer(implementation_app()) as upstream:
        proxy = RecordingProxy(upstream.base_url, tmp_path / "rec.jsonl",
                               server_cert_combined=certs.tls.combined_file,
                               extra_certs=certs.sni_certs()).start()
        try:
            assert _served_names(proxy.port, tmp_path / "op-ca.pem",
                                 "suite.example.test") == ["suite.example.test"]
            assert "127.0.0.1" in _served_names(proxy.port, certs.ca.cert_file, "127.0.0.1")
        finally:
            proxy.stop()
