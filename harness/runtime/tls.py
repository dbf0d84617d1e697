"""Certificate authorities and server certificates for the suite's own listeners (trustme).

Two kinds of CA:
* `make_local_tls(dir, hosts)`: a CA and a leaf for 127.0.0.1, localhost and `hosts` made once in
  `dir` (per run, or kept by `serve`, which adds its `--host`). One CA serves the reference
  servers and the recording proxy, so every client trusts one file.
* `SuiteCA`: the suite's CA kept across runs (under `.state/ca/`), so an implementation under test
  can be told once to trust it (`ssf-conformance ca export`). Its private key is mode 0600 and is
  the key the recording proxy signs per-host certificates with (forward mode).
"""
from __future__ import annotations

import ipaddress
import os
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

import trustme

LOCAL_NAMES = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class LocalTLS:
    ca_file: Path
    cert_file: Path      # leaf certificate chain
    key_file: Path
    combined_file: Path  # key + chain, the form mitmproxy's --certs wants

    def client_context(self, *extra_cas: Path | None) -> ssl.SSLContext:
        """Trusts this CA (and `extra_cas`) only."""
        context = ssl.create_default_context(cafile=str(self.ca_file))
        for extra in extra_cas:
            if extra:
                context.load_verify_locations(cafile=str(extra))
        return context


def _write_private(path: Path, data: bytes) -> None:
    """Write a private file: created 0600 and replaced atomically, so a concurrent reader sees
    either nothing or the whole file, and the key is never readable by others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_leaf(ca: trustme.CA, names: tuple[str, ...], paths: LocalTLS) -> LocalTLS:
    leaf = ca.issue_cert(*names)
    chain = b"".join(blob.bytes() for blob in leaf.cert_chain_pems)
    key = leaf.private_key_pem.bytes()
    _write_private(paths.key_file, key)
    _write_private(paths.combined_file, key + chain)
    paths.cert_file.write_bytes(chain)
    return paths


def make_local_tls(directory: Path, hosts: tuple[str, ...] = ()) -> LocalTLS:
    """Create (or reuse) the CA and leaf files in `directory`. The leaf names 127.0.0.1,
    localhost and every one of `hosts` (e.g. `serve --host 192.0.2.2`); a kept leaf that lacks
    one is re-issued by the kept CA, so a client that trusts ca.pem keeps trusting it."""
    names = leaf_names(*hosts)
    for host in names:
        _check_host(host)
    directory.mkdir(parents=True, exist_ok=True)
    paths = LocalTLS(directory / "ca.pem", directory / "server-chain.pem",
                     directory / "server-key.pem", directory / "server-combined.pem")
    ca_key = directory / "ca-key.pem"
    kept = all(p.exists() for p in (paths.ca_file, paths.cert_file, paths.key_file,
                                    paths.combined_file))
    if kept and set(names) <= set(certificate_names(paths.cert_file)):
        return paths
    if kept and ca_key.exists():
        ca = trustme.CA.from_pem(paths.ca_file.read_bytes(), ca_key.read_bytes())
    else:  # first use, or a folder from before the CA key was kept: a new CA
        ca = trustme.CA()
        _write_private(ca_key, ca.private_key_pem.bytes())
        ca.cert_pem.write_to_path(str(paths.ca_file))
    return _write_leaf(ca, names, paths)


def combined_client_pem(cert_file: Path, key_file: Path | None, path: Path) -> Path:
    """`path` written (0600) with the private key and certificate chain of a TLS client
    certificate, the one file the recording proxy presents upstream (mitmproxy's client_certs).
    Without `key_file`, the certificate file holds the key too."""
    key = Path(key_file).read_bytes().rstrip(b"\n") + b"\n" if key_file else b""
    _write_private(path, key + Path(cert_file).read_bytes())
    return path


def certificate_names(cert_file: Path) -> list[str]:
    """The DNS names and IP addresses of the first certificate's subjectAltName."""
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [*san.get_values_for_type(x509.DNSName),
            *(str(ip) for ip in san.get_values_for_type(x509.IPAddress))]


def leaf_names(*hosts: str | None) -> tuple[str, ...]:
    """127.0.0.1 and localhost plus every other host given, each once."""
    return tuple(dict.fromkeys([*LOCAL_NAMES, *(h for h in hosts if h)]))


class SuiteCA:
    """The suite's persistent CA: `ca.pem` (share it) and `ca-key.pem` (0600) in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.cert_file = self.directory / "ca.pem"
        self.key_file = self.directory / "ca-key.pem"

    @classmethod
    def load_or_create(cls, directory: Path) -> "SuiteCA":
        """The CA in `directory`, made on first use. Runs starting at once (parallel workers,
        the self-test) serialise on a lock file, so exactly one CA is ever made."""
        import fcntl
        found = cls(directory)
        if found.cert_file.exists() and found.key_file.exists():
            return found
        found.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(found.directory, 0o700)
        with open(found.directory / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (found.cert_file.exists() and found.key_file.exists()):
                ca = trustme.CA(organization_name="SSF conformance suite")
                # Key first: a reader that sees ca.pem also finds its key.
                _write_private(found.key_file, ca.private_key_pem.bytes())
                _write_private(found.cert_file, ca.cert_pem.bytes())
                os.chmod(found.cert_file, 0o644)  # the certificate is public, the key is not
        return found

    def _trustme(self) -> trustme.CA:
        return trustme.CA.from_pem(self.cert_file.read_bytes(), self.key_file.read_bytes())

    def issue(self, directory: Path, hosts: tuple[str, ...] = LOCAL_NAMES) -> LocalTLS:
        """A server certificate for `hosts` (IP addresses or DNS names), written to
        `directory` (per run); `ca_file` of the result is this CA's certificate."""
        for host in hosts:
            _check_host(host)
        paths = LocalTLS(self.cert_file, directory / "server-chain.pem",
                         directory / "server-key.pem", directory / "server-combined.pem")
        return _write_leaf(self._trustme(), hosts, paths)

    def mitmproxy_ca_pem(self) -> bytes:
        """Key + certificate in one PEM, the form mitmproxy reads as `mitmproxy-ca.pem`."""
        return self.key_file.read_bytes() + self.cert_file.read_bytes()


def _check_host(host: str) -> None:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not host or any(c.isspace() or c in "/:@" for c in host):
            raise ValueError(f"not a host name or IP address: {host!r}") from None


def given_tls(cert_file: Path, key_file: Path, ca_file: Path | None, directory: Path) -> LocalTLS:
    """A certificate and key the operator gave (e.g. for a public host name), in LocalTLS form;
    the combined file mitmproxy needs is written to `directory` (0600)."""
    combined = directory / "given-combined.pem"
    _write_private(combined, Path(key_file).read_bytes() + Path(cert_file).read_bytes())
    return LocalTLS(Path(ca_file) if ca_file else Path(cert_file), Path(cert_file),
                    Path(key_file), combined)


def listener_tls_policy(*, legacy_accepted: bool = False, tls13: bool = True):
    """A hook for a listener's SSLContext (RunningServer.ssl_context_hook): TLS 1.2 and 1.3,
    set explicitly rather than left to the platform's defaults (RFC 8935 §5.3, RFC 8936 §4.3,
    CAEP interop profile §2.1, RFC 8996). `legacy_accepted` / `tls13=False` are for the
    reference servers' fault switches only."""
    import warnings

    def apply(context: ssl.SSLContext) -> None:
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.maximum_version = ssl.TLSVersion.MAXIMUM_SUPPORTED
        if legacy_accepted:
            with warnings.catch_warnings():  # the defect itself: deprecated protocol versions
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
            context.set_ciphers("DEFAULT:@SECLEVEL=0")  # OpenSSL 3 needs level 0 for 1.0/1.1
        if not tls13:
            context.maximum_version = ssl.TLSVersion.TLSv1_2
    return apply
