"""What an interop end owns and must give back: its servers (stopped newest first, each
regardless of the others) and its temporary state folder."""
from __future__ import annotations


def release(servers: list, tmp) -> None:
    for server in reversed(servers):
        try:
            server.stop()
        except Exception:  # noqa: BLE001 - stop the rest regardless
            pass
    servers.clear()
    if tmp is not None:
        tmp.cleanup()
