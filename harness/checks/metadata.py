"""Checks on transmitter configuration metadata (SSF section 7)."""
from __future__ import annotations

from urllib.parse import urlsplit

from harness.checks.base import NOT_JSON, Outcome, Response, check, fail, json_body, ok
from harness.ssf.constants import DELIVERY_METHODS

OPTIONAL_ENDPOINTS = ("configuration_endpoint", "status_endpoint", "add_subject_endpoint",
                      "remove_subject_endpoint", "verification_endpoint")


def _is_https_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc)


@check("SSF-DISC-01", "SSF-DISC-04")
def check_metadata_served(resp: Response) -> Outcome:
    """The well-known configuration answers 200 with a JSON object."""
    if resp.status != 200:
        return fail("discovery request did not return 200", 200, resp.status, resp.evidence)
    body = json_body(resp)
    if not isinstance(body, dict):
        return fail("metadata body is not a JSON object", "JSON object",
                    "not JSON" if body is NOT_JSON else type(body).__name__, resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-DISC-04")
def check_metadata_media_type(resp: Response) -> Outcome:
    if resp.media_type != "application/json":
        return fail("metadata Content-Type is not application/json", "application/json",
                    resp.header("content-type"), resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-DISC-05")
def check_issuer_is_https_without_query(metadata: dict) -> Outcome:
    issuer = metadata.get("issuer")
    if not isinstance(issuer, str):
        return fail("issuer missing or not a string", "https URL", issuer)
    parts = urlsplit(issuer)
    if parts.scheme != "https" or parts.query or parts.fragment:
        return fail("issuer must be https with no query or fragment", "https://host[/path]", issuer)
    return ok()


@check("SSF-DISC-06")
def check_issuer_matches_configured(metadata: dict, configured_issuer: str) -> Outcome:
    issuer = metadata.get("issuer")
    if issuer != configured_issuer:
        return fail("metadata issuer differs from the issuer used for discovery",
                    configured_issuer, issuer)
    return ok()


@check("SSF-DISC-08", "INTEROP-TX-01")
def check_spec_version(metadata: dict) -> Outcome:
    version = metadata.get("spec_version")
    if version != "1_0":
        return fail('spec_version must be "1_0" for SSF 1.0 Final', "1_0", version)
    return ok()


@check("SSF-DISC-09", "INTEROP-TX-03")
def check_jwks_uri_present(metadata: dict) -> Outcome:
    if not _is_https_url(metadata.get("jwks_uri")):
        return fail("jwks_uri must be present as an https URL (SETs are signed)",
                    "https URL", metadata.get("jwks_uri"))
    return ok()


@check("SSF-DISC-09", "INTEROP-TX-03")
def check_jwks_document(resp: Response) -> Outcome:
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict) or not isinstance(body.get("keys"), list):
        return fail("jwks_uri must serve a JWK Set", "200 with {keys: [...]}",
                    f"{resp.status} {resp.text[:120]!r}", resp.evidence)
    if not body["keys"]:
        return fail("JWK Set has no keys", "at least one key", [], resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-DISC-10", "INTEROP-TX-02")
def check_delivery_methods_supported(metadata: dict) -> Outcome:
    methods = metadata.get("delivery_methods_supported")
    if not isinstance(methods, list) or not methods:
        return fail("delivery_methods_supported should be a non-empty array",
                    list(DELIVERY_METHODS), methods)
    if not all(isinstance(m, str) for m in methods):
        return fail("delivery_methods_supported must hold URI strings", "strings", methods)
    return ok()


@check("SSF-DISC-11")
def check_endpoints_are_https(metadata: dict) -> Outcome:
    bad = {k: metadata[k] for k in OPTIONAL_ENDPOINTS if k in metadata
           and not _is_https_url(metadata[k])}
    if bad:
        return fail("endpoints present in the metadata must be https URLs", "https URLs", bad)
    return ok()


@check("SSF-DISC-13")
def check_authorization_schemes_shape(metadata: dict) -> Outcome:
    schemes = metadata.get("authorization_schemes")
    if schemes is None:
        return ok("authorization_schemes absent (optional)")
    if not isinstance(schemes, list) or not all(
            isinstance(s, dict) and isinstance(s.get("spec_urn"), str)
            and s["spec_urn"].startswith("urn:") for s in schemes):
        return fail("each authorization scheme is an object with a spec_urn URN",
                    '[{"spec_urn": "urn:…"}]', schemes)
    return ok()


@check("INTEROP-TX-08")
def check_authorization_schemes_include_oauth(metadata: dict) -> Outcome:
    urns = [s.get("spec_urn") for s in metadata.get("authorization_schemes") or []
            if isinstance(s, dict)]
    if "urn:ietf:rfc:6749" not in urns:
        return fail("authorization_schemes must include OAuth 2.0", "urn:ietf:rfc:6749", urns)
    return ok()


@check("SSF-DISC-15")
def check_default_subjects_value(metadata: dict) -> Outcome:
    if "default_subjects" in metadata and metadata["default_subjects"] not in ("ALL", "NONE"):
        return fail('default_subjects is "ALL" or "NONE"', ["ALL", "NONE"],
                    metadata["default_subjects"])
    return ok()


@check("SSF-DISC-16")
def check_no_empty_arrays(metadata: dict) -> Outcome:
    empty = sorted(k for k, v in metadata.items() if v == [])
    if empty:
        return fail("a multi-valued claim with no elements is omitted, not sent as []",
                    "no [] members", empty)
    return ok()


@check("INTEROP-TX-04", "INTEROP-TX-05", "INTEROP-TX-07")
def check_interop_endpoints_present(metadata: dict) -> Outcome:
    needed = ("configuration_endpoint", "status_endpoint", "verification_endpoint")
    missing = [k for k in needed if not metadata.get(k)]
    if missing:
        return fail("the CAEP interop profile requires these endpoints", list(needed), missing)
    return ok()
