"""The transmitter persona is stable across runs of one profile (issue 11): two consecutive
receiver-role sessions present the same issuer, jwks_uri and kid; its keys and the suite's CA
are kept under the state directory with private files mode 0600; rotation is deliberate and
keeps the previous key published; a public base URL names the persona while the suite itself
reaches it locally."""
from __future__ import annotations

import stat

import pytest
import yaml

from harness.profiles import REFERENCE_PROFILE, load_profile
from harness.runtime.servers import free_port
from harness.suite.persona_keys import PersonaKeys
from harness.suite.receiver_session import ReceiverSession


def _profile(tmp_path, **persona):
    doc = yaml.safe_load(REFERENCE_PROFILE.read_text())
    doc.pop("transmitter")
    doc["name"] = "stable-persona"
    doc["suite"] = {"state_dir": str(tmp_path / "state"), "persona": persona}
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(doc))
    return load_profile(path, env={})


def _presented(profile, run_dir) -> dict:
    """One receiver-role session: what the persona presents to a receiver."""
    session = ReceiverSession(profile, run_dir).start()
    try:
        meta = session.http.call("GET", session.persona.metadata_url).json()
        jwks = session.http.call("GET", meta["jwks_uri"]).json()
        return {"issuer": meta["issuer"], "jwks_uri": meta["jwks_uri"],
                "kids": [k["kid"] for k in jwks["keys"]],
                "signing_kid": session.persona.signing_key().kid,
                "ca": session.certs.ca.cert_file, "persistent": session.certs.persistent}
    finally:
        session.stop()


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def stable(tmp_path):
    return _profile(tmp_path, port=free_port())


def test_two_runs_present_the_same_issuer_jwks_uri_and_kid(stable, tmp_path):
    first = _presented(stable, tmp_path / "run1")
    second = _presented(stable, tmp_path / "run2")
    assert first == second
    port = stable.suite.persona.port
    assert first["issuer"] == f"https://127.0.0.1:{port}/ssf"
    assert first["jwks_uri"] == f"https://127.0.0.1:{port}/ssf/jwks"
    assert first["kids"] == [first["signing_kid"]]
    state = tmp_path / "state"
    assert first["persistent"] and first["ca"] == state / "ca" / "ca.pem"
    keys = PersonaKeys.for_profile(state, "stable-persona")
    assert _mode(keys.file) == 0o600 and _mode(state / "ca" / "ca-key.pem") == 0o600
    assert first["signing_kid"] in keys.file.read_text()


def test_rotation_is_deliberate_and_keeps_the_previous_key_published(stable, tmp_path):
    before = _presented(stable, tmp_path / "run1")
    new = PersonaKeys.for_profile(tmp_path / "state", "stable-persona").rotate()
    after = _presented(stable, tmp_path / "run2")
    assert after["issuer"] == before["issuer"] and after["jwks_uri"] == before["jwks_uri"]
    assert after["signing_kid"] == new.kid != before["signing_kid"]
    assert after["kids"] == [before["signing_kid"], new.kid]


def test_a_public_base_url_names_the_persona(tmp_path):
    port = free_port()
    public = f"https://persona.example.test:{port}"
    profile = _profile(tmp_path, port=port, public_base_url=public)
    presented = _presented(profile, tmp_path / "run")   # the suite reaches it on 127.0.0.1
    assert presented["issuer"] == public + "/ssf"
    assert presented["jwks_uri"] == public + "/ssf/jwks"
