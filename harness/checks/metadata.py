"""Checks on transmitter configuration metadata (SSF section 7)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from harness.checks.base import NOT_JSON, Outcome, Response, check, fail, json_body, ok
from harness.ssf.constants import DELIVERY_METHODS, WELL_KNOWN_SSF

OPTIONAL_ENDPOINTS = ("configuration_endpoint", "status_endpoint", "add_subject_endpoint",
                      "remove_subject_endpoint", "verification_endpoint")


def _is_https_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc)


@check("SSF-DISC-01", "SSF-DISC-02", "SSF-DISC-04")
def check_metadata_served(resp: Response) -> Outcome:
    """SSF §7.2 (SSF-DISC-01): the metadata is published at the well-known URL, which §7.2.1
    builds by inserting the well-known segment between the issuer's host and path
    (SSF-DISC-02); §7.2.3 (SSF-DISC-04): "A successful response MUST use the 200 OK HTTP
    status code and return a JSON object"."""
    if resp.status != 200:
        return fail("discovery request did not return 200", 200, resp.status, resp.evidence,
                    only=("SSF-DISC-01", "SSF-DISC-02"))
    body = json_body(resp)
    if not isinstance(body, dict):
        return fail("metadata body is not a JSON object", "JSON object",
                    "not JSON" if body is NOT_JSON else type(body).__name__, resp.evidence,
                    only="SSF-DISC-04")
    return ok(evidence=resp.evidence)


@check("SSF-DISC-18")
def check_unknown_issuer_metadata_error(resp: Response) -> Outcome:
    """SSF §7.2.3: "An error response uses the applicable HTTP status code value." `resp`
    answers the well-known URL of an issuer path this transmitter does not have: no
    configuration exists there, so the applicable answer is a client error (typically 404),
    not 200 with some configuration, and not a server error."""
    if 400 <= resp.status < 500:
        return ok(evidence=resp.evidence)
    return fail("the well-known URL of an unknown issuer answers a 4xx error", "4xx (404)",
                resp.status, resp.evidence)


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


# SSF §7.2.1 and, for existing RISC transmitters, the §7.2.2 location.
_WELL_KNOWN_PREFIXES = (WELL_KNOWN_SSF, "/.well-known/risc-configuration")


def well_known_url(issuer: str, prefix: str = WELL_KNOWN_SSF) -> str:
    """SSF §7.2.1: the issuer's host, then the well-known segment, then the issuer's path
    without a terminating "/"."""
    parts = urlsplit(issuer)
    path = prefix + parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def issuer_from_well_known(metadata_url: str | None) -> tuple[str, str] | None:
    """(issuer, well-known prefix) a well-known metadata URL was built from, or None when the URL
    is not at a well-known location (a profile may give any metadata_url)."""
    parts = urlsplit(metadata_url or "")
    for prefix in _WELL_KNOWN_PREFIXES:
        if parts.path == prefix or parts.path.startswith(prefix + "/"):
            path = parts.path[len(prefix):]
            return urlunsplit((parts.scheme, parts.netloc, path, "", "")), prefix
    return None


@check("SSF-DISC-06")
def check_issuer_matches_configured(metadata: dict, configured_issuer: str | None,
                                    metadata_url: str | None = None) -> Outcome:
    """SSF §7.2.4: 'The "issuer" value returned MUST be identical to the Issuer URL that was
    directly used to retrieve the configuration information.' With a configured issuer that is
    string equality. A profile that gives only `metadata_url` names no issuer: when that URL is
    a well-known URL (§7.2.1, or the RISC location of §7.2.2) the issuer must be one it is built
    from; any other location says nothing about the issuer, so nothing is compared."""
    issuer = metadata.get("issuer")
    if configured_issuer:
        if issuer != configured_issuer:
            return fail("metadata issuer differs from the issuer used for discovery",
                        configured_issuer, issuer)
        return ok()
    derived = issuer_from_well_known(metadata_url)
    if derived is None:
        return ok("no issuer configured and the metadata URL is not a well-known URL: "
                  "nothing to compare")
    expected, prefix = derived
    if not isinstance(issuer, str) or (well_known_url(issuer, prefix)
                                       != well_known_url(expected, prefix)):
        return fail("metadata issuer is not the issuer the well-known metadata URL was built "
                    "from (SSF §7.2.1)", expected, issuer)
    return ok()


_VERSION = re.compile(r"^(\d+)_(\d+)(?:-ID(\d+))?$")


def _version_key(value: object) -> tuple[int, int, float] | None:
    """"1_0" → (1, 0, inf); "1_0-ID2" (a draft, before the final) → (1, 0, 2)."""
    match = _VERSION.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    draft = float(match.group(3)) if match.group(3) else float("inf")
    return int(match.group(1)), int(match.group(2)), draft


@check("SSF-DISC-08", "INTEROP-TX-01", per_call=True)
def check_spec_version(metadata: dict) -> Outcome:
    """SSF §7.1 (SSF-DISC-08, MAY): `spec_version` is OPTIONAL; absent means "1_0-ID1", and a
    final 1.0 transmitter states "1_0". CAEP interop §2.3.1 (INTEROP-TX-01, MUST): present,
    "1_0" or later. Either way: a version in the underscore format, 1_0 or later."""
    version = metadata.get("spec_version")
    key = _version_key(version)
    if key is None or key < (1, 0, float("inf")):
        return fail('spec_version states SSF "1_0" (or later)', "1_0",
                    version if "spec_version" in metadata else "absent (taken as 1_0-ID1)")
    return ok()


@check("SSF-DISC-09", "INTEROP-TX-03", per_call=True)
def check_jwks_uri_present(metadata: dict) -> Outcome:
    """SSF §7.1 (SSF-DISC-09): jwks_uri "MUST be specified if the Transmitter intends to
    generate signed JWTs" and uses https; CAEP interop §2.3.3 (INTEROP-TX-03) requires it."""
    if not _is_https_url(metadata.get("jwks_uri")):
        return fail("jwks_uri must be present as an https URL (SETs are signed)",
                    "https URL", metadata.get("jwks_uri"))
    return ok()


@check("SSF-DISC-09")
def check_jwks_document(resp: Response) -> Outcome:
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict) or not isinstance(body.get("keys"), list):
        return fail("jwks_uri must serve a JWK Set", "200 with {keys: [...]}",
                    f"{resp.status} {resp.text[:120]!r}", resp.evidence)
    if not body["keys"]:
        return fail("JWK Set has no keys", "at least one key", [], resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-DISC-10", "INTEROP-TX-02", per_call=True)
def check_delivery_methods_supported(metadata: dict) -> Outcome:
    """SSF §7.1 (SSF-DISC-10): delivery_methods_supported is RECOMMENDED, a list of delivery
    method URIs; CAEP interop §2.3.2 (INTEROP-TX-02) makes it required."""
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


_INTEROP_ENDPOINTS = {"configuration_endpoint": "INTEROP-TX-04",
                      "status_endpoint": "INTEROP-TX-05",
                      "verification_endpoint": "INTEROP-TX-07"}


@check("INTEROP-TX-04", "INTEROP-TX-05", "INTEROP-TX-07")
def check_interop_endpoints_present(metadata: dict) -> Outcome:
    """CAEP interop §2.3.4-2.3.6: the metadata includes configuration_endpoint (INTEROP-TX-04),
    status_endpoint (-05) and verification_endpoint (-07); a verdict names the missing ones."""
    missing = [k for k in _INTEROP_ENDPOINTS if not metadata.get(k)]
    if missing:
        return fail("the CAEP interop profile requires these endpoints",
                    list(_INTEROP_ENDPOINTS), missing,
                    only=tuple(_INTEROP_ENDPOINTS[k] for k in missing))
    return ok()
