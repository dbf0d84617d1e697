"""The wheel works outside this repository (issue 16): build it (`pip wheel --no-deps`), install
it with its dependencies into a fresh venv in a temporary folder, start the installed
`ssf-conformance serve --tls` on free ports from there, and run the whole transmitter role
against it with the example profile the wheel carries. Every scenario passes or skips.

About 90 s (most of it installing the dependencies from the package registry), so it runs
only with SSF_TEST_WHEEL=1: `make test-wheel`."""
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
from harness.suite.profiles import PROJECT_ROOT

pytestmark = pytest.mark.skipif(os.environ.get("SSF_TEST_WHEEL") != "1",
                                reason="slow (~90 s): run with `make test-wheel`")
MITMDUMP = PROJECT_ROOT / ".venv-mitm" / "bin" / "mitmdump"


def _sh(cmd: list, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    _sh([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist",
         PROJECT_ROOT], timeout=300)
    (wheel,) = (tmp / "dist").glob("ssf_conformance-*.whl")
    _sh([sys.executable, "-m", "venv", tmp / "venv"], timeout=120)
    _sh([tmp / "venv" / "bin" / "pip", "install", "-q", wheel], timeout=600)
    return tmp / "venv"


def test_the_installed_wheel_runs_the_transmitter_role_against_serve(installed, tmp_path):
    work = tmp_path / "vendor-ci"    # outside the repository: no features/ or steps/ here
    work.mkdir()
    tokens = {name: secrets.token_urlsafe(18) for name in (
        "SSF_SERVE_TOKEN", "SSF_SERVE_ADMIN_TOKEN", "SSF_SERVE_PUSH_TOKEN",
        "SSF_SERVE_CONTROL_TOKEN", "SSF_SERVE_DIRECTORY_TOKEN")}
    env = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
           **tokens, "SSF_MITMDUMP": str(MITMDUMP), "SSF_STATE_DIR": str(work / "suite-state")}
    cli = installed / "bin" / "ssf-conformance"
    _sh([cli, "ca", "export", "--out", work / "suite-ca.pem"], cwd=work, env=env, timeout=60)
    ports = {"tx": free_port(), "rx": free_port(), "dir": free_port()}
    serve = subprocess.Popen(
        [str(cli), "serve", "--tls", "--state", str(work / "serve-state"),
         "--transmitter-port", str(ports["tx"]), "--receiver-port", str(ports["rx"]),
         "--directory-port", str(ports["dir"]), "--trust-ca", str(work / "suite-ca.pem")],
        cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        banner = []   # serve prints its banner once every server is up; the CA line ends it
        while len(banner) < 12 and not (banner and banner[-1].startswith("CA")):
            line = serve.stdout.readline()
            if not line:
                break
            banner.append(line)
        assert banner and banner[-1].startswith("CA"), banner
        profile = work / "my-transmitter.yaml"
        shipped = _shipped_example(installed, "sandbox-transmitter.yaml")
        profile.write_text(shipped.read_text()
                           .replace("127.0.0.1:8080", f"127.0.0.1:{ports['tx']}")
                           .replace("../../.state/tls/ca.pem",
                                    str(work / "serve-state" / "tls" / "ca.pem")))
        ran = subprocess.run([str(cli), "run", "--target", str(profile), "--role",
                              "transmitter"], cwd=work, env=env, capture_output=True,
                             text=True, timeout=600)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        serve.stdout.close()
    results = json.loads((work / "reports" / "results.json").read_text())
    not_green = [(s["id"], s["status"], s["message"][:200]) for s in results["scenarios"]
                 if s["status"] not in ("passed", "skipped")]
    assert ran.returncode == 0 and not_green == [], ran.stdout[-3000:] + str(not_green)
    assert results["summary"]["passed"] >= 100
    assert (work / "reports" / "junit.xml").is_file()


def _shipped_example(venv: Path, name: str) -> Path:
    (found,) = venv.glob(f"lib/python*/site-packages/harness/_project/profiles/examples/{name}")
    return found
