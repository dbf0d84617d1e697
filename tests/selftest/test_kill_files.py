"""The kill files' loader (harness/selftest/matrix.py): every kills*.yaml merged, duplicates
refused, and a file's optional top-level `profile:` carried by each of its faults (dialect
emulators run their faults against their own embedded profile)."""
import pytest

from harness.selftest.matrix import KillSpec, load_kills
from harness.selftest.plan import job_for


def _write(path, text):
    path.write_text(text)
    return path


def test_a_files_profile_is_carried_by_each_of_its_faults(tmp_path):
    (tmp_path / "profiles").mkdir()
    _write(tmp_path / "profiles" / "emulator.yaml", "version: 1\n")
    kills = _write(tmp_path / "kills_emu.yaml", """
profile: profiles/emulator.yaml
faults:
  emu-one: {scenarios: [TX-A-01], checks: [check_a]}
  emu-two: {scenarios: [TX-A-02, TX-A-03]}
""")
    assert load_kills(kills, root=tmp_path) == {
        "emu-one": KillSpec(("TX-A-01",), ("check_a",), "profiles/emulator.yaml"),
        "emu-two": KillSpec(("TX-A-02", "TX-A-03"), (), "profiles/emulator.yaml")}


def test_without_a_profile_the_faults_run_against_the_embedded_reference(tmp_path):
    kills = _write(tmp_path / "kills.yaml", "faults:\n  f: {scenarios: [TX-A-01]}\n")
    assert load_kills(kills, root=tmp_path)["f"].profile is None


@pytest.mark.parametrize("profile, message", [
    ("profiles/missing.yaml", "does not exist"),
    ("/etc/profile.yaml", "relative to the repository root"),
    ("[1, 2]", "relative to the repository root"),
])
def test_a_bad_profile_is_refused_with_the_file_name(tmp_path, profile, message):
    kills = _write(tmp_path / "kills_bad.yaml",
                   f"profile: {profile}\nfaults:\n  f: {{scenarios: [TX-A-01]}}\n")
    with pytest.raises(ValueError, match=f"kills_bad.yaml: .*{message}"):
        load_kills(kills, root=tmp_path)


def test_the_repository_kill_files_merge_and_each_fault_job_uses_its_files_profile(tmp_path):
    kills = load_kills()
    assert len(kills) >= 40
    for name, spec in kills.items():
        job = job_for(f"kill:{name}", tmp_path)
        assert job.fault == name and job.target == spec.profile
        assert job.tags == " or ".join(f"id:{s}" for s in spec.scenarios)
