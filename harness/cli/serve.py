"""`ssf-conformance serve`: the reference transmitter, receiver and trust directory as a local
sandbox.

Transmitter on 127.0.0.1:8080 and receiver on 127.0.0.1:8081 (the seed layout); pushes to
{transmitter}/ssf/receiver/push are forwarded to the receiver. The trust directory (127.0.0.1:
8082) has one organisation, `sandbox-org`, for which the `directory` token may create software
statements and fetch their SSAs (docs/sandbox.md has the curl calls). Credentials come from the
environment when set, otherwise they are generated and written to a 0600 file whose path is
printed: the values themselves never go to the terminal or logs.

`--dialect kolide|starfly|sse-draft` serves that vendor dialect's emulator on the transmitter
port instead (harness.reference.dialects.create_app; `token` is its API token, `admin` its
admin token); the receiver and the directory are as usual.
"""
from __future__ import annotations

import ipaddress
import json
import os
import secrets
import signal
import threading
from pathlib import Path

import typer

from harness.cli import app
from harness.hardening import private_dir, write_private
from harness.suite.profiles import PROJECT_ROOT

ENV = {"token": "SSF_SERVE_TOKEN", "admin": "SSF_SERVE_ADMIN_TOKEN",
       "push": "SSF_SERVE_PUSH_TOKEN", "control": "SSF_SERVE_CONTROL_TOKEN",
       "directory": "SSF_SERVE_DIRECTORY_TOKEN"}
SANDBOX_ORGANISATION = "sandbox-org"


def _credentials(state: Path) -> dict[str, str]:
    path = state / "serve-credentials.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    creds = {k: os.environ.get(v) or known.get(k) or secrets.token_urlsafe(24)
             for k, v in ENV.items()}
    write_private(path, json.dumps(creds, indent=2))  # 0600 from creation, never chmod'ed after
    return creds


def _split_faults(spec: str) -> tuple[frozenset[str], list[str]]:
    """(directory faults, the others); every name is checked against the global registry."""
    from harness.reference.faults import ENV_VAR, parse_faults

    names = [n.strip() for n in (spec or os.environ.get(ENV_VAR, "")).split(",") if n.strip()]
    directory = parse_faults(names, role="directory")
    return directory, [n for n in names if n not in directory]


def _directory_config(url: str, state: Path, creds: dict, faults: frozenset[str]):
    from harness.reference.directory import DirectoryConfig, Organisation
    return DirectoryConfig(
        public_base_url=url, db_path=state / "directory.sqlite3", admin_token=creds["admin"],
        organisations=[Organisation(
            SANDBOX_ORGANISATION, "Sandbox Organisation", tokens=(creds["directory"],),
            authority_claims=({"authorisation_domain": "SSF", "authorisation_role": "receiver",
                               "status": "Active"},))],
        faults=faults)


def _listen(host: str, port: int, flag: str):
    """The socket a server will listen on, bound now; a clear usage error when it cannot be."""
    from harness.runtime.servers import reserve_port
    try:
        return reserve_port(host, port)
    except OSError as exc:
        raise typer.BadParameter(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                                 param_hint=flag) from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _trust_bundle(state: Path, own_ca: Path | None, extra: list[Path]) -> Path | None:
    """One PEM file with every CA the sandbox trusts for its outbound HTTPS (its own, for the
    transmitter's pushes to its receiver, plus `--trust-ca` files)."""
    if not extra:
        return own_ca
    missing = [str(p) for p in extra if not Path(p).is_file()]
    if missing:
        raise typer.BadParameter(f"file not found: {', '.join(missing)}", param_hint="--trust-ca")
    bundle = state / "tls" / "trust-bundle.pem"
    bundle.parent.mkdir(parents=True, exist_ok=True)
    parts = [Path(p).read_text().strip() + "\n" for p in ([own_ca] if own_ca else []) + extra]
    bundle.write_text("".join(parts))
    return bundle


def _dialect_module(dialect: str):
    """The dialect's emulator package (harness.reference.dialects contract); an unknown
    dialect, or one whose emulator is not written yet, is one line on stderr and exit 2."""
    from harness.reference.dialects import module
    try:
        return module(dialect)
    except KeyError as exc:
        typer.echo(f"error: --dialect: {exc.args[0]}", err=True)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("harness.reference.dialects."):
            raise
        typer.echo(f"error: --dialect {dialect}: its emulator is not written yet", err=True)
    raise typer.Exit(2)


def _dialect_faults(dialect: str, spec: str) -> tuple[frozenset[str], str]:
    """(the emulator's fault names, the rest for the other references). The emulator's own
    names, registered or still planned (not in the global registry yet), are its to honour."""
    from harness.reference.faults import ENV_VAR, registry

    names = [n.strip() for n in (spec or os.environ.get(ENV_VAR, "")).split(",") if n.strip()]
    emulator = _dialect_module(dialect)
    own = set(getattr(emulator, "FAULTS", {})) | set(getattr(emulator, "PLANNED_FAULTS", {}))
    unknown = sorted(n for n in names if n not in own and n not in registry())
    if unknown:
        typer.echo(f"error: --faults: unknown fault(s) {unknown}; the {dialect} emulator's: "
                   f"{sorted(own)}", err=True)
        raise typer.Exit(2)
    return frozenset(n for n in names if n in own), ",".join(n for n in names if n not in own)


def _dialect_app(dialect: str, url: str, state: Path, creds: dict, ca: str | None,
                 faults: frozenset[str]) -> tuple[object, str]:
    """(the dialect emulator's app, its banner line), built through the emulator contract.
    Push targets on this machine or a private network stay refused as the vendors document
    (no allow_private_push_targets): the sandbox shows the documented behaviour."""
    from harness.reference.dialects import EmulatorSettings, create_app

    try:
        app_ = create_app(dialect, EmulatorSettings(
            public_base_url=url, db_path=state / f"dialect-{dialect}.sqlite3",
            api_token=creds["token"], admin_token=creds["admin"], faults=faults,
            allow_loopback_addresses=True, ca_file=ca))
    except ValueError as exc:  # e.g. a fault name the emulator does not know
        typer.echo(f"error: --dialect {dialect}: {exc}", err=True)
        raise typer.Exit(2) from None
    discovery = getattr(_dialect_module(dialect), "DISCOVERY_PATH", None)
    where = f"discovery {url}{discovery}" if discovery else "no discovery document"
    return app_, (f"transmitter  {url}  ({dialect} emulator instead of the reference "
                  f"transmitter; {where}; admin calls under {url}/_emulator)")


@app.command()
def serve(
    transmitter_port: int = typer.Option(8080, help="transmitter port (0: a free one, printed)"),
    receiver_port: int = typer.Option(8081, help="receiver port (0: a free one, printed)"),
    directory_port: int = typer.Option(8082, help="trust directory port (0: a free one, "
                                                   "printed)"),
    state: Path = typer.Option(PROJECT_ROOT / ".state", help="SQLite files and credentials"),
    tls: bool = typer.Option(False, help="serve HTTPS with a local CA (written to STATE/tls)"),
    faults: str = typer.Option("", help="comma-separated reference fault switches"),
    trust_ca: list[Path] = typer.Option(
        None, "--trust-ca", help="also trust this CA (PEM) for outbound HTTPS, e.g. the "
        "suite's (`ssf-conformance ca export --out suite-ca.pem`) so the transmitter's pushes "
        "to the suite and the receiver's reads of the suite's transmitter verify; repeatable"),
    receiver_transmitter: str = typer.Option(
        None, "--receiver-transmitter", help="issuer the receiver uses (default: the sandbox's "
        "own transmitter), e.g. the suite's transmitter persona https://127.0.0.1:8444/ssf "
        "to test the receiver with `ssf-conformance run --role receiver`"),
    host: str = typer.Option("127.0.0.1", help="address the three servers bind (and name)"),
    console: bool = typer.Option(True, "--console/--no-console",
                                 help="serve the sandbox console at / of the transmitter"),
    dialect: str = typer.Option(
        None, "--dialect", help="serve this vendor dialect's emulator (kolide, starfly, "
        "sse-draft) on the transmitter port instead of the reference transmitter; "
        "credentials from the same file (`token` is its API token, `admin` its admin token)"),
    console_on_network: bool = typer.Option(
        False, "--console-on-network", help="allow the console on a non-loopback --host "
        "(anyone who reaches it may try the admin token)"),
) -> None:
    """Run the reference transmitter (or, with --dialect, a vendor dialect's emulator),
    receiver and trust directory until interrupted."""
    from harness.reference.directory import JWKS_PATH
    from harness.reference.directory import create_app as directory_app
    from harness.reference.faults import parse_faults
    from harness.reference.receiver import ReceiverConfig
    from harness.reference.receiver import create_app as receiver_app
    from harness.reference.receiver.tls_policy import server_tls_policy as rx_tls_policy
    from harness.reference.transmitter import ReceiverClient, TransmitterConfig, TrustedDirectory
    from harness.reference.transmitter import create_app as transmitter_app
    from harness.runtime.servers import RunningServer
    from harness.runtime.tls import make_local_tls

    if console and not _is_loopback(host) and not console_on_network:
        raise typer.BadParameter(f"{host} is not a loopback address: the console would be "
                                 "reachable from the network; add --console-on-network or "
                                 "--no-console", param_hint="--host")
    private_dir(state)  # 0700: keys, bearers and credentials live here
    creds = _credentials(state)
    # The certificate names --host too, so https://<host> verifies off this machine as well.
    local = make_local_tls(state / "tls", hosts=(host,)) if tls else None
    scheme = "https" if tls else "http"
    # Held from now on (0: a free one, printed below): nothing can take a port in between.
    tx_sock, rx_sock, dir_sock = (
        _listen(host, port, flag) for port, flag in ((transmitter_port, "--transmitter-port"),
                                                     (receiver_port, "--receiver-port"),
                                                     (directory_port, "--directory-port")))
    transmitter_port, receiver_port, directory_port = (
        sock.getsockname()[1] for sock in (tx_sock, rx_sock, dir_sock))
    tx_url = f"{scheme}://{host}:{transmitter_port}"
    rx_url = f"{scheme}://{host}:{receiver_port}"
    dir_url = f"{scheme}://{host}:{directory_port}"
    if dialect:
        dialect_faults, faults = _dialect_faults(dialect, faults)
        console = False  # the console drives the reference transmitter only
    directory_faults, other_faults = _split_faults(faults)
    ssl = dict(ssl_certfile=str(local.cert_file), ssl_keyfile=str(local.key_file)) if local else {}
    bundle = _trust_bundle(state, local.ca_file if local else None, trust_ca or [])
    ca = str(bundle) if bundle else None
    clients = [ReceiverClient("sandbox-receiver", tokens=(creds["token"],), audience=rx_url)]
    if console:  # the console manages its own streams with the admin token
        clients.append(ReceiverClient("sandbox-console", tokens=(creds["admin"],),
                                      audience=rx_url))
    tx_faults = parse_faults(other_faults, role="transmitter")
    if dialect and tx_faults:
        typer.echo(f"error: --faults: {', '.join(sorted(tx_faults))} break the reference "
                   "transmitter, which --dialect replaces", err=True)
        raise typer.Exit(2)
    if dialect:
        tx_app, tx_banner = _dialect_app(dialect, tx_url, state, creds, ca, dialect_faults)
    else:
        tx_app = transmitter_app(TransmitterConfig(
            public_base_url=tx_url, db_path=state / "transmitter.sqlite3", clients=clients,
            admin_token=creds["admin"], forward_receiver_url=rx_url, ca_file=ca,
            allow_loopback_addresses=True,
            # Receivers may register by SSA from the sandbox directory (docs/sandbox.md).
            trusted_directories=(TrustedDirectory(dir_url, dir_url + JWKS_PATH),),
            faults=tx_faults))
        tx_banner = (f"transmitter  {tx_url}  (issuer {tx_url}/ssf, discovery "
                     f"{tx_url}/.well-known/ssf-configuration/ssf)")
    if console:
        from harness.reference.console import ConsoleSettings, install_console
        install_console(tx_app, ConsoleSettings(
            push_endpoint=tx_url + "/ssf/receiver/push",
            push_authorization=f"Bearer {creds['push']}", receiver_audience=rx_url,
            receiver_control_token=creds["control"]))
    tx = RunningServer(tx_app, listen_socket=tx_sock, **ssl)
    rx_config = ReceiverConfig(
        public_base_url=rx_url, db_path=state / "receiver.sqlite3",
        transmitter_issuer=receiver_transmitter or tx_url + "/ssf",
        transmitter_token=creds["token"],
        push_bearer=creds["push"], control_token=creds["control"], expected_audience=rx_url,
        allow_loopback_addresses=True,
        ca_file=ca, faults=parse_faults(other_faults, role="receiver"))
    rx = RunningServer(receiver_app(rx_config), listen_socket=rx_sock,
                       ssl_context_hook=rx_tls_policy(rx_config), **ssl)
    directory = RunningServer(directory_app(_directory_config(dir_url, state, creds,
                                                              directory_faults)),
                              listen_socket=dir_sock, **ssl)
    rx.start()
    tx.start()
    directory.start()
    typer.echo(tx_banner)
    typer.echo(f"receiver     {rx_url}  (push {rx_url}/ssf/receiver/push; its transmitter "
               f"{receiver_transmitter or tx_url + '/ssf'}"
               + (f"; it cannot drive a {dialect} transmitter yet)" if dialect else ")"))
    typer.echo(f"directory    {dir_url}  (organisation {SANDBOX_ORGANISATION}, SSA keys "
               f"{dir_url}{JWKS_PATH})")
    typer.echo(f"credentials  {state / 'serve-credentials.json'} (or set {', '.join(ENV.values())})")
    if console:
        typer.echo(f"console      {tx_url}/  (enter the `admin` token of the credentials "
                   "file)")
    if local:
        typer.echo(f"CA           {local.ca_file} (trust it to reach the sandbox over HTTPS)"
                   + (f"; also trusting {', '.join(map(str, trust_ca))}" if trust_ca else ""))
    typer.echo("addresses    loopback allowed for pushes and fetches (a sandbox on this machine); "
               "private and link-local refused"
               + (f"; the {dialect} emulator applies its documented push URL rules"
                  if dialect else ""))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    # Stopped together: over TLS a server that holds a keep-alive connection of one of the
    # sandbox's own idle clients (the transmitter's pushes) waits for its close_notify until the
    # stop timeout; in turn, those waits would add up.
    stoppers = [threading.Thread(target=server.stop) for server in (directory, tx, rx)]
    for stopper in stoppers:
        stopper.start()
    for stopper in stoppers:
        stopper.join()
