"""Normalising the catalog's Level column to MUST | SHOULD | MAY | INFO."""
import pytest

from harness.catalog import load_catalog
from harness.catalog.levels import OVERRIDES, normalise_level, strongest


@pytest.mark.parametrize("text, expected", [
    ("MUST", "MUST"), ("MUST NOT", "MUST"), ("MUST†", "MUST"), ("MUST (if present)", "MUST"),
    ("MUST (cond.)", "MUST"), ("MUST (deprecation)", "MUST"),
    ("SHOULD", "SHOULD"), ("SHOULD NOT", "SHOULD"), ("MAY", "MAY"), ("MAY (enum)", "MAY"),
    ("REQUIRED", "MUST"), ("RECOMMENDED", "SHOULD"), ("OPTIONAL", "MAY"),
    # mixed rows take the strongest part
    ("MAY / MUST", "MUST"), ("SHOULD / MUST", "MUST"), ("MAY / SHOULD NOT", "SHOULD"),
    ("MUST / MUST NOT / SHOULD NOT", "MUST"), ("MUST (if present) / SHOULD", "MUST"),
    # lower case has no BCP 14 force: one step weaker
    ("must (lower-case)", "SHOULD"), ("(should, lower-case)", "MAY"),
    # definitional rows default to a testable expectation
    ("def", "MUST"), ("derived", "MUST"), ("def / derived", "MUST"),
])
def test_general_rules(text, expected):
    assert normalise_level("X-01", text) == expected


def test_unknown_keyword_is_refused():
    with pytest.raises(ValueError, match="unrecognised level part"):
        normalise_level("X-01", "MIGHT")


def test_overrides_win_over_the_general_rules():
    assert normalise_level("SET-22", "def") == "INFO"
    assert normalise_level("SSF-SUBS-10", "MAY NOT (i.e. cannot)") == "MUST"


def test_every_override_names_a_catalog_row_with_a_reason():
    catalog = load_catalog()
    for rid, (level, reason) in OVERRIDES.items():
        assert catalog.get(rid).level == level
        assert reason


@pytest.mark.parametrize("rid, level", [
    ("SSF-STREAM-26", "MUST"),     # MUST† (status-code table)
    ("SSF-DISC-13", "MUST"),       # MAY / MUST
    ("SSF-VERIFY-08", "SHOULD"),   # MAY / SHOULD NOT
    ("POLL-14", "SHOULD"),         # must (lower-case)
    ("RISC-COMPAT-02", "MAY"),     # (should, lower-case)
    ("SSF-DISC-18", "MUST"),       # def with a testable expectation
    ("INTEROP-VER-01", "INFO"),    # def, nothing to test
    ("SSF-MGMT-04", "MAY"),
])
def test_catalog_rows(rid, level):
    assert load_catalog().get(rid).level == level


def test_strongest():
    assert strongest(["MAY", "INFO", "SHOULD"]) == "SHOULD"
    assert strongest(["MAY", "MUST"]) == "MUST"
