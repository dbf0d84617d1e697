"""The schema set itself: well-formed, offline, consistent with the event registry and catalog."""
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from harness.schemas import (
    BASE_URI, SchemaLoadError, SchemaStore, UnknownSchemaError, default_store, event_schema_name,
    is_valid, schema_names, uri_for, validate,
)
from harness.schemas.engines import available_engines, default_engine
from harness.ssf.events import ALL_EVENTS
from tests.schemas.conftest import store_for
from tests.schemas.corpus import load_corpus

CATALOG = Path(__file__).resolve().parents[3] / "shared" / "requirements-catalog.md"


def _annotations(node, key):
    if isinstance(node, dict):
        if key in node:
            yield node[key]
        for value in node.values():
            yield from _annotations(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _annotations(value, key)


def test_every_schema_is_valid_2020_12_with_a_stable_id():
    store = default_store()
    assert len(store.names()) >= 80
    for name in store.names():
        document = store.document(name)
        Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        assert document["$id"] == f"{BASE_URI}{name}.json"
        assert document.get("title"), name
        assert "x-requirements" in document, name


def test_every_requirement_id_exists_in_the_catalog():
    if not CATALOG.exists():
        pytest.skip(f"{CATALOG} not present")
    row_id = r"^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+)(?: \(\*\))? \|"  # "JOSE-01 (*)" too
    known = set(re.findall(row_id, CATALOG.read_text(), re.MULTILINE))
    assert len(known) > 300
    used = {rid for name in schema_names() for ids in
            _annotations(default_store().document(name), "x-requirements") for rid in ids}
    assert used - known == set()
    assert len(used) > 150


def test_vendor_and_directory_schemas_name_their_source_document():
    for name in schema_names():
        if name.startswith(("vendors/", "ssa/", "directory/")) or name == "ssa":
            assert default_store().document(name)["x-source"].startswith("seeds/"), name


def test_each_event_type_has_its_schema_and_claims_route_its_uri_to_it():
    claims = default_store().document("set/claims")["properties"]["events"]["properties"]
    for event in ALL_EVENTS:
        assert event_schema_name(event.uri) == event.schema_name
        document = default_store().document(event.schema_name)
        assert document["x-event-uri"] == event.uri
        assert claims[event.uri] == {"$ref": f"../{event.schema_name}.json"}
        # Required members agree with the registry, and its example payload validates.
        assert set(document.get("required", [])) == set(event.required), event.action
        assert validate(event.schema_name, event.example) == []
    assert len(claims) == len(ALL_EVENTS) == 24
    assert event_schema_name("urn:example:unknown") is None


def test_unknown_schema_name_raises():
    with pytest.raises(UnknownSchemaError, match="nope/nothing"):
        validate("nope/nothing", {})
    with pytest.raises(UnknownSchemaError):
        is_valid("nope/nothing", {})


def _write(root: Path, name: str, document: dict) -> None:
    path = root / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))


def test_a_mismatched_id_is_refused(tmp_path):
    _write(tmp_path, "a/b", {"$id": uri_for("a/other"), "type": "object"})
    with pytest.raises(SchemaLoadError, match=r"\$id must be"):
        SchemaStore(tmp_path, engine="python")


def test_a_file_that_is_not_json_is_refused(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(SchemaLoadError, match="broken.json"):
        SchemaStore(tmp_path, engine="python")


@pytest.mark.parametrize("ref", ["https://example.com/remote.json", "missing.json", "#/$defs/x"])
def test_an_unresolvable_ref_fails_at_load_without_network(tmp_path, ref):
    _write(tmp_path, "x", {"$id": uri_for("x"), "properties": {"a": {"$ref": ref}}})
    with pytest.raises(SchemaLoadError, match="cannot resolve"):
        SchemaStore(tmp_path, engine="python")


@pytest.mark.parametrize("engine", available_engines())
def test_a_small_store_works_with_every_engine(tmp_path, engine):
    _write(tmp_path, "base", {"$id": uri_for("base"), "type": "string", "maxLength": 3,
                              "x-requirements": ["SET-05"]})
    _write(tmp_path, "top", {"$id": uri_for("top"), "x-requirements": ["SET-04"],
                             "required": ["iss"], "properties": {"iss": {"$ref": "base.json"}}})
    store = SchemaStore(tmp_path, engine=engine)
    assert store.names() == ["base", "top"]
    [error] = validate("top", {"iss": "long"}, store)
    assert (error.pointer, error.keyword, error.requirements) == ("/iss", "maxLength", ("SET-05",))
    assert error.schema_path == uri_for("base") + "#/maxLength"
    assert is_valid("top", {"iss": "ok"}, store) and not is_valid("top", {}, store)


def test_engine_can_be_chosen_by_environment(monkeypatch):
    monkeypatch.setenv("SSF_SCHEMA_ENGINE", "python")
    assert default_engine() == "python"
    monkeypatch.setenv("SSF_SCHEMA_ENGINE", "nonexistent")
    with pytest.raises(RuntimeError, match="not available"):
        default_engine()


def test_findings_of_recommended_schemas_are_should_level_and_others_must():
    store = store_for(default_engine())
    for case in load_corpus():
        for error in validate(case.schema, case.instance, store):
            expected = "SHOULD" if case.schema.endswith("-recommended") else "MUST"
            assert error.level == expected, (case.id, error)


def test_messages_never_repeat_the_instance_value():
    secret = "Bearer s3cr3t-t0k3n-value"
    config = {"stream_id": secret, "iss": secret, "aud": 1,
              "delivery": {"method": secret, "endpoint_url": secret, "authorization_header": 7},
              "events_delivered": [secret]}
    errors = validate("ssf/stream-config", config)
    assert len(errors) >= 4
    for error in errors:
        assert "s3cr3t" not in str(error) and "s3cr3t" not in json.dumps(error.to_dict())


def test_required_error_points_at_the_missing_member_and_names_it():
    [error] = validate("ssf/stream-status", {"stream_id": "s"})
    assert error.pointer == "/status" and "'status'" in error.message
    assert error.requirements == ("SSF-STATUS-03", "SSF-STATUS-02", "SSF-STATUS-08")


def test_member_names_with_slash_and_tilde_are_escaped_in_pointers():
    errors = validate("delivery/poll-request", {"setErrs": {"a/b~c": {"err": 1}}})
    assert {e.pointer for e in errors} == {"/setErrs/a~1b~0c/err", "/setErrs/a~1b~0c/description"}
