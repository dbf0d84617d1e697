"""Test support for pacing: the reference transmitter with its own TransmitterConfig (e.g.
min_verification_interval, default_subjects NONE), behind an ASGI wrapper that records when each
request arrived, and a TransmitterDriver for it built from a real profile (no proxy)."""
from __future__ import annotations

import time
from pathlib import Path

from harness.profiles import load_profile
from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
from harness.runtime.servers import RunningServer, reserve_port
from harness.suite.driver import TransmitterDriver
from harness.suite.http import SuiteHttp
from harness.suite.pacing import Pacing
from harness.suite.session import Credentials, TransmitterSession

TOKEN, ADMIN = "pacing-token-7d1e55", "pacing-admin-3b9c21"
ENV = {"PACING_TOKEN": TOKEN, "PACING_ADMIN": ADMIN}
SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
ALL_OPTIONAL = "[status, add_subject, remove_subject, verification]"

PROFILE = """version: 1
name: pacing-target
transmitter:
  issuer: {base}/ssf
  auth: {{type: bearer, token_env: PACING_TOKEN}}
  capabilities:
    delivery_methods: [push, poll]
    events: [session-revoked]
    subject_formats: [email]
    optional: {optional}
  trigger:
    type: http
    url: /ssf/actions/{{action}}
    headers: {{Authorization: "Bearer ${{PACING_ADMIN}}"}}
    body: {{email: "{{email}}"}}
  test_email: alice@example.com
{extra}
"""


class Recorded:
    """ASGI wrapper: (method, path, monotonic arrival time) of every HTTP request."""

    def __init__(self, app) -> None:
        self.app = app
        self.requests: list[tuple[str, str, float]] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.requests.append((scope["method"], scope["path"], time.monotonic()))
        await self.app(scope, receive, send)

    def arrivals(self, method: str, path: str) -> list[float]:
        return [t for m, p, t in self.requests if (m, p) == (method, path)]


class ReferenceTarget:
    """A running reference transmitter (plain HTTP on 127.0.0.1) with config overrides."""

    def __init__(self, state_dir: Path, **overrides) -> None:
        sock = reserve_port()
        port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        config = TransmitterConfig(
            public_base_url=self.base, db_path=state_dir / "tx.sqlite3",
            clients=[ReceiverClient("pacing-receiver", tokens=(TOKEN,))], admin_token=ADMIN,
            **overrides)
        self.app = Recorded(create_app(config))
        self.server = RunningServer(self.app, listen_socket=sock)

    def __enter__(self) -> "ReferenceTarget":
        self.server.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()


def write_profile(path: Path, base: str, optional: str = ALL_OPTIONAL, extra: str = "") -> Path:
    path.write_text(PROFILE.format(base=base, optional=optional, extra=extra))
    return path


def driver_for(target: ReferenceTarget, run_dir: Path, *, optional: str = ALL_OPTIONAL,
               extra: str = "") -> TransmitterDriver:
    """A driver as a scenario gets it, with the metadata already discovered."""
    profile = load_profile(write_profile(run_dir / "pacing.yaml", target.base, optional, extra),
                           env=ENV)
    session = TransmitterSession(profile, run_dir, use_proxy=False)
    session.issuer = target.base + "/ssf"
    session.discovery_url = target.base + "/.well-known/ssf-configuration/ssf"
    session.creds = Credentials(primary=TOKEN)
    session.http = SuiteHttp(timeout=5.0, pacing=Pacing.for_target(profile, "transmitter"))
    driver = TransmitterDriver(session)
    driver.metadata = driver.fetch_metadata().json()
    return driver


def poll_stream(driver: TransmitterDriver, events: list[str] | None = None) -> dict:
    created = driver.create_stream(driver.poll_body(events or [SESSION_REVOKED]))
    assert created.status == 201, created.text
    return created.json()
