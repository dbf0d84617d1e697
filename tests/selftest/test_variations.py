"""Issue 10: the suite does not fail conformant behaviour. Every legal variation of the
reference (harness/reference/*/variations.py) is switched on in its own run of the whole role's
suite (a batch worker's fresh pytest session with the CLI's arguments, tests/selftest/
conftest.py), with the profile the variation declares, and the run must be green: passed, or
skipped because the variation declares less. The outcomes are gathered into
reports/selftest/variations.{json,md} by tests/conftest.py.
"""
import json

import pytest

from harness.reference.variations import merge_profile, parse_variations, registry
from harness.selftest.variation_runs import judge_variation

VARIATIONS = registry()


def test_every_variation_cites_the_sentence_that_allows_it():
    for variation in VARIATIONS.values():
        assert variation.role in ("transmitter", "receiver"), variation.name
        assert variation.description and len(variation.citation) > 30, variation.name
        assert any(doc in variation.citation for doc in ("SSF", "RFC", "CAEP", "RISC")), \
            f"{variation.name}: cite the spec and section"


def test_unknown_variation_names_are_an_error():
    with pytest.raises(ValueError, match="unknown variation"):
        parse_variations(["no-such-variation"])


def test_profile_patch_merges_deeply_and_replaces_lists():
    doc = {"transmitter": {"capabilities": {"delivery_methods": ["push", "poll"],
                                            "events": ["*"]}}, "variant": {"profile": "x"}}
    out = merge_profile(doc, {"transmitter": {"capabilities": {"delivery_methods": ["poll"]}},
                              "variant": None})
    assert out == {"transmitter": {"capabilities": {"delivery_methods": ["poll"],
                                                    "events": ["*"]}}}
    assert doc["variant"] == {"profile": "x"}, "the original document is left alone"


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.selftest_run(f"variation:{n}")) for n in sorted(VARIATIONS)])
def test_variation_is_green(name, selftest_run, record_property):
    assert selftest_run.role == VARIATIONS[name].role
    outcome = judge_variation(VARIATIONS[name], selftest_run)
    record_property("ssf_variation", json.dumps(outcome.__dict__ | {"green": outcome.green},
                                                default=str))
    assert outcome.green, json.dumps(outcome.problems, indent=1, default=str)[:4000]
