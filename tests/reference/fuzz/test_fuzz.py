"""Property: no request, however hostile, makes a reference server answer 5xx, log an error or
a traceback, or store something that breaks a later read; every 4xx is a JSON error body of the
endpoint's shape and keeps the connection open.

One designed exception: the reference receiver's control API relays its transmitter's refusal
of a request it passed on as 502 Bad Gateway (RFC 9110 §15.6.3: "an invalid response from an
inbound server"), with the transmitter's status in `transmitter_status`. Those are counted
apart as gateway answers, never as server errors.

`make test` runs a short, derandomized pass (SSF_FUZZ_PROFILE=ci, the default); `make fuzz`
runs the long one (SSF_FUZZ_PROFILE=long, SSF_FUZZ_EXAMPLES per server) and prints the requests
sent and the 5xx found.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.reference.fuzz import endpoints
from tests.reference.fuzz.rig import Counts, Rig

_COMMON = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=list(HealthCheck))
settings.register_profile("ci", derandomize=True, max_examples=400, **_COMMON)
settings.register_profile("long", max_examples=int(os.environ.get("SSF_FUZZ_EXAMPLES", "4000")),
                          **_COMMON)
settings.load_profile(os.environ.get("SSF_FUZZ_PROFILE", "ci"))

# Per server, relative to the profile's max_examples (the receiver has the most to reach).
SHARE = {"transmitter": 1.0, "receiver": 1.0, "directory": 0.5}


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    handle = Rig(tmp_path_factory.mktemp("fuzz"))
    yield handle
    handle.close()


def _error_shape(base: str, rig: Rig, path: str) -> tuple[str, ...]:
    if base == rig.dir_url:
        return ("errors",)
    if path.startswith("/ssf/receiver/push"):  # also through the transmitter's forwarding
        return ("err", "description")
    return ("error", "error_description")


def _gateway_answer(rig: Rig, base: str, req, response) -> bool:
    if base != rig.rx_url or response.status_code != 502:
        return False
    body = response.json()
    return isinstance(body.get("transmitter_status"), int) and body["transmitter_status"] < 500


def _check(rig: Rig, base: str, req) -> None:
    response = rig.send(base, req)
    status = response.status_code
    if _gateway_answer(rig, base, req, response):
        rig.counts.gateway += 1
        return
    assert status < 500, f"{status} for {req!r}: {response.text[:300]}"
    assert "Traceback" not in response.text
    if 400 <= status < 500 and req.method != "HEAD":
        body = response.json()  # every error is JSON
        for member in _error_shape(base, rig, req.path):
            assert member in body, f"{status} without '{member}' for {req!r}: {body}"
        if status not in (413,):
            assert response.headers.get("connection") != "close", f"connection dropped: {req!r}"


def _fuzz(rig: Rig, base: str, strategy, share: float) -> None:
    rig.counts = Counts()
    budget = max(1, int(settings.default.max_examples * share))

    @settings(max_examples=budget)
    @given(req=strategy)
    def run(req):
        _check(rig, base, req)

    run()


def _report(rig: Rig, name: str) -> None:
    if os.environ.get("SSF_FUZZ_PROFILE") == "long":
        print(f"\nfuzz {name}: {rig.counts.sent} requests sent, "
              f"{len(rig.counts.server_errors)} answered 5xx "
              f"({rig.counts.gateway} designed 502 gateway answers); statuses "
              f"{dict(sorted(rig.counts.statuses.items()))}")


def _assert_clean(rig: Rig) -> None:
    assert not rig.counts.server_errors, rig.counts.server_errors[:5]
    assert rig.invariants() == []
    assert rig.internal_errors() == 0
    assert rig.trap.records == [], rig.trap.records[:10]


def test_transmitter_survives_hostile_input(rig):
    _fuzz(rig, rig.tx_url, endpoints.transmitter(rig), SHARE["transmitter"])
    _report(rig, "transmitter")
    _assert_clean(rig)


def test_receiver_survives_hostile_input(rig):
    _fuzz(rig, rig.rx_url, endpoints.receiver(rig), SHARE["receiver"])
    _report(rig, "receiver")
    _assert_clean(rig)


def test_directory_survives_hostile_input(rig):
    _fuzz(rig, rig.dir_url, endpoints.directory(rig), SHARE["directory"])
    _report(rig, "directory")
    _assert_clean(rig)
