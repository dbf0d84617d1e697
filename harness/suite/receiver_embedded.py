"""The embedded receiver under test of a receiver-role run: the reference receiver, or, for a
receiver dialect with an emulator (harness/reference/dialects), that emulator. Configured to
trust the run's persona (its issuer, token, CA) and the run's trust directory."""
from __future__ import annotations

import socket
from pathlib import Path

from harness.runtime.servers import RunningServer
from harness.suite.embedded import emulates_receiver, start_receiver_emulator


def start_embedded_rut(session, state: Path, startup: float, sock: socket.socket,
                       public: str) -> tuple[RunningServer, object]:
    """Start the run's embedded RUT on `sock`, reached by the suite at `public`; returns
    (server, app)."""
    from harness.reference.faults import parse_faults
    target = session.profile.target("receiver")
    faults = parse_faults(list(session.profile.reference.faults) or None, role="receiver")
    if emulates_receiver(target.dialect):   # a vendor dialect: its receiver emulator
        return start_receiver_emulator(
            target.dialect, state_dir=state, tls=session.tls, listen_socket=sock,
            public=public,
            push_token=target.delivery.token.value if target.delivery.token is not None else "",
            admin_token=session.creds.control or "", faults=faults, startup_timeout=startup,
            # It finds the persona's keys as ABM does: through the draft's discovery
            # document at the issuer's host (/.well-known/sse-configuration/ssf).
            options={"transmitter_issuer": session.persona.issuer,
                     "audience": session.audience})
    return _start_reference_receiver(session, state, startup, sock, public, faults)


def _start_reference_receiver(session, state: Path, startup: float, sock: socket.socket,
                              public: str, faults) -> tuple[RunningServer, object]:
    from harness.reference.receiver import ReceiverConfig, create_app
    from harness.reference.receiver.tls_policy import server_tls_policy
    from harness.reference.variations import config_for, parse_variations
    from harness.suite.receiver_registration import embedded_receiver_source
    profile, creds, persona = session.profile, session.creds, session.persona
    delivery = profile.target("receiver").delivery
    settings = dict(
        public_base_url=public, db_path=state / "reference-receiver.sqlite3",
        transmitter_issuer=persona.issuer, transmitter_token=creds.rut_token,
        client_id=creds.rut_client_id, client_secret=creds.rut_client_secret,
        token_endpoint=persona.issuer + "/token" if creds.rut_client_id else None,
        push_bearer=delivery.token.value if delivery.token is not None else None,
        control_token=creds.control, expected_audience=session.audience,
        registration=embedded_receiver_source(session.directory, session.audience),
        allow_loopback_addresses=True,  # the persona transmitter is on 127.0.0.1
        ca_file=str(session.tls.ca_file),
        http_timeout=profile.timeouts.scaled("http_request"),
        poll_long_wait_seconds=10.0, poll_backoff_max=1.0,
        max_wait_seconds=max(30.0, profile.timeouts.scaled("observation")),
        faults=faults)
    # A variation's settings win over the run defaults above.
    config = ReceiverConfig(**(settings | config_for(
        parse_variations(profile.reference.variations, role="receiver"))))
    app = create_app(config)
    server = RunningServer(app, listen_socket=sock, startup_timeout=startup,
                           ssl_certfile=str(session.tls.cert_file),
                           ssl_keyfile=str(session.tls.key_file),
                           ssl_context_hook=server_tls_policy(config)).start()
    return server, app
