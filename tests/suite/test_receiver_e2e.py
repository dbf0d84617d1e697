"""End to end: `ssf-conformance run --role receiver` against the embedded reference receiver,
through the recording proxies, as `make run` would. Secrets are pinned so the reports can be
searched for them. (Lenient receivers failing the suite is the self-test's job, issue 6.)"""
import json
import os
import subprocess
import sys
from pathlib import Path

from harness.suite.profiles import PROJECT_ROOT

PINNED = {"SSF_REFERENCE_PUSH_TOKEN": "pinned-push-token-3f9a1c",
          "SSF_REFERENCE_RX_TOKEN": "pinned-rut-token-77b2e0",
          "SSF_REFERENCE_CONTROL_TOKEN": "pinned-control-token-c41d"}
TIMEOUT = float(os.environ.get("SSF_TEST_CLI_TIMEOUT", "180"))


def run(reports: Path, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "harness", "run", "--role", "receiver",
                           "--reports", str(reports), *args], cwd=PROJECT_ROOT,
                          env={**os.environ, **PINNED, "SSF_REFERENCE_FAULTS": ""},
                          capture_output=True, text=True, timeout=TIMEOUT)
    results = reports / "results.json"
    assert results.is_file(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(results.read_text())


def test_the_receiver_suite_passes_against_the_reference_and_leaks_no_secret(tmp_path):
    results = run(tmp_path / "reports")
    summary = results["summary"]
    assert summary["failed"] == 0 and summary["broken"] == 0, [
        (s["id"], s["status"], s["message"]) for s in results["scenarios"]
        if s["status"] in ("failed", "broken")]
    assert summary["passed"] >= 85
    # (RX-HOSTILE-* and RX-POLL-04 are one-row outlines: their grading is in the Examples)
    status = {s["id"]: s["status"] for s in results["scenarios"]}
    for sid in ("RX-STREAM-01", "RX-VERIFY-01", "RX-HOSTILE-01", "RX-HOSTILE-19", "RX-POLL-04",
                "RX-UPD-01", "RX-SUBJ-01", "RX-ACT-02", "RX-IOP-04"):
        assert status[sid] == "passed", (sid, status.get(sid))
    # Evidence paths are relative to the reports folder (results.json holds no absolute path).
    assert any((tmp_path / "reports" / f).is_file()
               for s in results["scenarios"] for f in s["evidence_files"])
    for path in (tmp_path / "reports").rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            leaked = [name for name, value in PINNED.items() if value in text]
            assert not leaked, f"{path}: {leaked}"

