"""Start the embedded reference transmitter (and later receiver) for a conformance run.

The reference is started exactly like an external implementation would be reached: its public
origin is the recording proxy's address, so every URL it hands out leads back through the proxy.
All credentials are generated per run and never written anywhere but memory.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from harness.runtime.servers import RunningServer, reserve_port
from harness.suite.credentials import Credentials
from harness.runtime.tls import LocalTLS
from harness.ssf.constants import SCOPE_MANAGE, SCOPE_READ


def start_reference_transmitter(*, state_dir: Path, tls: LocalTLS | None, public_port: int | None,
                                creds: Credentials, listen_socket: socket.socket | None = None, faults: frozenset[str],
                                startup_timeout: float, variations: tuple = (),
                                trusted_directories: tuple = ()
                                ) -> tuple[RunningServer, str]:
    """Start the reference transmitter; returns (server, public_base_url).

    `public_port` is the port the proxy listens on (None: no proxy, public = direct);
    `listen_socket` the reserved socket to serve on (reserve_port(); a new one when None);
    `variations` are legal-variation switches (harness.reference.variations) to turn on;
    `trusted_directories` (TrustedDirectory) are the trust directories whose SSAs register
    receivers (RFC 7591)."""
    from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
    from harness.reference.transmitter.tls_policy import server_tls_policy
    from harness.reference.variations import config_for

    sock = listen_socket or reserve_port()
    port = sock.getsockname()[1]
    scheme = "https" if tls else "http"
    public = f"{scheme}://127.0.0.1:{public_port or port}"
    settings = dict(
        public_base_url=public,
        db_path=state_dir / "reference-transmitter.sqlite3",
        clients=[
            ReceiverClient("suite-receiver", tokens=(creds.primary,)),
            ReceiverClient("suite-second-receiver", tokens=(creds.second,)),
            ReceiverClient("suite-read-only", scopes=(SCOPE_READ,),
                           tokens=(creds.read_only,)),
            ReceiverClient(creds.oauth_client_id, client_secret=creds.oauth_client_secret,
                           scopes=(SCOPE_READ, SCOPE_MANAGE)),
        ],
        admin_token=creds.admin,
        # Retries quick enough for a conformance run; the retry scenario needs only one.
        push_backoff_base=0.05, push_backoff_max=1.0, push_max_attempts=4,
        long_poll_max_wait=5.0,
        allow_loopback_addresses=True,  # the suite's push endpoint listens on 127.0.0.1
        ca_file=str(tls.ca_file) if tls else None,
        faults=faults,
        trusted_directories=tuple(trusted_directories),
    )
    # A variation's settings win over the run defaults above (e.g. push_max_attempts=1).
    config = TransmitterConfig(**(settings | config_for(tuple(variations))))
    server = RunningServer(create_app(config), listen_socket=sock, startup_timeout=startup_timeout,
                           ssl_certfile=str(tls.cert_file) if tls else None,
                           ssl_keyfile=str(tls.key_file) if tls else None,
                           ssl_context_hook=server_tls_policy(config))
    server.start()
    return server, public


@dataclass(frozen=True)
class EmulatedLayout:
    """Where an embedded dialect emulator's issuer and discovery document are (from its
    origin), and the emulator options a conformance run needs."""
    issuer_path: str = ""
    discovery_path: str | None = None   # None: the dialect has no discovery document
    options: tuple[tuple[str, object], ...] = ()


# Emulators answer on this machine: pushes to the suite's 127.0.0.1 endpoint must be allowed
# even where the product refuses private targets (Kolide: allow_private_push_targets).
EMULATED = {
    "kolide": EmulatedLayout("", "/.well-known/ssf-configuration",
                             (("allow_private_push_targets", True),)),
    "starfly": EmulatedLayout("", None),
    "sse-draft": EmulatedLayout("", "/.well-known/sse-configuration"),
}


def start_dialect_emulator(dialect: str, *, state_dir: Path, tls: LocalTLS | None,
                           public_port: int | None, creds: Credentials,
                           listen_socket: socket.socket | None = None,
                           faults: frozenset[str], startup_timeout: float,
                           options: dict | None = None) -> tuple[RunningServer, str]:
    """Start the emulator of `dialect` (harness.reference.dialects) as the embedded target;
    returns (server, public_base_url). `options` (the profile's) win over the run's."""
    from harness.reference import dialects

    layout = EMULATED[dialect]
    sock = listen_socket or reserve_port()
    port = sock.getsockname()[1]
    scheme = "https" if tls else "http"
    public = f"{scheme}://127.0.0.1:{public_port or port}"
    settings = dialects.EmulatorSettings(
        public_base_url=public, db_path=state_dir / f"emulator-{dialect}.sqlite3",
        api_token=creds.primary, admin_token=creds.admin, faults=faults,
        ca_file=str(tls.ca_file) if tls else None,
        options=dict(layout.options) | dict(options or {}))
    module = dialects.module(dialect)
    ssl_options = getattr(module, "server_ssl_options", lambda s: {})(settings) if tls else {}
    server = RunningServer(module.create_app(settings), listen_socket=sock,
                           startup_timeout=startup_timeout,
                           ssl_certfile=str(tls.cert_file) if tls else None,
                           ssl_keyfile=str(tls.key_file) if tls else None, **ssl_options)
    server.start()
    return server, public


def emulates_receiver(dialect: str) -> bool:
    """Whether `dialect`'s emulator package has a receiver (`create_receiver_app`): the
    embedded receiver under test of a receiver-role run in that dialect."""
    from harness.reference import dialects
    return dialect in dialects.MODULES and hasattr(dialects.module(dialect),
                                                   "create_receiver_app")


def start_receiver_emulator(dialect: str, *, state_dir: Path, tls: LocalTLS,
                            listen_socket: socket.socket, public: str, push_token: str,
                            admin_token: str, faults: frozenset[str], startup_timeout: float,
                            options: dict) -> tuple[RunningServer, object]:
    """Start `dialect`'s receiver emulator as the embedded receiver under test on
    `listen_socket`; returns (server, app). `push_token` is the bearer its push endpoint takes,
    `admin_token` the one its observation calls take; `options` the dialect's (e.g. the
    transmitter's issuer and jwks_uri it trusts)."""
    from harness.reference import dialects
    settings = dialects.EmulatorSettings(
        public_base_url=public, db_path=state_dir / f"receiver-{dialect}.sqlite3",
        api_token=push_token, admin_token=admin_token, faults=faults,
        ca_file=str(tls.ca_file), options=dict(options))
    app = dialects.module(dialect).create_receiver_app(settings)
    server = RunningServer(app, listen_socket=listen_socket, startup_timeout=startup_timeout,
                           ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file))
    return server.start(), app
