"""The Software Statement Assertion: its claims and its signature.

Claim names are the published SSA claim set of the directory family the seed describes
(schemas/ssa/software-statement-assertion.json says how each was matched to the seed's
assertion page); every claim issued here is held to that schema by the tests. The JWT is
signed by the directory's current key (PS256 by default) with `typ: JWT` and the key's kid,
and must stay within the page's 4,000 characters.
"""
from __future__ import annotations

import uuid

from jwcrypto.common import base64url_encode, json_encode

from harness.jose import sign_set
from harness.reference.directory.config import DirectoryConfig
from harness.reference.directory.keys import DirectoryKeys
from harness.reference.directory.store import OrganisationRecord, StatementRecord

_ON_BEHALF_MAX = 40  # the assertion page's limit; the create call allows 255
# SSA claim <- stored software statement member, issued when the member is present.
_OPTIONAL = {
    "software_client_name": "ClientName",
    "software_client_description": "Description",
    "software_client_uri": "ClientUri",
    "software_policy_uri": "PolicyUri",
    "software_tos_uri": "TermsOfServiceUri",
    "software_logo_uri": "LogoUri",
    "software_environment": "Environment",
    "software_version": "SoftwareVersion",
}


def keystore_path(organisation_id: str, software_statement_id: str | None = None) -> str:
    owner = organisation_id if software_statement_id is None else \
        f"{organisation_id}/{software_statement_id}"
    return f"/keystore/{owner}/application.jwks"


def ssa_claims(org: OrganisationRecord, record: StatementRecord, config: DirectoryConfig,
               now: float) -> dict:
    statement, oid, sid = record.statement, org.organisation_id, record.software_statement_id
    claims = {
        "iss": config.issuer,
        "iat": int(now),
        "exp": int(now + config.ssa_lifetime_seconds),
        "software_id": sid,
        "software_client_id": statement["ClientId"],
        "software_mode": statement["Mode"],
        # 'redirect_uris uri must be provided. For client_credentials this should be an empty
        # array.'
        "software_redirect_uris": list(statement.get("RedirectUri", [])),
        "software_statement_roles": [
            {"role": r["Role"], "authorisation_domain": r["AuthorisationDomain"],
             "status": r["Status"]} for r in record.roles],
        "software_roles": [r["Role"] for r in record.roles if r["Status"] == "Active"],
        "software_jwks_uri": config.url(keystore_path(oid, sid)),
        "org_jwks_uri": config.url(keystore_path(oid)),
        "org_id": oid,
        "org_name": org.name,
        "org_status": org.status,
        "organisation_competent_authority_claims": list(org.authority_claims),
    }
    for claim, member in _OPTIONAL.items():
        if member in statement:
            claims[claim] = statement[member]
    on_behalf = statement.get("OnBehalfOf")
    # A reference longer than the SSA allows is left out rather than cut into another name.
    if on_behalf and len(on_behalf) <= _ON_BEHALF_MAX:
        claims["software_on_behalf_of_org"] = on_behalf
    return claims


def sign_ssa(claims: dict, keys: DirectoryKeys, config: DirectoryConfig) -> str:
    claims = dict(claims)
    if config.fault("ssa-no-iss"):
        claims.pop("iss", None)
    if config.fault("ssa-expired"):
        claims["exp"] = claims["iat"] - 60
    if config.fault("ssa-wrong-software-id"):
        claims["software_id"] = str(uuid.uuid4())
    if config.fault("ssa-too-long"):
        claims["software_padding"] = "x" * config.ssa_max_length
    if config.fault("ssa-unsigned"):
        header = {"alg": "none", "typ": "JWT"}
        return f"{base64url_encode(json_encode(header))}.{base64url_encode(json_encode(claims))}."
    if config.fault("ssa-bad-signature"):
        return sign_set(claims, keys.rogue_key(), header={"typ": "JWT"})
    return signed(claims, keys)


def signed(claims: dict, keys: DirectoryKeys) -> str:
    """The SSA as the directory means to issue it: `typ: JWT`, its current key and kid."""
    return sign_set(claims, keys.current, header={"typ": "JWT"})
