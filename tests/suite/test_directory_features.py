"""features/directory/create.feature follows the schema corpus: its DR-CREATE-02 rows are the
invalid create-request cases of tests/schemas/corpus/directory.yaml, one row per case, so every
documented constraint is broken once against the directory under test (and a new corpus case
needs its row)."""
from __future__ import annotations

import json

import yaml
from gherkin.parser import Parser

from harness.catalog.paths import FEATURES_DIR
from harness.schemas import validate
from harness.suite.directory_driver import ABSENT, FULL_STATEMENT, broken_body
from tests.schemas.corpus import CORPUS_DIR

CREATE_REQUEST = "directory/create-software-statement-request"


def _corpus_cases() -> dict[str, tuple[str, str]]:
    doc = yaml.safe_load((CORPUS_DIR / "directory.yaml").read_text())
    cases = {}
    for case in doc["invalid"]:
        if case.get("schema", doc["schema"]) != CREATE_REQUEST or "" in case.get("set", {}):
            continue  # other documents; a body that is not an object has no member to name
        if case.get("set"):
            (pointer, value), = case["set"].items()
            cases[case["name"]] = (pointer, json.dumps(value))
        else:
            (pointer,), = [case["remove"]]
            cases[case["name"]] = (pointer, ABSENT)
    return cases


def _feature_rows() -> dict[str, tuple[str, str]]:
    document = Parser().parse((FEATURES_DIR / "directory" / "create.feature").read_text())
    outline = next(c["scenario"] for c in document["feature"]["children"] if "scenario" in c
                   and any(t["name"] == "@id:DR-CREATE-02" for t in c["scenario"]["tags"]))
    table = outline["examples"][0]
    names = [cell["value"] for cell in table["tableHeader"]["cells"]]
    rows = [dict(zip(names, (c["value"] for c in row["cells"]))) for row in table["tableBody"]]
    return {row["case"]: (row["member"], row["value"]) for row in rows}


def test_every_invalid_create_case_of_the_corpus_is_a_row():
    assert _feature_rows() == _corpus_cases()


def test_each_row_breaks_exactly_its_member_and_the_base_is_valid():
    assert validate(CREATE_REQUEST, FULL_STATEMENT) == []
    for name, (member, value) in _feature_rows().items():
        errors = validate(CREATE_REQUEST, broken_body(member, value))
        assert errors and {e.pointer for e in errors} == {member}, name
