"""End to end (issue 10, item 6): conformance scenarios against a reference transmitter that adds
no subjects by default (default_subjects NONE) and states min_verification_interval 1, reached
as an external target over HTTPS through the recording proxy. The event scenario passes because
the test subject is added first; repeated verification requests keep the interval, so none is
answered 429.

Poll rows only: this reference does not trust the suite's own push endpoint certificate."""
import json
import os
import subprocess
import sys

from harness.cli.run import pytest_command
from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
from harness.runtime.servers import RunningServer, reserve_port
from harness.runtime.tls import make_local_tls
from harness.suite.profiles import PROJECT_ROOT
from tests.suite.pacing_support import ADMIN, ENV, TOKEN, write_profile

SELECTED = ("(sessionrevoked_event_is_delivered and poll) or maxevents_limits_a_poll"
            " or keep_min_verification_interval")
TIMEOUT = float(os.environ.get("SSF_TEST_CLI_TIMEOUT", "180"))


def _run(tmp_path, selected: str, extra: str = "", **overrides) -> list[dict]:
    """Run the selected scenarios against a reference with `overrides`; their records."""
    tls = make_local_tls(tmp_path / "tut-tls")
    sock = reserve_port()
    port = sock.getsockname()[1]
    base = f"https://127.0.0.1:{port}"
    config = TransmitterConfig(public_base_url=base, db_path=tmp_path / "tx.sqlite3",
                               clients=[ReceiverClient("pacing-receiver", tokens=(TOKEN,))],
                               admin_token=ADMIN, allow_loopback_addresses=True,
                               **overrides)
    profile = write_profile(tmp_path / "pacing.yaml", base,
                            extra=f"tls: {{ca_file: {tls.ca_file}}}\n{extra}")
    reports = tmp_path / "reports"
    cmd = pytest_command(profile=profile, role="transmitter", reports=reports, tags=None,
                         strict=False, workers=1, no_proxy=False, target_json="{}",
                         timeout_multiplier=None) + ["-k", selected]
    with RunningServer(create_app(config), listen_socket=sock, ssl_certfile=str(tls.cert_file),
                       ssl_keyfile=str(tls.key_file)):
        done = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=TIMEOUT, env={**os.environ, **ENV,
                                                    "PYTHONPATH": str(PROJECT_ROOT)})
    results_file = reports / "results.json"
    assert results_file.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(results_file.read_text())["scenarios"]


def test_event_and_verification_scenarios_follow_the_streams_rules(tmp_path):
    scenarios = _run(tmp_path, SELECTED, default_subjects="NONE", min_verification_interval=1)
    status = {(s["id"], s["variant"].get("delivery")): (s["status"], s["message"])
              for s in scenarios}
    assert status[("TX-FLOW-SR-01", "poll")][0] == "passed", status
    assert status[("TX-POLL-01", None)][0] == "passed", status
    assert status[("TX-VERIFY-06", None)][0] == "passed", status
    # Every event-payload check of the flow ran (it used to time out before any of them).
    flow = next(s for s in scenarios if s["id"] == "TX-FLOW-SR-01")
    assert {"check_event_payload_schema", "check_subject_matches_trigger"} <= {
        c["id"] for c in flow["checks"]}


def test_an_interval_longer_than_the_pacing_deadline_skips_with_the_reason(tmp_path):
    scenarios = _run(tmp_path, "maxevents_limits_a_poll", extra="timeouts: {pacing: 0.5}",
                     min_verification_interval=1)
    [poll] = scenarios
    assert (poll["id"], poll["status"]) == ("TX-POLL-01", "skipped"), poll
    assert "min_verification_interval" in poll["message"] and "timeouts.pacing" in poll["message"]
