"""Every documented constraint, end to end: the schema corpus's create-request samples sent to
the directory. Valid samples get 201; each invalid one gets 400 whose errors name every field
the schema names (so the directory and the suite, reading the same schema, cannot disagree)."""
from __future__ import annotations

import pytest

from harness.schemas import validate
from tests.reference.directory.support import AUTH_DATE, ORG_A
from tests.schemas.corpus import load_corpus

SCHEMA = "directory/create-software-statement-request"
CASES = [c for c in load_corpus() if c.schema == SCHEMA]
VALID = [c for c in CASES if c.valid]
INVALID = [c for c in CASES if not c.valid]


def _field(pointer: str) -> str:
    return pointer.lstrip("/") or "body"


def test_the_corpus_covers_the_request():
    assert len(VALID) >= 3 and len(INVALID) >= 70


@pytest.mark.parametrize("case", VALID, ids=lambda c: c.name)
def test_valid_sample_is_created(shared_dir, case):
    resp = shared_dir.create_call(case.instance)
    assert resp.status_code == 201, resp.text


@pytest.mark.parametrize("case", INVALID, ids=lambda c: c.name)
def test_invalid_sample_is_400_naming_each_bad_field(shared_dir, case):
    resp = shared_dir.create_call(case.instance)
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert validate("directory/errors", body) == []
    named = {line.split(":", 1)[0] for line in body["errors"]}
    assert named == {_field(pointer) for pointer, _, _ in case.errors}


def test_several_bad_fields_are_all_named(shared_dir):
    resp = shared_dir.create_call({"ClientName": "<b>", "Mode": "Prod", "RedirectUri": ["ftp://x"],
                                   "Roles": [{"Role": ""}]})
    assert resp.status_code == 400
    named = {line.split(":", 1)[0] for line in resp.json()["errors"]}
    assert named == {"ClientName", "Mode", "RedirectUri/0", "Roles/0/AuthorisationDomain",
                     "Roles/0/Role"}


def test_messages_never_repeat_the_value(shared_dir):
    secret = "<s3cr3t-value-do-not-echo>"
    resp = shared_dir.create_call({"Description": secret, "Environment": secret})
    assert resp.status_code == 400 and secret not in resp.text


@pytest.mark.parametrize("org, rule", [
    ("a" * 41, "OrganisationId: must be at most 40"),
    ("%3Corg%3E", "OrganisationId: must match the pattern ^[^<>]*$"),
])
def test_bad_organisation_id_in_the_path_is_400(shared_dir, org, rule):
    resp = shared_dir.create_call({}, org=org)
    assert resp.status_code == 400 and any(line.startswith(rule) for line in resp.json()["errors"])


def test_an_id_of_exactly_40_characters_passes_validation(shared_dir):
    # Valid but not this token's organisation: past the 400 gate, stopped by the 403 one.
    assert shared_dir.create_call({}, org="a" * 40).status_code == 403


@pytest.mark.parametrize("value", ["2017-09-10T19:43:31Z", "Sun, 10 Sep 2017 19:43:31 PST",
                                   "sun, 10 Sep 2017 19:43:31 UTC", "Sun, 1 Sep 2017 19:43:31 UTC"])
def test_malformed_auth_date_is_400_on_create(shared_dir, value):
    resp = shared_dir.create_call({}, headers={"x-fapi-auth-date": value})
    assert resp.status_code == 400
    assert resp.json()["errors"][0].startswith("x-fapi-auth-date: must match the pattern")


@pytest.mark.parametrize("value", [AUTH_DATE, "Mon, 01 Jan 2024 00:00:00 GMT"])
def test_documented_auth_dates_are_accepted(shared_dir, value):
    resp = shared_dir.create_call({}, headers={"x-fapi-auth-date": value,
                                               "x-fapi-customer-ip-address": "10.1.2.3",
                                               "x-customer-user-agent": "curl/8"})
    assert resp.status_code == 201


def test_auth_date_sent_twice_is_400(shared_dir):
    resp = shared_dir.call("POST", f"/organisations/{ORG_A}/softwarestatements", json={},
                           headers=[("x-fapi-auth-date", AUTH_DATE),
                                    ("x-fapi-auth-date", AUTH_DATE)])
    assert resp.status_code == 400
