"""Hostile and malformed input: always a 4xx with an `errors` body, never a 500 (the fixtures
assert at teardown that nothing reached the last-resort handler)."""
from __future__ import annotations

import json

import pytest

from tests.reference.directory.support import ORG_A, TOKEN_A

JSON = {"Content-Type": "application/json"}
CREATE = f"/organisations/{ORG_A}/softwarestatements"


def _errors(resp, status: int) -> list[str]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert isinstance(body["errors"], list) and all(isinstance(e, str) for e in body["errors"])
    assert "Traceback" not in resp.text
    return body["errors"]


@pytest.mark.parametrize("raw", [
    b"{", b"not json", b"", b"NaN", b'{"ClientName": NaN}', b'{"Mode": Infinity}', b"\xff\xfe",
    b'{"ClientName": "\\ud800"}', b'{"Roles": [{"Role": "\\udfff", "AuthorisationDomain": "x"}]}',
    b'{"ClientName": "a\\u0000b"}', b"[" * 50_000, b'{"a":' * 5000 + b"1" + b"}" * 5000,
])
def test_malformed_bodies_are_400(shared_dir, raw):
    resp = shared_dir.create_call(content=raw, headers=JSON)
    if raw == b'{"ClientName": "a\\u0000b"}':
        assert resp.status_code == 201  # a NUL is Unicode text; the schema allows it
        return
    _errors(resp, 400)


@pytest.mark.parametrize("value", [[], "text", 1, None, True])
def test_non_object_bodies_are_400_naming_the_body(shared_dir, value):
    resp = shared_dir.create_call(content=json.dumps(value).encode(), headers=JSON)
    assert _errors(resp, 400) == ["body: must be of type object, not "
                                                          + {list: "array", str: "string",
                                                             int: "integer", type(None): "null",
                                                             bool: "boolean"}[type(value)]]


def test_nesting_inside_an_open_member_is_bounded(shared_dir):
    deep: object = "x"
    for _ in range(20):
        deep = [deep]
    deep = {"Extra": deep}
    assert "nested deeper" in _errors(shared_dir.create_call(deep), 400)[0]


def test_oversized_bodies_are_413(shared_dir):
    big = b'{"ClientName": "' + b"a" * 70_000 + b'"}'
    _errors(shared_dir.create_call(content=big, headers=JSON), 413)


def test_oversized_streamed_bodies_are_413(shared_dir):
    def chunks():
        yield b'{"Description": "'
        for _ in range(100):
            yield b"a" * 1024
        yield b'"}'
    _errors(shared_dir.create_call(content=chunks(), headers=JSON), 413)


def test_long_strings_are_400_not_500(shared_dir):
    errors = _errors(shared_dir.create_call({"ClientName": "a" * 60_000}), 400)
    assert errors == ["ClientName: must be at most 255 characters long"]


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type_is_415(shared_dir, content_type):
    headers = {"Authorization": f"Bearer {TOKEN_A}"}
    if content_type:
        headers["Content-Type"] = content_type
    _errors(shared_dir.call("POST", CREATE, content=b"{}", headers=headers), 415)


@pytest.mark.parametrize("path", [
    "/organisations/%ED%A0%80/softwarestatements", "/organisations/%00/softwarestatements",
    "/organisations/" + "%F0%9F%98%80" * 20 + "/softwarestatements",
    "/organisations/..%2F..%2Fetc/softwarestatements",
])
def test_odd_organisation_ids_are_4xx(shared_dir, path):
    resp = shared_dir.call("POST", path, json={})
    assert 400 <= resp.status_code < 500 and resp.json()["errors"]


@pytest.mark.parametrize("path", [
    "/organisations/org-a/softwarestatements/%ED%A0%80/assertion",
    "/organisations/org-a/softwarestatements/" + "9" * 41 + "/assertion",
    "/keystore/%00/application.jwks", "/keystore/org-a/%ED%A0%80/application.jwks",
])
def test_odd_paths_on_reads_are_4xx(shared_dir, path):
    resp = shared_dir.call("GET", path)
    assert 400 <= resp.status_code < 500 and resp.json()["errors"]


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_wrong_methods_are_405(shared_dir, method):
    _errors(shared_dir.call(method, CREATE), 405)


def test_hostile_admin_bodies_are_4xx(shared_dir):
    for raw in (b"[", b'{"Status": "\\ud800"}', b'{"keys": "x"}', b'{"keys": [1]}'):
        resp = shared_dir.admin("PUT", f"/organisations/{ORG_A}/jwks", content=raw, headers=JSON)
        assert resp.status_code == 400, raw
        resp = shared_dir.admin("POST", f"/organisations/{ORG_A}/status", content=raw,
                                headers=JSON)
        assert resp.status_code == 400, raw


def test_a_huge_interaction_id_is_replaced_not_echoed(shared_dir):
    resp = shared_dir.create_call({}, headers={"x-fapi-interaction-id": "a" * 8000})
    assert resp.status_code == 201 and len(resp.headers["x-fapi-interaction-id"]) == 36
