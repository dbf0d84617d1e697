"""Fault injection through the proxy, switched at run time by rewriting the rules file."""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from harness.proxy import FaultControl, FaultRule
from tests.proxy.conftest import WAIT_SECONDS


@pytest.fixture(scope="module")
def proxy(proxy_factory, implementation):
    return proxy_factory(implementation.base_url, "faults")


@pytest.fixture(autouse=True)
def no_faults_left(proxy):
    proxy.clear_faults()
    yield
    proxy.clear_faults()


def test_responds_with_status_for_matching_requests_only(http, proxy):
    proxy.set_faults(FaultRule.respond_status(503, r"^/events", method="POST",
                                              body='{"err": "unavailable"}'))
    start = proxy.mark()
    hit = http.post(proxy.base_url + "/events", content=b"x")
    assert hit.status_code == 503 and hit.json() == {"err": "unavailable"}
    assert http.get(proxy.base_url + "/events").status_code == 200  # method does not match
    assert http.post(proxy.base_url + "/other").status_code == 200  # path does not match
    faulted, *rest = proxy.exchanges(since=start)
    assert faulted.status == 503 and faulted.faults[0]["action"] == "status"
    assert [e.faults for e in rest] == [(), ()]


def test_switches_at_run_time_and_counts_times(http, proxy):
    url = proxy.base_url + "/flaky"
    proxy.set_faults(FaultRule.respond_status(500, "/flaky", times=2))
    assert [http.get(url).status_code for _ in range(3)] == [500, 500, 200]
    proxy.set_faults(FaultRule.respond_status(429, "/flaky", times=1))  # fresh count
    assert http.get(url).status_code == 429
    proxy.clear_faults()
    assert http.get(url).status_code == 200


def test_a_rule_behind_a_terminal_one_keeps_its_uses(http, proxy):
    proxy.set_faults(FaultRule.respond_status(500, "/queue", times=1),
                     FaultRule.respond_status(418, "/queue", times=1))
    assert [http.get(proxy.base_url + "/queue").status_code for _ in range(3)] == [500, 418, 200]


def test_delays_matching_requests(http, proxy):
    proxy.set_faults(FaultRule.delay(300, "/slow"))
    began = time.monotonic()
    assert http.get(proxy.base_url + "/slow").status_code == 200
    assert time.monotonic() - began >= 0.3
    began = time.monotonic()
    http.get(proxy.base_url + "/fast")
    assert time.monotonic() - began < 0.3
    (slow,) = [e for e in proxy.exchanges() if e.path == "/slow"]
    assert slow.faults == ({"action": "delay", "path": "/slow", "delay_ms": 300},)


def test_wait_for_exchange_wakes_when_a_later_request_is_recorded(http, proxy):
    # The request is held 300 ms by a delay fault, so the waiter really has to wait for it.
    proxy.set_faults(FaultRule.delay(300, "/late"))
    start = proxy.mark()
    with ThreadPoolExecutor(1) as pool:
        sent = pool.submit(http.get, proxy.base_url + "/late")
        began = time.monotonic()
        late = proxy.wait_for_exchange(lambda e: e.path == "/late", WAIT_SECONDS, since=start)
        waited = time.monotonic() - began
        assert sent.result().status_code == 200
    assert late.status == 200 and 0.2 < waited < WAIT_SECONDS


def test_drops_the_connection(http, proxy):
    proxy.set_faults(FaultRule.drop("/drop"))
    start = proxy.mark()
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(proxy.base_url + "/drop")
    dropped = proxy.wait_for_exchange(lambda e: e.path == "/drop", WAIT_SECONDS, since=start)
    assert dropped.response is None and "killed" in dropped.error.lower()


def test_corrupts_the_response_body(http, proxy):
    proxy.set_faults(FaultRule.corrupt_body("^/.well-known/"))
    response = http.get(proxy.base_url + "/.well-known/ssf-configuration")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_unreadable_rules_file_is_ignored(http, proxy):
    proxy.faults.path.write_text("{not json")
    assert http.get(proxy.base_url + "/after-bad-rules").status_code == 200
    proxy.set_faults(FaultRule.respond_status(418, "/after-bad-rules"))
    assert http.get(proxy.base_url + "/after-bad-rules").status_code == 418


@pytest.mark.parametrize("kwargs, message", [
    ({"action": "explode"}, "unknown fault action"),
    ({"action": "status", "status": 99}, "100..599"),
    ({"action": "delay", "delay_ms": -1}, "delay_ms"),
    ({"action": "drop", "path": "("}, "not a valid regex"),
    ({"action": "drop", "times": 0}, "times"),
])
def test_invalid_rules_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        FaultRule(**kwargs)


def test_fault_control_round_trips_rules_atomically(tmp_path):
    control = FaultControl(tmp_path / "rules.json")
    assert control.rules() == []
    rules = [FaultRule.delay(5, "/a"), FaultRule.respond_status(502, "/b", times=1)]
    control.set(rules)
    first = json.loads(control.path.read_text())["generation"]
    assert control.rules() == rules
    control.set(rules)
    assert json.loads(control.path.read_text())["generation"] != first  # counts restart
    assert [p.name for p in tmp_path.iterdir()] == ["rules.json"]  # no temp files left
