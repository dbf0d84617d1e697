"""Our own sandbox as the proof (issue 11): `ssf-conformance serve --tls` on free ports, tested as
an EXTERNAL transmitter and an EXTERNAL receiver with profiles/examples/sandbox-*.yaml, over TLS,
through the recording proxy, exactly as the README's "Testing your implementation" walks it:
export the suite's CA, start the sandbox trusting it (and configured with the suite persona's
issuer), run each role.

A representative subset keeps it quick (each role's full run is also green, ~25 s together):
transmitter: discovery (incl. TX-DISC-05, the verification push that used to die in the TLS
handshake), verification, push and poll delivery, session-revoked events (trigger), streams;
receiver: push delivery, hostile pushes, verification, response actions.

And the failure the issue reported, now diagnosed: the same sandbox started *without* trusting
the suite's CA fails TX-DISC-05 with "the transmitter's push to <url> failed the TLS handshake",
and the scenario's evidence holds that exchange.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from harness.runtime.servers import free_port
from harness.runtime.tls import SuiteCA
from harness.suite.listening import STATE_ENV
from harness.suite.profiles import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "profiles" / "examples"
TX_TAGS = ("area:discovery or area:verification or area:push or area:poll or area:streams "
           "or area:caep-session-revoked")
RX_TAGS = "area:push or area:push-hostile or area:verification or area:response-actions"


def _tokens() -> dict[str, str]:
    return {name: secrets.token_urlsafe(18) for name in (
        "SSF_SERVE_TOKEN", "SSF_SERVE_ADMIN_TOKEN", "SSF_SERVE_PUSH_TOKEN",
        "SSF_SERVE_CONTROL_TOKEN", "SSF_SERVE_DIRECTORY_TOKEN")}


class Sandbox:
    """`ssf-conformance serve --tls` in its own process, on free ports."""

    def __init__(self, root: Path, env: dict, trust: Path | None, persona_port: int):
        self.state = root / "serve-state"
        self.ports = {"tx": free_port(), "rx": free_port(), "dir": free_port()}
        self.persona_port = persona_port
        cmd = [sys.executable, "-m", "harness", "serve", "--tls", "--state", str(self.state),
               "--transmitter-port", str(self.ports["tx"]), "--receiver-port",
               str(self.ports["rx"]), "--directory-port", str(self.ports["dir"]),
               "--receiver-transmitter", f"https://127.0.0.1:{persona_port}/ssf"]
        if trust is not None:
            cmd += ["--trust-ca", str(trust)]
        self.proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        # serve prints its banner once every server is up (a blocking read, not a sleep).
        # The CA line ends the part of the banner this test needs; at most a dozen lines.
        self.banner = []
        while len(self.banner) < 12 and not (self.banner and self.banner[-1].startswith("CA")):
            line = self.proc.stdout.readline()
            if not line:
                break
            self.banner.append(line)
        assert self.banner and self.banner[-1].startswith("CA"), self.banner

    def profile(self, name: str, out: Path) -> Path:
        """The shipped example, re-pointed at this sandbox's ports and CA."""
        text = (EXAMPLES / name).read_text()
        text = (text.replace("127.0.0.1:8080", f"127.0.0.1:{self.ports['tx']}")
                .replace("127.0.0.1:8081", f"127.0.0.1:{self.ports['rx']}")
                .replace("port: 8444", f"port: {self.persona_port}")
                .replace("../../.state/tls/ca.pem", str(self.state / "tls" / "ca.pem")))
        out.write_text(text)
        return out

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    suite_state = tmp_path_factory.mktemp("suite-state")
    return {**os.environ, **_tokens(), STATE_ENV: str(suite_state)}


@pytest.fixture(scope="module")
def suite_ca_file(env, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "suite-ca.pem"
    subprocess.run([sys.executable, "-m", "harness", "ca", "export", "--out", str(out)],
                   cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, timeout=60)
    assert out.read_bytes() == SuiteCA(Path(env[STATE_ENV]) / "ca").cert_file.read_bytes()
    return out


@pytest.fixture(scope="module")
def sandbox(env, suite_ca_file, tmp_path_factory):
    served = Sandbox(tmp_path_factory.mktemp("sandbox"), env, suite_ca_file, free_port())
    yield served
    served.stop()


def _run(env: dict, profile: Path, role: str, tags: str, reports: Path,
         multiplier: float | None = None) -> tuple[dict, str]:
    cmd = [sys.executable, "-m", "harness", "run", "--target", str(profile), "--role", role,
           "--tags", tags, "--reports", str(reports)]
    if multiplier:
        cmd += ["--timeout-multiplier", str(multiplier)]
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    results = reports / "results.json"
    assert results.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(results.read_text()), done.stdout


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _not_green(results: dict) -> list:
    return [(s["id"], s["status"], s["message"][:300]) for s in results["scenarios"]
            if s["status"] in ("failed", "broken", "blocked")]


def test_sandbox_transmitter_passes_over_tls_through_the_proxy(sandbox, env, tmp_path):
    profile = sandbox.profile("sandbox-transmitter.yaml", tmp_path / "tx.yaml")
    results, out = _run(env, profile, "transmitter", TX_TAGS, tmp_path / "reports")
    assert _not_green(results) == []
    assert results["summary"]["passed"] >= 15
    assert f"suite CA: {Path(env[STATE_ENV]) / 'ca' / 'ca.pem'}" in out   # the run header
    passed = {s["id"] for s in results["scenarios"] if s["status"] == "passed"}
    assert "TX-DISC-05" in passed          # its push to the suite now completes the handshake
    management = _records(tmp_path / "reports" / "exchanges" / "transmitter.jsonl")
    assert management and all(r["request"]["url"].startswith(
        f"https://127.0.0.1:{sandbox.ports['tx']}/") for r in management)
    pushes = _records(tmp_path / "reports" / "exchanges" / "suite-receiver.jsonl")
    assert any(r["request"]["method"] == "POST" and r["response"]["status_code"] == 202
               for r in pushes), "the sandbox's pushes reached the suite through the proxy"


def test_sandbox_receiver_passes_over_tls_through_the_proxy(sandbox, env, tmp_path):
    profile = sandbox.profile("sandbox-receiver.yaml", tmp_path / "rx.yaml")
    results, _ = _run(env, profile, "receiver", RX_TAGS, tmp_path / "reports")
    assert _not_green(results) == []
    assert results["summary"]["passed"] >= 15
    exchanges = tmp_path / "reports" / "exchanges"
    pushed = [r for r in _records(exchanges / "rx-outbound.jsonl")
              if r["request"]["method"] == "POST"]
    push_url = f"https://127.0.0.1:{sandbox.ports['rx']}/ssf/receiver/push"
    assert pushed and all(r["request"]["url"] == push_url for r in pushed)
    asked = _records(exchanges / "rx-transmitter.jsonl")   # the receiver reading the persona
    assert any(r["request"]["path" if "path" in r["request"] else "url"].endswith("/ssf/jwks")
               for r in asked), "the receiver fetched the persona's JWKS through the proxy"


def test_a_sandbox_that_does_not_trust_the_suite_fails_the_handshake_by_name(env, tmp_path):
    untrusting = Sandbox(tmp_path, env, trust=None, persona_port=free_port())
    try:
        profile = untrusting.profile("sandbox-transmitter.yaml", tmp_path / "tx.yaml")
        results, _ = _run(env, profile, "transmitter", "id:TX-DISC-05", tmp_path / "reports",
                          multiplier=0.4)
    finally:
        untrusting.stop()
    (scenario,) = results["scenarios"]
    assert scenario["status"] == "failed", scenario
    first = scenario["message"].splitlines()[0]
    assert first.startswith("the transmitter's push to https://127.0.0.1:"), first
    assert "/push/" in first and "failed the TLS handshake: " in first, first
    assert "does not trust the suite's certificate" in first, first
    (evidence_file,) = scenario["evidence_files"]
    evidence = json.loads((tmp_path / "reports" / evidence_file).read_text())
    failed = [e for e in evidence if (e.get("error") or {}).get("stage") == "client_tls"]
    assert failed and failed[0]["proxy"] == "suite-receiver", evidence
    assert failed[0]["id"] in first
