"""The `suite:` section: where the suite listens, the public URL, its certificate, its state."""
from __future__ import annotations

from harness.profiles import load_profile
from harness.profiles.model import Listener
from harness.profiles.schema import schema

from tests.profiles.conftest import MINIMAL_ENV, MINIMAL_TX, with_changes


def _walk(node: dict, path: str):
    yield path, node
    for name, child in (node.get("properties") or {}).items():
        yield from _walk(child, f"{path}.{name}")


def test_every_new_field_has_a_description_and_an_example():
    doc = schema()
    nodes = list(_walk(doc["properties"]["suite"], "suite"))
    nodes += list(_walk(doc["$defs"]["listener"], "listener"))
    assert len(nodes) >= 10
    for path, node in nodes:
        assert node.get("description"), path
        if node.get("type") != "object" or "$ref" in node:
            assert node.get("examples") or path.startswith("listener."), path
    for name, node in doc["$defs"]["listener"]["properties"].items():
        assert node.get("examples"), name


def test_defaults_are_zero_config(load):
    profile = load(MINIMAL_TX)
    assert profile.suite.push_endpoint == Listener("127.0.0.1", 0, None)
    assert profile.suite.persona == Listener()
    assert profile.suite.tls.cert_file is None and profile.suite.state_dir is None


def test_listeners_tls_and_state_dir_are_read(write, tmp_path):
    (tmp_path / "suite.pem").write_text("cert")
    (tmp_path / "suite-key.pem").write_text("key")
    doc = with_changes(MINIMAL_TX, suite={
        "state_dir": "state",
        "push_endpoint": {"host": "0.0.0.0", "port": 8443,
                          "public_base_url": "https://suite.example.net:8443/"},
        "persona": {"port": 8444},
        "tls": {"cert_file": "suite.pem", "key_file": "suite-key.pem"}})
    profile = load_profile(write(doc), env=MINIMAL_ENV)
    suite = profile.suite
    assert suite.push_endpoint == Listener("0.0.0.0", 8443, "https://suite.example.net:8443")
    assert suite.persona == Listener("127.0.0.1", 8444, None)
    assert suite.tls.cert_file == tmp_path / "suite.pem"
    assert suite.state_dir == tmp_path / "state"
    assert profile.public_dict()["suite"]["push_endpoint"]["port"] == 8443


def test_bad_values_name_the_field(problems):
    found = problems(with_changes(MINIMAL_TX, suite={
        "push_endpoint": {"public_base_url": "https://suite.example.net/ssf"},
        "persona": {"port": 70000, "hots": "0.0.0.0"},
        "tls": {"cert_file": "missing.pem"}}))
    assert "must be an https origin" in found["suite.push_endpoint.public_base_url"]
    assert "must be a fixed port" in found["suite.push_endpoint.port"]
    assert "65535" in found["suite.persona.port"]
    assert "unknown field" in found["suite.persona.hots"]
    assert "required" in found["suite.tls.key_file"]
    assert "file not found" in found["suite.tls.cert_file"]


def test_two_listeners_cannot_share_a_port(problems):
    found = problems(with_changes(MINIMAL_TX, suite={"push_endpoint": {"port": 8443},
                                                     "persona": {"port": 8443}}))
    assert "conflicts with suite.push_endpoint.port" in found["suite.persona.port"]
