"""The suite's client against hostile answers (issue 14): every exchange ends within its deadline
and its body limit, as a TargetFault (recorded failed), never hung, never broken, never an OOM."""
from __future__ import annotations

import resource
import time

import pytest

from harness.runtime.servers import RunningServer
from harness.suite.http import SuiteHttp, TargetFault

from tests.suite.hostile.apps import DISCOVERY, app


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture
def serve():
    servers = []

    def start(kind: str) -> str:
        servers.append(RunningServer(app(kind)).start())
        return servers[-1].base_url + DISCOVERY
    yield start
    for server in servers:
        server.stop(timeout=2)


@pytest.mark.parametrize("kind", ["endless", "gib"])
def test_a_body_over_the_limit_fails_unread(serve, kind):
    url, http = serve(kind), SuiteHttp(timeout=10, max_body_bytes=1 << 20)
    started = time.monotonic()
    with pytest.raises(TargetFault, match=r"body exceeds 1048576 bytes"):
        http.call("GET", url)
    http.close()
    assert time.monotonic() - started < 10
    assert _peak_rss_mb() < 500


def test_a_dripping_answer_ends_at_the_exchange_deadline(serve):
    url, http = serve("drip"), SuiteHttp(timeout=3)   # every byte arrives within the 3 s read
    started = time.monotonic()
    with pytest.raises(TargetFault, match=r"no answer within the deadline \(3s for the whole"):
        http.call("GET", url)
    http.close()
    assert time.monotonic() - started < 4.5


@pytest.mark.parametrize("kind, reason", [("nan", "NaN is not a JSON number"),
                                          ("latin1", "not UTF-8")])
def test_json_that_is_not_rfc_8259_does_not_parse(serve, kind, reason):
    http = SuiteHttp(timeout=5)
    result = http.call("GET", serve(kind))
    http.close()
    with pytest.raises(ValueError, match=reason):
        result.json()
    from harness.checks.base import Response
    from harness.checks.metadata import check_metadata_served
    verdict = check_metadata_served(Response(result.status, result.headers, result.text))
    assert not verdict.passed, verdict


def test_a_target_fault_is_recorded_failed_not_broken():
    assert isinstance(TargetFault("x"), AssertionError)   # the results plugin: failed
