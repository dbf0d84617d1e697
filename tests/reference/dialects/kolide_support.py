"""A running Kolide emulator with the document's request shapes as helpers."""
from __future__ import annotations

from pathlib import Path

import httpx

from harness.reference.dialects import EmulatorSettings, create_app
from harness.runtime.servers import RunningServer, reserve_port
from harness.ssf.events import CAEP_BASE, SSF_BASE

API_TOKEN = "kolide-api-" + "t" * 20
ADMIN = "kolide-admin-" + "a" * 20
VERSION = "2026-04-07"
DCC = CAEP_BASE + "device-compliance-change"
VERIFICATION = SSF_BASE + "verification"
PUSH, POLL = "urn:ietf:rfc:8935", "urn:ietf:rfc:8936"


class Kolide:
    def __init__(self, tmp_path: Path, http: httpx.Client, faults: frozenset[str],
                 options: dict):
        sock = reserve_port()
        port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        settings = EmulatorSettings(
            public_base_url=self.url, db_path=tmp_path / "kolide.sqlite3", api_token=API_TOKEN,
            admin_token=ADMIN, faults=faults,
            options={"signing_alg": "ES256", **options})  # ES256 keys are fast to make
        self.app = create_app("kolide", settings)
        self.server = RunningServer(self.app, listen_socket=sock).start()
        self.http = http

    def stop(self) -> None:
        self.server.stop()

    def headers(self, **extra) -> dict:
        base = {"Authorization": f"Bearer {API_TOKEN}", "X-Kolide-Api-Version": VERSION}
        return {**base, **{k.replace("_", "-"): v for k, v in extra.items()}}

    def call(self, method: str, path: str, *, headers: dict | None = None,
             **kwargs) -> httpx.Response:
        return self.http.request(method, self.url + path,
                                 headers=self.headers() if headers is None else headers,
                                 **kwargs)

    def create_legacy(self, **inner) -> httpx.Response:
        body = {"name": "Example Receiver", "event_subscriptions": [DCC], **inner}
        return self.call("POST", "/ssf_streams", json={"ssf_stream": body})

    def create_standard(self, method: str = POLL, endpoint_url: str | None = None,
                        **extra) -> httpx.Response:
        delivery = {"method": method}
        if endpoint_url:
            delivery["endpoint_url"] = endpoint_url
        body = {"name": "Example Receiver", "delivery": delivery, "events_requested": [DCC],
                **extra}
        return self.call("POST", "/ssf_streams", json=body)

    def poll_stream(self, **inner) -> dict:
        created = self.create_legacy(delivery_type="poll", **inner)
        assert created.status_code == 201, created.text
        return created.json()

    def poll(self, stream: dict, token: str | None = "from-stream") -> httpx.Response:
        headers = self.headers()
        if token == "from-stream":
            token = stream.get("poll_bearer_token")
        if token is not None:
            headers["X-Kolide-Poll-Bearer-Token"] = token
        return self.call("GET", f"/ssf_streams/{stream['stream_id']}/events", headers=headers)

    def ack(self, stream: dict, jtis: list[str], token: str | None = "from-stream"):
        headers = self.headers()
        if token == "from-stream":
            token = stream.get("poll_bearer_token")
        if token is not None:
            headers["X-Kolide-Poll-Bearer-Token"] = token
        return self.call("POST", f"/ssf_streams/{stream['stream_id']}/events", headers=headers,
                         json={"ack": jtis})

    def admin(self, path: str, body: dict) -> httpx.Response:
        return self.http.post(self.url + "/_emulator" + path, json=body,
                              headers={"Authorization": f"Bearer {ADMIN}"})

    def trigger(self, action: str = "device-compliance-change",
                email: str = "user@example.com") -> httpx.Response:
        return self.admin(f"/actions/{action}", {"email": email})

    def jwks(self) -> dict:
        return self.http.get(self.url + "/ssf/jwks.json").json()
