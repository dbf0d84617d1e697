"""The profile's `limits:` bound every role's exchanges, not only the transmitter role's
(issue 14 item 3): the receiver role's client and the trust directory's read no more than
`limits.max_response_bytes` of an answer."""
from __future__ import annotations

import pytest

from harness.profiles import load_profile
from harness.runtime.servers import RunningServer
from harness.suite.directory_run import RunDirectory
from harness.suite.http import TargetFault
from harness.suite.receiver_session import ReceiverSession

from tests.suite.hostile.apps import DISCOVERY, app

LIMIT = 65536
PROFILE = """version: 1
name: limited-receiver
suite: {{state_dir: {state}}}
receiver:
  base_url: {base}
  delivery: {{method: push, endpoint_url: {base}/push}}
  capabilities: {{events: [session-revoked]}}
timeouts: {{http_request: 5, startup: 15}}
limits: {{max_response_bytes: {limit}}}
"""


@pytest.fixture
def endless():
    server = RunningServer(app("endless")).start()
    yield server.base_url
    server.stop(timeout=2)


def _profile(tmp_path, base):
    path = tmp_path / "rx.yaml"
    path.write_text(PROFILE.format(base=base, state=tmp_path / "state", limit=LIMIT))
    return load_profile(path)


def test_the_receiver_roles_client_reads_no_more_than_the_limit(tmp_path, endless):
    session = ReceiverSession(_profile(tmp_path, endless), tmp_path / "run",
                              use_proxy=False).start()
    try:
        with pytest.raises(TargetFault, match=f"body exceeds {LIMIT} bytes"):
            session.http.call("GET", endless + DISCOVERY)
    finally:
        session.stop()


def test_the_directory_is_bounded_by_the_same_limit(tmp_path, endless):
    directory = RunDirectory.for_profile(_profile(tmp_path, endless), tmp_path, None, False,
                                         name="directory")
    assert directory.max_body_bytes == LIMIT
    from harness.suite.http import SuiteHttp
    http = directory._bounded(SuiteHttp(timeout=5))
    try:
        with pytest.raises(TargetFault, match=f"body exceeds {LIMIT} bytes"):
            http.call("GET", endless + DISCOVERY)
    finally:
        http.close()
