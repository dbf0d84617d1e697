"""End to end: `ssf-conformance run --role directory` against a trust directory outside the
suite (a reference directory on its own HTTPS port, reached by the profile's URLs and tokens
through the recording proxy). Everything passes except the status scenarios, which need the
embedded directory's admin API and are skipped with the reason; with a fault on, the directory
fails the scenario that catches it."""
import json
import os
import subprocess
import sys

import pytest

from harness.reference.directory import DirectoryConfig, Organisation, create_app
from harness.runtime.servers import RunningServer, reserve_port
from harness.runtime.tls import make_local_tls
from harness.suite.profiles import PROJECT_ROOT

TIMEOUT = float(os.environ.get("SSF_TEST_CLI_TIMEOUT", "180"))
ENV = {"EXT_DIRECTORY_TOKEN": "ext-directory-token-7a1b", "EXT_PROBE_TOKEN": "ext-probe-2c3d"}
PROFILE = """version: 1
name: external-directory-e2e
tls: {{ca_file: {ca}}}
proxy: {{upstream_ca: {ca}}}
directory:
  base_url: {base}
  jwks_url: {base}/.well-known/jwks.json
  organisation_id: org-e2e
  token_env: EXT_DIRECTORY_TOKEN
  other_organisation_id: org-other
  rate_limit: {{requests: 2, token_env: EXT_PROBE_TOKEN}}
"""


def _run(tmp_path, faults=frozenset()) -> dict:
    tls = make_local_tls(tmp_path / "dir-tls")
    sock = reserve_port()
    port = sock.getsockname()[1]
    base = f"https://127.0.0.1:{port}"
    config = DirectoryConfig(public_base_url=base, db_path=tmp_path / "dir.sqlite3", faults=faults,
                             organisations=[
                                 Organisation("org-e2e", "E2E", tokens=(ENV["EXT_DIRECTORY_TOKEN"],)),
                                 Organisation("org-other", "Other", tokens=("other-token-4e5f",)),
                                 Organisation("org-probe", "Probe", tokens=(ENV["EXT_PROBE_TOKEN"],),
                                              rate_limit=2)])
    profile = tmp_path / "directory.yaml"
    profile.write_text(PROFILE.format(ca=tls.ca_file, base=base))
    reports = tmp_path / "reports"
    with RunningServer(create_app(config), listen_socket=sock, ssl_certfile=str(tls.cert_file),
                       ssl_keyfile=str(tls.key_file)):
        subprocess.run([sys.executable, "-m", "harness", "run", "--role", "directory",
                        "--target", str(profile), "--reports", str(reports)], cwd=PROJECT_ROOT,
                       env={**os.environ, **ENV, "PYTHONPATH": str(PROJECT_ROOT),
                            "SSF_REFERENCE_FAULTS": ""},
                       capture_output=True, text=True, timeout=TIMEOUT)
    return json.loads((reports / "results.json").read_text())


def _statuses(results: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for scenario in results["scenarios"]:
        out.setdefault(scenario["id"], set()).add(scenario["status"])
    return out


def test_an_external_directory_passes_and_admin_scenarios_skip(tmp_path):
    results = _run(tmp_path)
    statuses = _statuses(results)
    assert results["roles"] == ["directory"]
    assert statuses.pop("DR-SSA-02") == {"skipped"} and statuses.pop("DR-SSA-03") == {"skipped"}
    assert all(s == {"passed"} for s in statuses.values()), statuses
    skipped = next(s for s in results["scenarios"] if s["id"] == "DR-SSA-02")
    assert "directory_admin" in skipped["message"]
    exchanges = (tmp_path / "reports" / "exchanges" / "directory.jsonl").read_text()
    assert ENV["EXT_DIRECTORY_TOKEN"] not in exchanges  # the proxy redacts the bearer


@pytest.mark.parametrize("fault, scenario", [("cross-organisation-allowed", "DR-ACCESS-02"),
                                             ("rate-limit-ignored", "DR-ACCESS-03")])
def test_a_defect_of_the_external_directory_fails_its_scenario(tmp_path, fault, scenario):
    assert _statuses(_run(tmp_path, frozenset({fault})))[scenario] == {"failed"}
