"""`serve --tls` on a non-loopback --host: the certificate names that host (so a browser on
another machine can verify https://<host>), and the console works there over https.

The end-to-end test needs a non-loopback address of this machine (`hostname -I`); without one
only the unit tests of the certificate's names run."""
from __future__ import annotations

import base64
import hashlib
import ipaddress
import socket
import ssl
import subprocess

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from harness.runtime.tls import certificate_names, make_local_tls
from tests.console.conftest import needs_chromium, open_console, serving


def test_the_leaf_names_loopback_and_every_host_given(tmp_path):
    tls = make_local_tls(tmp_path, hosts=("192.0.2.10", "sandbox.example"))
    assert set(certificate_names(tls.cert_file)) == {"127.0.0.1", "localhost", "192.0.2.10",
                                                     "sandbox.example"}


def test_a_kept_leaf_is_reissued_for_a_new_host_by_the_same_ca(tmp_path):
    first = make_local_tls(tmp_path)
    ca, leaf = first.ca_file.read_bytes(), first.cert_file.read_bytes()
    assert set(certificate_names(first.cert_file)) == {"127.0.0.1", "localhost"}
    assert make_local_tls(tmp_path).cert_file.read_bytes() == leaf  # nothing new: reused
    again = make_local_tls(tmp_path, hosts=("192.0.2.10",))
    assert "192.0.2.10" in certificate_names(again.cert_file)
    assert again.ca_file.read_bytes() == ca  # clients that trust ca.pem keep trusting it
    context = ssl.create_default_context(cafile=str(again.ca_file))
    context.load_cert_chain(again.cert_file, again.key_file)  # key and chain belong together
    assert (tmp_path / "ca-key.pem").stat().st_mode & 0o777 == 0o600


def test_a_host_that_is_no_host_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not a host name"):
        make_local_tls(tmp_path, hosts=("https://x.example/",))


def _network_address() -> str | None:
    """A non-loopback IPv4 address of this machine that we can bind, if any."""
    try:
        words = subprocess.run(["hostname", "-I"], capture_output=True, text=True,
                               timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    for word in words:
        try:
            ip = ipaddress.ip_address(word)
        except ValueError:
            continue
        if ip.version == 4 and not ip.is_loopback:
            with socket.socket() as probe:
                try:
                    probe.bind((word, 0))
                except OSError:
                    continue
            return word
    return None


def _spki_pin(cert_file) -> str:
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    der = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


@needs_chromium
def test_the_console_works_over_https_on_a_network_address(tmp_path, shots):
    pytest.importorskip("websockets", reason="the DevTools driver needs websockets")
    host = _network_address()
    if host is None:
        pytest.skip("this machine has no bindable non-loopback IPv4 address (hostname -I)")
    from tests.console.cdp import Browser

    state = tmp_path / "state"
    with serving(state, "--tls", "--host", host, "--console-on-network") as (port, banner):
        url = f"https://{host}:{port}"
        assert f"console      {url}/" in banner and "CA           " in banner, banner
        ca = state / "tls" / "ca.pem"
        assert host in certificate_names(state / "tls" / "server-chain.pem")
        # A client that trusts only the printed CA verifies the certificate for this host.
        page = httpx.get(url + "/", verify=ssl.create_default_context(cafile=str(ca)))
        assert page.status_code == 200 and "SSF sandbox console" in page.text
        # Chromium has no CA store to add to here (no certutil): it is told to accept exactly
        # this leaf's key; the name check is httpx's above.
        pin = _spki_pin(state / "tls" / "server-chain.pem")
        browser = Browser(flags=(f"--ignore-certificate-errors-spki-list={pin}",))
        try:
            open_console(browser, url)
            assert browser.evaluate("window.isSecureContext") is True
            browser.evaluate("document.querySelector('[data-demo=session]').click()")
            assert browser.wait("() => document.getElementById('demo-session').dataset.state"
                                " !== 'running'", 20)
            text = browser.text("#demo-session")
            assert browser.evaluate(
                "document.getElementById('demo-session').dataset.state") == "done", text
            assert browser.wait("() => document.getElementById('feed-list').innerText"
                                ".includes('signature verified')"), browser.text("#feed-list")
            browser.screenshot(shots / "console-https-network-host.png")
            browser.navigate("about:blank")  # ends the page's event stream before serve stops
        finally:
            browser.close()
