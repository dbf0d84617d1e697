"""Subject identifiers (RFC 9493 + SSF §3): structural validation and canonical keys.

Validation is lenient where the texts let it be: extra members are ignored (SSF §4.2.3, catalog
N10) and proprietary formats pass (SSF §3.4), but a known format missing a required member is
an invalid SET.
"""
from __future__ import annotations

import json

from harness.ssf.constants import COMPLEX_FORMAT

# Required members of each known simple format (values must be non-empty strings unless noted).
REQUIRED_MEMBERS: dict[str, tuple[str, ...]] = {
    "account": ("uri",), "email": ("email",), "iss_sub": ("iss", "sub"), "opaque": ("id",),
    "phone_number": ("phone_number",), "did": ("url",), "uri": ("uri",),
    "jwt_id": ("iss", "jti"), "saml_assertion_id": ("issuer", "assertion_id"),
}
LIST_FORMATS = {"aliases": "identifiers", "ip-addresses": "ip-addresses"}
KNOWN_FORMATS = frozenset(REQUIRED_MEMBERS) | frozenset(LIST_FORMATS) | {COMPLEX_FORMAT}


def subject_problem(subject, allow_complex: bool = True, in_aliases: bool = False) -> str | None:
    """Why `subject` is not a valid Subject Identifier, or None when it is."""
    if not isinstance(subject, dict):
        return "subject identifier must be a JSON object"
    fmt = subject.get("format")
    if not isinstance(fmt, str) or not fmt:
        return "subject identifier has no string 'format'"
    if fmt == COMPLEX_FORMAT:
        if not allow_complex:
            return "a complex subject cannot be nested"
        members = {k: v for k, v in subject.items() if k != "format"}
        if not members:
            return "complex subject has no members"
        for name, member in members.items():
            problem = subject_problem(member, allow_complex=False)
            if problem:
                return f"complex subject member {name!r}: {problem}"
        return None
    if fmt == "aliases":
        if in_aliases:
            return "aliases must not be nested"
        ids = subject.get("identifiers")
        if not isinstance(ids, list) or not ids:
            return "aliases needs a non-empty 'identifiers' array"
        for item in ids:
            problem = subject_problem(item, allow_complex=False, in_aliases=True)
            if problem:
                return f"alias: {problem}"
        return None
    if fmt == "ip-addresses":
        ips = subject.get("ip-addresses")
        if not isinstance(ips, list) or not ips or not all(isinstance(i, str) for i in ips):
            return "ip-addresses needs a non-empty array of strings"
        return None
    for member in REQUIRED_MEMBERS.get(fmt, ()):
        value = subject.get(member)
        if not isinstance(value, str) or not value:
            return f"{fmt} subject needs a non-empty string {member!r}"
    return None


def canonical_email(value: str) -> str:
    # SUBID-04: the receiver applies its own canonicalisation; ours is case-folding.
    return value.strip().lower()


def subject_key(subject: dict) -> str:
    """A stable key for per-subject security state."""
    fmt = subject.get("format")
    if fmt == "email" and isinstance(subject.get("email"), str):
        return "email:" + canonical_email(subject["email"])
    if fmt == "phone_number":
        return f"phone_number:{subject.get('phone_number')}"
    if fmt == "iss_sub":
        return f"iss_sub:{subject.get('iss')}|{subject.get('sub')}"
    if fmt == "opaque":
        return f"opaque:{subject.get('id')}"
    return "json:" + json.dumps(subject, sort_keys=True, separators=(",", ":"))


def identifier_value(subject) -> str | None:
    """The single string a simple identifier names (for device/session matching)."""
    if not isinstance(subject, dict):
        return None
    for member in ("id", "uri", "url", "email", "phone_number", "sub"):
        value = subject.get(member)
        if isinstance(value, str) and value:
            return value
    return None


def critical_member_problem(subject: dict, critical: list[str]) -> str | None:
    """SSF §3.6: a critical complex-subject member we cannot process means discard the event."""
    if subject.get("format") != COMPLEX_FORMAT:
        return None
    for name in critical:
        member = subject.get(name)
        if isinstance(member, dict) and member.get("format") not in KNOWN_FORMATS:
            return (f"critical subject member {name!r} has unsupported format "
                    f"{member.get('format')!r}")
    return None
