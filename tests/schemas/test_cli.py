"""`ssf-conformance validate`: exit codes 0 valid / 1 invalid / 2 usage, every error printed."""
import json
import subprocess
import sys

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from typer.testing import CliRunner

import harness.cli.validate  # noqa: F401  (registers the command on the app)
from harness.cli import app
from harness.jose import KeyRing, sign_set
from harness.runtime.servers import RunningServer, free_port

runner = CliRunner()
CLAIMS = {"iss": "https://tr.example.com", "jti": "j1", "iat": 1615305159, "aud": "r", "txn": "t",
          "sub_id": {"format": "opaque", "id": "s1"},
          "events": {"https://schemas.openid.net/secevent/ssf/event-type/verification":
                     {"state": "abc"}}}


@pytest.fixture(scope="module")
def ring() -> KeyRing:
    return KeyRing.generate("RS256")


@pytest.fixture(scope="module")
def token(ring) -> str:
    return sign_set(CLAIMS, ring.current)


def run(*args, stdin=None):
    return runner.invoke(app, ["validate", *args], input=stdin)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_valid_document_exits_0(tmp_path):
    path = write(tmp_path, "s.json", json.dumps({"stream_id": "s1", "status": "paused"}))
    result = run(path, "--schema", "ssf/stream-status")
    assert result.exit_code == 0 and result.stdout.strip() == "valid"


def test_invalid_document_prints_every_error_and_exits_1(tmp_path):
    path = write(tmp_path, "s.json", json.dumps({"status": "sleeping"}))
    result = run(path, "--schema", "ssf/stream-status")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "invalid"
    assert "error: /status: must be one of" in result.stdout and "(SSF-STATUS-03)" in result.stdout
    assert "error: /stream_id: required member 'stream_id' is missing [required]" in result.stdout


def test_stdin_is_read_with_dash():
    result = run("-", "--schema", "delivery/poll-request", stdin='{"maxEvents": "abc"}')
    assert result.exit_code == 1 and "/maxEvents" in result.stdout and "POLL-16" in result.stdout


def test_compact_set_is_decoded_and_validated(token):
    assert run("-", stdin=token).exit_code == 0
    bad = sign_set({**CLAIMS, "sub": "x"}, KeyRing.generate("ES256").current)
    result = run("-", stdin=bad)
    assert result.exit_code == 1 and "/claims/sub" in result.stdout and "SET-02" in result.stdout


def test_interop_profile_and_recommended_findings(token):
    es256 = sign_set(CLAIMS, KeyRing.generate("ES256").current)
    result = run("-", "--profile", "interop", stdin=es256)
    assert result.exit_code == 1
    assert "/header/alg" in result.stdout and "INTEROP-SIG-01" in result.stdout
    assert run("-", "--recommended", stdin=token).exit_code == 0
    no_txn = sign_set({k: v for k, v in CLAIMS.items() if k != "txn"}, KeyRing.generate().current)
    result = run("-", "--recommended", stdin=no_txn)
    assert result.exit_code == 0  # SHOULD-level findings are warnings, not failures
    assert "warning: /claims/txn" in result.stdout and "SET-11" in result.stdout


def test_signature_is_verified_with_a_jwks_file(tmp_path, ring, token):
    good = write(tmp_path, "jwks.json", json.dumps(ring.jwks()))
    assert run("-", "--jwks", good, stdin=token).exit_code == 0
    other = write(tmp_path, "other.json", json.dumps(KeyRing.generate().jwks()))
    result = run("-", "--jwks", other, stdin=token)
    assert result.exit_code == 1 and "/signature" in result.stdout and "SET-19" in result.stdout


def test_signature_is_verified_with_a_jwks_url(ring, token):
    async def jwks(request):
        return JSONResponse(ring.jwks())
    server = Starlette(routes=[Route("/jwks.json", jwks)])
    with RunningServer(server) as running:
        assert run("-", "--jwks", f"{running.base_url}/jwks.json", stdin=token).exit_code == 0
        missing = run("-", "--jwks", f"{running.base_url}/nope", stdin=token)
        assert missing.exit_code == 2 and "HTTP 404" in missing.stderr


def test_jws_claims_can_be_held_to_another_schema(ring):
    ssa = sign_set({"iss": "directory", "software_mode": "Prod"}, ring.current,
                   header={"typ": "JWT"})
    result = run("-", "--schema", "ssa/software-statement-assertion", stdin=ssa)
    assert result.exit_code == 1 and "/software_mode" in result.stdout


def test_malformed_jws_is_invalid_not_a_crash():
    result = run("-", stdin="e30.bm90IGpzb24.c2ln")
    assert result.exit_code == 1 and "JOSE-03" in result.stdout


@pytest.mark.parametrize("args, stdin, message", [
    (["-"], '{"a": 1}', "needs --schema"),
    (["-", "--schema", "no/such"], "{}", "unknown schema"),
    (["-"], "hello there", "neither a compact JWS nor JSON"),
    (["/nonexistent/file.json", "--schema", "ssf/error"], None, "cannot read"),
    (["-", "--schema", "ssf/error", "--max-bytes", "10"], '{"error": "invalid_request"}',
     "larger than 10 bytes"),
    (["-", "--schema", "ssf/error", "--jwks", "x.json"], "{}", "applies to a compact JWS"),
    (["-", "--profile", "nope"], "{}", "unknown --profile"),
    ([], None, "missing FILE"),
    (["-", "--schema", "ssf/error"], "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (["-", "--schema", "ssf/error", "--max-bytes", "0"], "{}", "Invalid value"),
])
def test_usage_errors_exit_2(args, stdin, message):
    result = run(*args, stdin=stdin)
    assert result.exit_code == 2 and message in result.stderr


def test_unusable_jwks_is_a_usage_error(tmp_path, token):
    bad = write(tmp_path, "bad.json", '{"no": "keys"}')
    result = run("-", "--jwks", bad, stdin=token)
    assert result.exit_code == 2 and "'keys' array" in result.stderr
    unreachable = run("-", "--jwks", f"http://127.0.0.1:{_closed_port()}/jwks", stdin=token)
    assert unreachable.exit_code == 2 and "cannot fetch the JWKS" in unreachable.stderr


def _closed_port() -> int:
    return free_port()  # free means nobody listens there


def test_json_output_lists_errors_with_requirements():
    result = run("-", "--schema", "ssf/stream-status", "--json", stdin='{"stream_id": 1}')
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["valid"] is False
    assert {(e["pointer"], e["keyword"]) for e in body["errors"]} == \
        {("/stream_id", "type"), ("/status", "required")}


def test_secrets_in_the_document_are_not_echoed():
    doc = {"stream_id": "s", "iss": "https://t.example", "aud": "r", "events_delivered": [],
           "delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "http://x",
                        "authorization_header": ["Bearer top-secret-token"]}}
    result = run("-", "--schema", "ssf/stream-config", stdin=json.dumps(doc))
    assert result.exit_code == 1 and "authorization_header" in result.stdout
    assert "top-secret-token" not in result.stdout + result.stderr


def test_list_schemas():
    result = run("--list-schemas")
    assert result.exit_code == 0 and "set/claims" in result.stdout.split()


def test_the_installed_entry_point_runs():
    # The console script discovers this module by itself (harness.cli._load_commands).
    done = subprocess.run([sys.executable, "-m", "harness", "validate", "-", "--schema",
                           "ssf/error"], input=b'{"error": "x"}', capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stdout.decode().strip() == "valid"


def test_httpx_is_not_called_without_jwks(monkeypatch, token):
    def boom(*a, **k):
        raise AssertionError("network used")
    monkeypatch.setattr(httpx.Client, "get", boom)
    assert run("-", stdin=token).exit_code == 0
