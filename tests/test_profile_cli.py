"""`ssf-conformance profile FILE`: 0 and the public form for a good profile, 2 and the field name
for a bad one; the secret's value never appears."""
import subprocess
import sys

from harness.suite.profiles import PROJECT_ROOT


def _run(path, env=None):
    import os
    return subprocess.run([sys.executable, "-m", "harness", "profile", str(path)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_good_profile_prints_public_form_without_secret():
    done = _run(PROJECT_ROOT / "profiles/examples/external-transmitter.yaml",
                env={"TUT_TOKEN": "very-secret-value-123"})
    assert done.returncode == 0, done.stderr
    assert '"name"' in done.stdout and "very-secret-value-123" not in done.stdout


def test_bad_profile_names_the_field_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nname: x\ntransmitter:\n  issuer: https://tut.example\n"
                   "  auth: {type: bearer}\n  capabilities: {delivery_methods: [push]}\n")
    done = _run(bad)
    assert done.returncode == 2
    assert "transmitter.auth" in done.stderr
