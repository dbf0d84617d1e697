"""Subject identifiers: validation (RFC 9493 + SSF §3) and stream subject matching (SSF §8.1.3.1).

Known formats must carry exactly their members (RFC 9493 §3). Unknown formats are accepted as
proprietary formats agreed out of band (SSF §3.4), as long as they have a string `format`.
"""
from __future__ import annotations

import ipaddress
import json
import re
from urllib.parse import urlsplit

from harness.ssf.constants import COMPLEX_FORMAT

_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class SubjectError(ValueError):
    pass


def _nonempty(value) -> bool:
    return isinstance(value, str) and bool(value)


def _check_acct(v) -> bool:
    return _nonempty(v) and v.startswith("acct:")


def _check_did(v) -> bool:
    return _nonempty(v) and v.startswith("did:")


def _check_uri(v) -> bool:
    return _nonempty(v) and bool(urlsplit(v).scheme)


def _check_ips(v) -> bool:
    if not isinstance(v, list) or not v:
        return False
    try:
        return all(isinstance(ip, str) and ipaddress.ip_address(ip) for ip in v)
    except ValueError:
        return False


# format -> {member: check}
SIMPLE_FORMATS: dict[str, dict] = {
    "account": {"uri": _check_acct},
    "email": {"email": lambda v: _nonempty(v) and bool(_EMAIL.match(v))},
    "iss_sub": {"iss": _nonempty, "sub": _nonempty},
    "opaque": {"id": _nonempty},
    "phone_number": {"phone_number": lambda v: _nonempty(v) and bool(_E164.match(v))},
    "did": {"url": _check_did},
    "uri": {"uri": _check_uri},
    "jwt_id": {"iss": _nonempty, "jti": _nonempty},
    "saml_assertion_id": {"issuer": _nonempty, "assertion_id": _nonempty},
    "ip-addresses": {"ip-addresses": _check_ips},
}


def validate_subject(subject, *, where: str = "subject", allow_complex: bool = True,
                     allow_aliases: bool = True) -> dict:
    """Return `subject` if it is a well-formed Subject Identifier, else raise SubjectError."""
    if not isinstance(subject, dict):
        raise SubjectError(f"{where} must be a JSON object")
    fmt = subject.get("format")
    if not _nonempty(fmt):
        raise SubjectError(f"{where} needs a string 'format'")
    if fmt == COMPLEX_FORMAT:
        if not allow_complex:
            raise SubjectError(f"{where}: a complex subject cannot be nested")
        members = {k: v for k, v in subject.items() if k != "format"}
        if not members:
            raise SubjectError(f"{where}: a complex subject needs at least one member")
        for name, value in members.items():
            validate_subject(value, where=f"{where}.{name}", allow_complex=False)
        return subject
    if fmt == "aliases":
        if not allow_aliases:
            raise SubjectError(f"{where}: aliases cannot be nested")
        ids = subject.get("identifiers")
        if set(subject) != {"format", "identifiers"} or not isinstance(ids, list) or not ids:
            raise SubjectError(f"{where}: aliases needs exactly a non-empty 'identifiers' array")
        for i, value in enumerate(ids):
            validate_subject(value, where=f"{where}.identifiers[{i}]", allow_complex=False,
                             allow_aliases=False)
        return subject
    spec = SIMPLE_FORMATS.get(fmt)
    if spec is None:
        return subject  # proprietary format agreed between the parties
    extra = set(subject) - set(spec) - {"format"}
    if extra:
        raise SubjectError(f"{where}: format '{fmt}' does not define member(s) {sorted(extra)}")
    for member, check in spec.items():
        if not check(subject.get(member)):
            raise SubjectError(f"{where}: format '{fmt}' needs a valid '{member}'")
    return subject


def subject_key(subject: dict) -> str:
    """Canonical text of a subject, used as its identity in storage."""
    return json.dumps(subject, sort_keys=True, separators=(",", ":"))


def stream_subject(stream_id: str) -> dict:
    """The stream's own subject: always implicitly added, never removable (SSF §8.1.4.1)."""
    return {"format": "opaque", "id": stream_id}


def subjects_match(a: dict, b: dict) -> bool:
    """SSF §8.1.3.1: simple subjects match when identical; complex subjects match when every
    member is absent on one side or identical on both. A simple subject matches a complex one
    holding it as a member, and aliases match through any of their identifiers (our reading)."""
    if a.get("format") == "aliases":
        return any(subjects_match(x, b) for x in a.get("identifiers", []))
    if b.get("format") == "aliases":
        return any(subjects_match(a, y) for y in b.get("identifiers", []))
    a_complex, b_complex = a.get("format") == COMPLEX_FORMAT, b.get("format") == COMPLEX_FORMAT
    if a_complex and b_complex:
        names = (set(a) | set(b)) - {"format"}
        return all(n not in a or n not in b or a[n] == b[n] for n in names)
    if a_complex:
        return any(v == b for k, v in a.items() if k != "format")
    if b_complex:
        return any(v == a for k, v in b.items() if k != "format")
    return a == b


def stream_wants(default_subjects: str, added: list[dict], removed: list[dict],
                 subject: dict) -> bool:
    """ALL: every subject unless it matches a removed one.
    NONE: only subjects matching an added one."""
    if default_subjects == "NONE":
        return any(subjects_match(s, subject) for s in added)
    return not any(subjects_match(s, subject) for s in removed)
