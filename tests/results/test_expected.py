import pytest

from harness.results.expected import ExpectationsError, compare, load_expectations


def scenario(id_, status, checks=(), variant=None):
    return {"id": id_, "status": status, "variant": variant or {},
            "checks": [{"id": c, "status": s} for c, s in checks], "message": ""}


def write(tmp_path, text):
    path = tmp_path / "x.expected.yaml"
    path.write_text(text)
    return path


def test_all_pass_and_no_expectations_is_ok():
    assert compare({"scenarios": [scenario("A", "passed")]}, [])["ok"]


def test_unexpected_failure_fails_the_gate():
    out = compare({"scenarios": [scenario("A", "failed", [("check_x", "failed")])]}, [])
    assert not out["ok"] and [u["id"] for u in out["unexpected"]] == ["A"]


def test_expected_failure_by_scenario_is_ok(tmp_path):
    exp = load_expectations(write(tmp_path, "expected:\n- {id: A, status: failed, reason: bug 1}\n"))
    out = compare({"scenarios": [scenario("A", "failed", [("check_x", "failed")])]}, exp)
    assert out["ok"] and out["expected"] == ["A expected failed"]


def test_expected_failure_that_did_not_happen_is_stale(tmp_path):
    exp = load_expectations(write(tmp_path, "expected:\n- {id: A, status: failed, reason: was it fixed}\n"))
    out = compare({"scenarios": [scenario("A", "passed")]}, exp)
    assert not out["ok"] and out["stale"][0]["actual"] == ["passed"]


def test_check_level_expectation_must_cover_every_failed_check(tmp_path):
    exp = load_expectations(write(tmp_path, "expected:\n"
                                  "- {id: A, check: check_x, status: failed, reason: r}\n"))
    one = compare({"scenarios": [scenario("A", "failed", [("check_x", "failed")])]}, exp)
    two = compare({"scenarios": [scenario("A", "failed", [("check_x", "failed"),
                                                         ("check_y", "failed")])]}, exp)
    assert one["ok"] and not two["ok"]


def test_variant_restricts_the_match(tmp_path):
    exp = load_expectations(write(tmp_path, "expected:\n"
                                  "- {id: A, variant: {delivery: poll}, status: skipped, reason: r}\n"))
    results = {"scenarios": [scenario("A", "skipped", variant={"delivery": "poll"}),
                             scenario("A", "skipped", variant={"delivery": "push"})]}
    out = compare(results, exp)
    assert [u["variant"] for u in out["unexpected"]] == [{"delivery": "push"}]


@pytest.mark.parametrize("text, field", [
    ("expected: {}\n", "'expected' must be a list"),
    ("expected:\n- {id: A, status: failed}\n", "reason"),
    ("expected:\n- {id: A, status: oops, reason: r}\n", "status"),
    ("expected:\n- {id: A, status: failed, reason: r, colour: red}\n", "unknown field"),
])
def test_bad_files_name_the_field(tmp_path, text, field):
    with pytest.raises(ExpectationsError, match=field):
        load_expectations(write(tmp_path, text))


def test_a_skip_the_profile_declares_needs_no_entry_but_an_other_skip_does():
    declared = {**scenario("A", "skipped"), "not_declared": "api:kolide"}
    other = scenario("B", "skipped")   # e.g. a driver skip: min_verification_interval too long
    out = compare({"scenarios": [declared, other]}, [])
    assert [u["id"] for u in out["unexpected"]] == ["B"]
