"""Registration by software statement in the receiver role: when the profile's receiver
declares `ssa_registration`, the suite starts the profile's trust directory, its transmitter
persona trusts that directory, and the embedded reference receiver is given the software
statement to fetch its SSA for (an external receiver brings its own, from the same directory).
"""
from __future__ import annotations

from pathlib import Path

from harness.suite.directory_driver import RECEIVER_ROLES, DirectoryDriver
from harness.suite.directory_run import RunDirectory


def registration_directory(session, state: Path) -> RunDirectory | None:
    """The started directory, or None when the receiver does not register by SSA."""
    profile = session.profile
    if profile.directory is None or not profile.capabilities("receiver").supports(
            "ssa_registration"):
        return None
    directory = RunDirectory.for_profile(profile, session.run_dir, session.tls,
                                         session.use_proxy, name="rx-directory")
    directory.prepare()  # its tokens are secrets the proxies must know before they record
    directory.start(state, tuple(session.secrets()))
    return directory


def trusted_directories(directory: RunDirectory | None) -> tuple:
    if directory is None:
        return ()
    from harness.reference.transmitter import TrustedDirectory
    return (TrustedDirectory(directory.access.issuer, directory.access.jwks_url),)


def embedded_receiver_source(directory: RunDirectory | None, audience: str):
    """The embedded receiver's software statement: an SSF receiver whose client URI is its own
    origin (the aud the suite's transmitter gives a client registered with it)."""
    if directory is None:
        return None
    from harness.reference.receiver.registration import SoftwareStatementSource
    driver = DirectoryDriver(directory)
    statement_id = driver.new_statement({"ClientName": "Reference receiver under test",
                                         "Mode": "Test", "ClientUri": audience,
                                         "RedirectUri": [], "Roles": RECEIVER_ROLES})
    access = directory.access
    return SoftwareStatementSource(access.base_url, access.organisation_id, statement_id,
                                   access.token)


def registered_clients(persona) -> list[str]:
    """Client ids registered at the persona by software statement, oldest first."""
    registered = persona.app.state.tx.tokens.registered
    return sorted(registered._by_id, key=lambda cid: registered.get(cid).created_at)


def stream_owner(persona, stream_id: str | None) -> str | None:
    stream = persona.app.state.tx.streams.get(stream_id) if stream_id else None
    return stream.client_id if stream is not None else None
