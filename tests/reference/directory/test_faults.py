"""Every directory fault switch has an observable effect (what a directory-role check will
catch); the clean behaviour each one breaks is asserted in the other test modules."""
from __future__ import annotations

import pytest

from harness.jose import SETVerifyError, decode_set, verify_set
from harness.reference.directory import FAULTS
from harness.schemas import validate
from tests.reference.directory.support import INTERACTION_ID, ORG_B

PROBES = {}


def probe(name):
    def register(fn):
        PROBES[name] = fn
        return fn
    return register


def _ssa(d, body=None) -> str:
    return d.assertion(d.create(body or {})["SoftwareStatementId"])


@probe("ssa-wrong-media-type")
def _(d):
    sid = d.create({})["SoftwareStatementId"]
    assert d.assertion_call(sid).headers["content-type"].startswith("text/plain")


@probe("ssa-unsigned")
def _(d):
    token = _ssa(d)
    assert decode_set(token).header["alg"] == "none" and token.endswith(".")
    with pytest.raises(SETVerifyError):
        verify_set(token, d.jwks(), algs=("PS256",))


@probe("ssa-bad-signature")
def _(d):
    token = _ssa(d)
    assert decode_set(token).header["kid"] in {k["kid"] for k in d.jwks()["keys"]}
    with pytest.raises(SETVerifyError):
        verify_set(token, d.jwks(), algs=("PS256",))


@probe("ssa-too-long")
def _(d):
    token = _ssa(d)
    assert len(token) > 4000
    assert [e.keyword for e in validate("ssa/software-statement-assertion-jwt", token)] == \
        ["maxLength"]


@probe("ssa-no-iss")
def _(d):
    errors = validate("ssa", decode_set(_ssa(d)).claims)
    assert [(e.pointer, e.keyword) for e in errors] == [("/iss", "required")]


@probe("ssa-expired")
def _(d):
    claims = decode_set(_ssa(d)).claims
    assert claims["exp"] < claims["iat"] <= d.clock.now


@probe("ssa-wrong-software-id")
def _(d):
    sid = d.create({})["SoftwareStatementId"]
    assert decode_set(d.assertion(sid)).claims["software_id"] != sid


@probe("ssa-software-status-ignored")
def _(d):
    sid = d.create({})["SoftwareStatementId"]
    d.set_statement_status(sid, "Suspended")
    assert d.assertion_call(sid).status_code == 200


@probe("ssa-org-status-ignored")
def _(d):
    sid = d.create({})["SoftwareStatementId"]
    d.set_org_status("Withdrawn")
    resp = d.assertion_call(sid)
    assert resp.status_code == 200 and decode_set(resp.text).claims["org_status"] == "Withdrawn"


@probe("interaction-id-not-echoed")
def _(d):
    resp = d.create_call({}, headers={"x-fapi-interaction-id": INTERACTION_ID})
    assert resp.headers["x-fapi-interaction-id"] != INTERACTION_ID


@probe("interaction-id-missing")
def _(d):
    assert "x-fapi-interaction-id" not in d.create_call({}).headers
    assert "x-fapi-interaction-id" not in d.call("GET", "/nowhere").headers


@probe("auth-date-not-validated")
def _(d):
    assert d.create_call({}, headers={"x-fapi-auth-date": "yesterday"}).status_code == 201


@probe("create-accepts-long-id")
def _(d):
    resp = d.create_call({}, org="a" * 41)
    assert resp.status_code == 403 and not resp.json()["errors"][0].startswith(
        "OrganisationId: must be at most")


@probe("create-accepts-markup")
def _(d):
    resp = d.create_call({"ClientName": "<script>x</script>", "Roles": [
        {"AuthorisationDomain": "SSF", "Role": "<b>"}]})
    assert resp.status_code == 201


@probe("create-accepts-bad-uri")
def _(d):
    body = d.create({"PolicyUri": "javascript:alert(1)", "ApiWebhookUri": ["http://x/y?z"]})
    claims = decode_set(d.assertion(body["SoftwareStatementId"])).claims
    assert [e.pointer for e in validate("ssa", claims)] == ["/software_policy_uri"]


@probe("create-accepts-unknown-enum")
def _(d):
    resp = d.create_call({"Mode": "Prod", "TokenEndpointAuthMethod": "none"})
    assert resp.status_code == 201 and resp.json()["Mode"] == "Prod"


@probe("create-errors-unnamed")
def _(d):
    assert d.create_call({"Mode": "Prod"}).json() == {"errors": ["invalid request"]}


@probe("statement-create-returns-200")
def _(d):
    assert d.create_call({}).status_code == 200


@probe("create-no-operation-warnings")
def _(d):
    body = d.create_call({"LogoUri": "data:image/png;base64,iVBORw0KGgo="}).json()
    assert "OperationWarnings" not in body


@probe("auth-not-required")
def _(d):
    assert d.create_call({}, token=None).status_code == 201


@probe("cross-organisation-allowed")
def _(d):
    assert d.create_call({}, org=ORG_B).status_code == 201


@probe("rate-limit-ignored")
def _(d):
    assert [d.create_call({}).status_code for _ in range(3)] == [201, 201, 201]


@probe("create-body-wrong-types")
def _(d):
    body = d.create_call({}).json()
    assert body["Locked"] == "false" and body["RtsClientCreated"] == "false"


_NEEDS_RATE_LIMIT = {"rate-limit-ignored"}


def test_every_fault_has_a_probe():
    assert set(PROBES) == set(FAULTS)
    assert all(f.role == "directory" for f in FAULTS.values())


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_has_its_observable_effect(make_dir, name):
    extra = {"rate_limit_requests": 1} if name in _NEEDS_RATE_LIMIT else {}
    PROBES[name](make_dir(faults={name}, **extra))
