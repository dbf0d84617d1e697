"""Every corpus sample, through every available engine: valid ones give no error, invalid ones
give exactly the expected (pointer, keyword) pairs, each with its requirement ID."""
import pytest

from harness.schemas import validate
from harness.schemas.engines import available_engines
from tests.schemas.conftest import store_for
from tests.schemas.corpus import load_corpus

CASES = load_corpus()
VALID = [c for c in CASES if c.valid]
INVALID = [c for c in CASES if not c.valid]


@pytest.mark.parametrize("case", VALID, ids=lambda c: c.id)
def test_valid_sample_has_no_error(case, store):
    assert validate(case.schema, case.instance, store) == []


@pytest.mark.parametrize("case", INVALID, ids=lambda c: c.id)
def test_invalid_sample_reports_exact_pointers(case, store):
    errors = validate(case.schema, case.instance, store)
    assert {(e.pointer, e.keyword) for e in errors} == {(p, k) for p, k, _ in case.errors}
    for pointer, keyword, requirement in case.errors:
        if requirement:
            reported = {r for e in errors if (e.pointer, e.keyword) == (pointer, keyword)
                        for r in e.requirements}
            assert requirement in reported, (pointer, keyword, reported)


@pytest.mark.skipif(len(available_engines()) < 2, reason="only one engine installed")
def test_engines_agree_on_every_sample():
    # Messages, requirements and schema locations too, not just the pointers.
    python, rust = store_for("python"), store_for("rust")
    for case in CASES:
        assert validate(case.schema, case.instance, python) == \
            validate(case.schema, case.instance, rust), case.id


def test_corpus_is_not_empty_and_names_are_unique():
    assert len(VALID) >= 80 and len(INVALID) >= 300
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
