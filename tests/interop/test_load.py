"""`ssf-conformance load` against real servers, small N: the embedded reference receiver takes
every pushed SET and loses none; a fault-switched one shows its refusals by err code; the
reference transmitter delivers every event over push and poll without loss or duplicates; a
host neither loopback nor declared is refused before any request goes to it."""
import json

import pytest
import yaml
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from typer.testing import CliRunner

from harness.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, _load_commands, app
from harness.interop.hosts import HostRefused, check_url
from harness.profiles import load_profile
from harness.runtime.servers import RunningServer
from harness.suite.profiles import default_profile_path

_load_commands()


def _load(*args) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["load", *[str(a) for a in args]])
    return result.exit_code, result.output


def test_the_reference_receiver_accepts_every_set_and_loses_none(tmp_path):
    code, output = _load("--role", "transmitter", "--count", 60, "--concurrency", 4,
                         "--reports", tmp_path)
    assert code == EXIT_OK, output
    result = json.loads((tmp_path / "load.json").read_text())
    assert result["sent"] == result["accepted"] == 60 and result["lost"] == 0
    assert result["errors"] == {} and result["accepted_per_second"] > 0
    lat = result["latency_ms"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["p99"] <= lat["max"]
    assert sum(b["count"] for b in result["histogram"]["push"]) == 60
    assert (tmp_path / "load-latency.svg").read_text().startswith("<svg")
    assert "accepted/s" in output and "load-latency.svg" in (tmp_path / "load.md").read_text()


def test_a_refusing_receiver_shows_its_refusals_by_err_code(tmp_path):
    faulty = yaml.safe_load(default_profile_path().read_text())
    faulty["reference"]["faults"] = ["refuses-caep-events"]
    (tmp_path / "refusing.yaml").write_text(yaml.safe_dump(faulty))
    code, output = _load("--target", tmp_path / "refusing.yaml", "--role", "transmitter",
                         "--count", 20, "--concurrency", 2, "--reports", tmp_path / "r")
    assert code == EXIT_FAILED, output
    result = json.loads((tmp_path / "r" / "load.json").read_text())
    assert result["accepted"] == 0 and sum(result["errors"].values()) == 20
    assert all(not k.startswith("HTTP") for k in result["errors"])   # named by err


def test_the_reference_transmitter_delivers_every_event_over_push_and_poll(tmp_path):
    code, output = _load("--role", "receiver", "--count", 40, "--concurrency", 4,
                         "--max-events", 10, "--reports", tmp_path)
    assert code == EXIT_OK, output
    methods = json.loads((tmp_path / "load.json").read_text())["methods"]
    for method in ("push", "poll"):
        m = methods[method]
        assert (m["triggered"], m["delivered"], m["lost"], m["duplicates"]) == (40, 40, 0, 0)
        assert m["delivered_per_second"] > 0 and m["latency_ms"]["count"] == 40


@pytest.fixture
def transmitter_pointing_elsewhere():
    """A transmitter on loopback whose metadata sends the suite to a host nobody declared."""
    asked = []

    async def metadata(request):
        asked.append(request.url.path)
        origin = f"http://127.0.0.1:{request.url.port}"
        return JSONResponse({"issuer": origin, "jwks_uri": origin + "/jwks",
                             "configuration_endpoint": "http://198.51.100.7/ssf/stream",
                             "delivery_methods_supported": [
                                 "urn:ietf:rfc:8935", "urn:ietf:rfc:8936"]})
    server = RunningServer(Starlette(routes=[Route("/.well-known/ssf-configuration",
                                                   metadata)])).start()
    try:
        yield server.base_url, asked
    finally:
        server.stop()


def test_an_undeclared_host_is_refused(tmp_path, monkeypatch, transmitter_pointing_elsewhere):
    origin, asked = transmitter_pointing_elsewhere
    monkeypatch.setenv("IX_TUT_TOKEN", "t" * 24)
    profile = {"version": 1, "name": "elsewhere",
               "suite": {"state_dir": str(tmp_path / "state")},
               "proxy": {"enabled": False},
               "transmitter": {"issuer": origin, "auth": {"type": "bearer",
                                                          "token_env": "IX_TUT_TOKEN"},
                               "capabilities": {"delivery_methods": ["push", "poll"],
                                                "events": ["session-revoked"],
                                                "subject_formats": ["email"]},
                               "trigger": {"type": "http", "url": "/actions/{action}",
                                           "body": {"email": "{email}"}}}}
    (tmp_path / "elsewhere.yaml").write_text(yaml.safe_dump(profile))
    code, output = _load("--target", tmp_path / "elsewhere.yaml", "--role", "receiver",
                         "--count", 1, "--reports", tmp_path / "r")
    assert code == EXIT_USAGE, output
    assert "198.51.100.7" in output and "neither loopback nor declared" in output
    assert asked == ["/.well-known/ssf-configuration"]   # discovery only, then refused
    reference = load_profile(default_profile_path())
    assert check_url("http://127.0.0.1:9/x", reference, "a URL")
    with pytest.raises(HostRefused):
        check_url("https://203.0.113.5/push", reference, "a URL")


def test_only_places_to_send_requests_to_are_host_checked_not_identifiers():
    """Event types, delivery-method URNs and spec_urns look like URLs but nobody calls them: a
    transmitter listing https://schemas.openid.net/... event types is not refused for it."""
    from harness.interop.hosts import urls_in
    metadata = {
        "issuer": "https://tx.example/ssf", "jwks_uri": "https://tx.example/jwks",
        "configuration_endpoint": "https://tx.example/stream",
        "delivery_methods_supported": ["https://schemas.openid.net/secevent/risc/"
                                       "delivery-method/push"],
        "events_supported": ["https://schemas.openid.net/secevent/caep/event-type/x"],
        "authorization_schemes": [{"spec_urn": "urn:ietf:rfc:6749"}],
        "vendor": {"poll_url": "https://poll.example/events", "docs": ["https://d.example"]}}
    assert urls_in(metadata) == ["https://tx.example/jwks", "https://tx.example/stream",
                                 "https://poll.example/events"]
