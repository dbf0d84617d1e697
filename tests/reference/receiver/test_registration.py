"""The reference receiver registering itself with its SSA (RFC 7591) at a real reference
transmitter that trusts a real reference directory, then managing its stream with the client
credentials it got; and the two registration faults."""
from __future__ import annotations

import time

import pytest

from harness.reference.receiver.registration import SoftwareStatementSource
from harness.reference.transmitter import TrustedDirectory
from harness.runtime.servers import reserve_port
from tests.reference.directory.support import ORG_A, TOKEN_A as DIRECTORY_TOKEN, Clock, Dir
from tests.reference.receiver.conftest import ReceiverHandle
from tests.reference.transmitter.support import TOKEN_A, Tx

ROLES = [{"AuthorisationDomain": "SSF", "Role": "ssf.manage"}]


@pytest.fixture
def world(tmp_path, http):
    for name in ("dir", "tx"):
        (tmp_path / name).mkdir()
    directory = Dir(tmp_path / "dir", http, clock=Clock(time.time()))
    tx = Tx(tmp_path / "tx", http, trusted_directories=(TrustedDirectory(
        directory.url, directory.url + "/.well-known/jwks.json"),))
    handles: list[ReceiverHandle] = []

    def receiver(faults=frozenset(), source=None) -> ReceiverHandle:
        from harness.reference.receiver import ReceiverConfig
        sock = reserve_port()
        port = sock.getsockname()[1]
        rx_url = f"http://127.0.0.1:{port}"
        if source is None:
            sid = directory.create({"ClientName": "Receiver", "ClientUri": rx_url,
                                    "Roles": ROLES})["SoftwareStatementId"]
            source = SoftwareStatementSource(directory.url, ORG_A, sid, DIRECTORY_TOKEN)
        config = ReceiverConfig(public_base_url=rx_url, db_path=tmp_path / f"rx{len(handles)}.db",
                                transmitter_issuer=tx.base + "/ssf", transmitter_token=TOKEN_A,
                                registration=source, http_timeout=5.0, faults=faults)
        handles.append(ReceiverHandle(config, port, sock).start())
        return handles[-1]

    yield directory, tx, receiver
    for handle in handles:
        handle.stop()
    tx.stop()
    directory.stop()


def _create(http, rx):
    return http.post(rx.url + "/ssf/receiver/stream", json={"delivery": "poll"})


def _owner(tx, stream_id: str) -> str:
    return tx.tx.streams.get(stream_id).client_id


def test_the_receiver_registers_then_manages_its_stream_with_its_credentials(world, http):
    directory, tx, receiver = world
    rx = receiver()
    created = _create(http, rx)
    assert created.status_code == 201, created.text
    stream_id = created.json()["stream"]["stream_id"]
    owner = _owner(tx, stream_id)
    assert owner.startswith("dcr-") and tx.tx.tokens.registered.get(owner) is not None
    assert tx.tx.streams.get(stream_id).aud == rx.config.public_base_url  # the SSA's client URI
    rx.restart()  # the credentials are kept: no second registration
    assert http.delete(rx.url + "/ssf/receiver/stream").status_code in (200, 204)
    assert _create(http, rx).status_code == 201
    assert len(tx.tx.tokens.registered._by_id) == 1


def test_a_literal_ssa_may_be_given_instead_of_the_directory_call(world, http):
    directory, tx, receiver = world
    sid = directory.create({"ClientName": "R", "Roles": ROLES})["SoftwareStatementId"]
    rx = receiver(source=SoftwareStatementSource(ssa=directory.assertion(sid)))
    assert _create(http, rx).status_code == 201


def test_a_refused_registration_is_a_502_naming_the_authorization_server(world, http):
    directory, tx, receiver = world
    sid = directory.create({"ClientName": "R", "Roles": ROLES})["SoftwareStatementId"]
    directory.set_statement_status(sid, "Inactive")
    rx = receiver(source=SoftwareStatementSource(directory.url, ORG_A, sid, DIRECTORY_TOKEN))
    resp = _create(http, rx)
    assert resp.status_code == 502 and "directory answered 403" in resp.json()["error_description"]


def test_a_source_needs_an_ssa_or_the_whole_directory_call():
    with pytest.raises(ValueError, match="software statement source"):
        SoftwareStatementSource("https://dir.example", "org")


def _registered_owner(world, http, faults) -> str | None:
    directory, tx, receiver = world
    resp = _create(http, receiver(faults=frozenset(faults)))
    return _owner(tx, resp.json()["stream"]["stream_id"]) if resp.status_code == 201 else None


# fault -> (observation, clean result, faulty result); the union with test_faults.CASES is checked
CASES = {
    "registration-credentials-ignored": (
        lambda world, http, faults: (_registered_owner(world, http, faults) or "").split("-")[0],
        "dcr", "rx"),
    "registration-form-encoded": (
        lambda world, http, faults: _registered_owner(world, http, faults) is not None,
        True, False),
}


@pytest.mark.parametrize("fault", sorted(CASES))
def test_registration_fault_changes_observable_behaviour(world, http, fault):
    observe, clean, faulty = CASES[fault]
    assert observe(world, http, ()) == clean
    assert observe(world, http, (fault,)) == faulty
