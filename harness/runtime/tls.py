"""A local test CA (trustme) and a server certificate for 127.0.0.1 / localhost.

One CA serves the reference servers and the recording proxy, so every client trusts one file.
"""
from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class LocalTLS:
    ca_file: Path
    cert_file: Path      # leaf certificate chain
    key_file: Path
    combined_file: Path  # key + chain, the form mitmproxy's --certs wants

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))


def make_local_tls(directory: Path) -> LocalTLS:
    """Create (or reuse) the CA and leaf files in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = LocalTLS(directory / "ca.pem", directory / "server-chain.pem",
                     directory / "server-key.pem", directory / "server-combined.pem")
    if all(p.exists() for p in (paths.ca_file, paths.cert_file, paths.key_file,
                                paths.combined_file)):
        return paths
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    ca.cert_pem.write_to_path(str(paths.ca_file))
    leaf.private_key_pem.write_to_path(str(paths.key_file))
    with open(paths.cert_file, "wb") as fh:
        for blob in leaf.cert_chain_pems:
            fh.write(blob.bytes())
    with open(paths.combined_file, "wb") as fh:
        fh.write(leaf.private_key_pem.bytes())
        for blob in leaf.cert_chain_pems:
            fh.write(blob.bytes())
    for p in (paths.key_file, paths.combined_file):
        p.chmod(0o600)
    return paths
