"""The corpus makes every constraint of every schema fail at least once.

A constraint that no invalid sample reaches is untested: either the corpus misses a sample or
the constraint can never fire (dead schema). Both are reported with their locations.
"""
from harness.schemas import BASE_URI, uri_for, validate
from harness.schemas.engines import default_engine
from tests.schemas.conftest import store_for
from tests.schemas.constraints import constraints_of, location_of
from tests.schemas.corpus import load_corpus


def test_every_constraint_is_exercised_by_an_invalid_sample():
    store = store_for(default_engine())
    wanted = set()
    for name in store.names():
        wanted |= constraints_of(uri_for(name), store.document(name))
    hit = set()
    for case in load_corpus():
        if not case.valid:
            hit |= {location_of(e) for e in validate(case.schema, case.instance, store)}
    missing = sorted(loc.replace(BASE_URI, "") for loc in wanted - hit)
    assert not missing, (f"{len(missing)} constraints never fail in the corpus:\n"
                         + "\n".join(missing))


def test_every_schema_has_a_valid_sample():
    store = store_for(default_engine())
    covered = {case.schema for case in load_corpus() if case.valid}
    # Building blocks and SHOULD-level add-ons are not documents of their own.
    exempt = {"common/defs", "events/caep-common", "events/risc-common"}
    missing = [n for n in store.names() if n not in covered and n not in exempt]
    assert not missing, missing
