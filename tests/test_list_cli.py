"""`ssf-conformance list` shows what a run would execute and why the rest would skip, per
scenario and per Examples row (`@requires:` on an Examples block), without contacting a target."""
import json
import subprocess
import sys

from harness.suite.profiles import PROJECT_ROOT

NARROW = """version: 1
name: narrow
transmitter:
  embedded: true
  capabilities: {delivery_methods: [push], optional: [stream_update]}
"""


def _list(*args):
    return subprocess.run([sys.executable, "-m", "harness", "list", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)


def test_list_gives_the_skip_reason_of_a_scenario_and_of_an_examples_row(tmp_path):
    profile = tmp_path / "narrow.yaml"
    profile.write_text(NARROW)
    done = _list("--target", str(profile), "--tags", "id:TX-STREAM-14 or area:poll", "--json")
    assert done.returncode == 0, done.stderr
    rows = {(s["id"], s["variant"].get("operation")): s for s in json.loads(done.stdout)}
    assert rows[("TX-STREAM-14", "update")]["skip"] == []
    assert rows[("TX-STREAM-14", "replace")]["skip"] == [
        "optional capability 'stream_replace' not declared by profile narrow"]
    polls = [s for s in rows.values() if s["id"].startswith("TX-POLL")]
    assert polls and all(s["skip"] for s in polls)   # no poll delivery method declared
    assert all(s["name"] for s in rows.values())


def test_list_table_and_usage_errors(tmp_path):
    done = _list("--tags", "id:TX-DISC-01")
    assert done.returncode == 0 and "TX-DISC-01" in done.stdout and "1 would run" in done.stdout
    assert _list("--tags", "id:NOPE").returncode == 2
    bad = _list("--tags", "area:poll and (")
    assert bad.returncode == 2 and "column" in bad.stderr and "Traceback" not in bad.stderr
