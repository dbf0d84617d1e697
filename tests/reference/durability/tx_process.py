"""The reference transmitter in a process of its own, so a test can `kill -9` it.

`python -m tests.reference.durability.tx_process '<json settings>'` prints `ready <port>` once
it serves, then runs until killed. Settings are TransmitterConfig keyword arguments plus
`port` and `clients` ([[client_id, token, audience], ...])."""
from __future__ import annotations

import json
import sys
import threading

from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
from harness.runtime.servers import RunningServer


def main(raw: str) -> None:
    settings = json.loads(raw)
    port = settings.pop("port")
    clients = [ReceiverClient(cid, tokens=(token,), audience=aud)
               for cid, token, aud in settings.pop("clients")]
    config = TransmitterConfig(clients=clients, **settings)
    server = RunningServer(create_app(config), port=port, startup_timeout=30).start()
    print(f"ready {server.port}", flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main(sys.argv[1])
