"""Fixtures: a stand-in transmitter and a reference receiver, both real servers on 127.0.0.1."""
from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from harness.jose import KeyRing, SigningKey
from harness.reference.receiver import ReceiverConfig, create_app
from harness.runtime.servers import RunningServer, reserve_port
from harness.ssf.constants import SET_MEDIA_TYPE
from tests.reference.receiver.standin import AUDIENCE, MGMT_TOKEN, StandInTransmitter

PUSH_BEARER = "push-bearer-51e0"
ALICE = {"format": "email", "email": "alice@example.com"}


@pytest.fixture(scope="session")
def rsa_keys() -> list[SigningKey]:
    # RSA generation is the slow part; make a few once and copy them per test.
    return [SigningKey.generate("RS256") for _ in range(3)]


def fresh(key: SigningKey) -> SigningKey:
    return SigningKey(key=key.key, alg=key.alg, created_at=key.created_at)


@pytest.fixture
def keyring(rsa_keys) -> KeyRing:
    return KeyRing([fresh(rsa_keys[0])])


@pytest.fixture
def transmitter(keyring):
    tx = StandInTransmitter(keyring).start()
    yield tx
    tx.stop()  # no-op when make_receiver already stopped it


@pytest.fixture
def http():
    with httpx.Client(timeout=15) as client:
        yield client


class ReceiverHandle:
    def __init__(self, config: ReceiverConfig, port: int, sock=None):
        self.config, self.port = config, port
        self._socket = sock   # reserved with the port; a restart binds the port again
        self.server: RunningServer | None = None
        self.app = None

    def start(self) -> "ReceiverHandle":
        self.app = create_app(self.config)
        self.server = RunningServer(self.app, port=self.port, listen_socket=self._socket).start()
        self._socket = None
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def runtime(self):
        return self.app.state.receiver


def receiver_config(transmitter: StandInTransmitter, db_path, port: int,
                    **overrides) -> ReceiverConfig:
    defaults = dict(public_base_url=f"http://127.0.0.1:{port}", db_path=db_path,
                    transmitter_issuer=transmitter.issuer, transmitter_token=MGMT_TOKEN,
                    push_bearer=PUSH_BEARER, expected_audience=AUDIENCE,
                    http_timeout=5.0, poll_long_wait_seconds=2.0,
                    poll_backoff_initial=0.05, poll_backoff_max=0.3, max_wait_seconds=10.0)
    return ReceiverConfig(**{**defaults, **overrides})


def stop_all(*stoppables) -> None:
    """Stop servers concurrently: each uvicorn shutdown takes a fixed ~0.2 s tick."""
    with ThreadPoolExecutor(max_workers=max(1, len(stoppables))) as pool:
        list(pool.map(lambda s: s.stop(), stoppables))


@pytest.fixture
def make_receiver(tmp_path, transmitter):
    handles: list[ReceiverHandle] = []

    def make(**overrides) -> ReceiverHandle:
        sock = reserve_port()
        port = sock.getsockname()[1]
        config = receiver_config(transmitter, tmp_path / f"rx-{len(handles)}.sqlite3", port,
                                 **overrides)
        handle = ReceiverHandle(config, port, sock).start()
        handles.append(handle)
        return handle

    yield make
    stop_all(transmitter, *handles)


@pytest.fixture(scope="module")
def module_pair(rsa_keys, tmp_path_factory):
    """One transmitter/receiver pair (and client) shared by a module whose tests tolerate each
    other's log rows; starting and stopping servers dominates the run time otherwise."""
    tx = StandInTransmitter(KeyRing([fresh(rsa_keys[0])])).start()
    sock = reserve_port()
    port = sock.getsockname()[1]
    rx = ReceiverHandle(receiver_config(tx, tmp_path_factory.mktemp("rx") / "rx.sqlite3", port),
                        port, sock).start()
    with httpx.Client(timeout=15) as client:
        yield tx, rx, client
    stop_all(tx, rx)


@pytest.fixture
def receiver(make_receiver) -> ReceiverHandle:
    return make_receiver()


def push(http: httpx.Client, receiver: ReceiverHandle, token: str | bytes,
         bearer: str | None = PUSH_BEARER, content_type: str = SET_MEDIA_TYPE,
         accept_language: str | None = None) -> httpx.Response:
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    if accept_language is not None:
        headers["Accept-Language"] = accept_language
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    return http.post(receiver.url + "/ssf/receiver/push", content=token, headers=headers)


def events(http, receiver, **params) -> list[dict]:
    r = http.get(receiver.url + "/ssf/receiver/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()["events"]


def actions_for(http, receiver, jti: str, wait: float = 5.0) -> list[dict]:
    r = http.get(receiver.url + "/ssf/receiver/actions", params={"jti": jti, "wait": wait})
    assert r.status_code == 200, r.text
    return r.json()["actions"]


def replace_config(handle: ReceiverHandle, **changes) -> None:
    handle.config = dataclasses.replace(handle.config, **changes)
