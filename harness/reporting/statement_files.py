"""Writing and verifying the signed conformance statement on disk.

reports/conformance-statement.json       canonical JSON, carries the public key and the hashes
reports/conformance-statement.md         rendered from the same data (hash inside the JSON)
reports/conformance-statement.json.jws   detached JWS over the exact bytes of the JSON
reports/statement-key.jwks.json          the public key, for pinning
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from harness.jose import SigningKey
from harness.reporting.signing import (
    SignatureError, public_key_info, sign_detached, thumbprint, verify_detached,
)
from harness.reporting.statement import (
    STATEMENT_JSON, STATEMENT_MD, artifact_hashes, build_statement, canonical_bytes, sha256_file,
)
from harness.reporting.statement_markdown import render_markdown

SIGNATURE_SUFFIX = ".jws"
JWKS_FILE = "statement-key.jwks.json"


@dataclass(frozen=True)
class StatementFiles:
    json: Path
    markdown: Path
    signature: Path
    jwks: Path
    thumbprint: str


def write_statement(reports: Path, results: dict, key: SigningKey,
                    generated_at: str) -> StatementFiles:
    public = public_key_info(key)
    draft = build_statement(results, artifacts=artifact_hashes(reports), signing_key=public,
                            generated_at=generated_at)
    markdown = render_markdown(draft).encode("utf-8")
    md_path = reports / STATEMENT_MD
    md_path.write_bytes(markdown)
    artifacts = artifact_hashes(reports, {STATEMENT_MD: hashlib.sha256(markdown).hexdigest()})
    statement = build_statement(results, artifacts=artifacts, signing_key=public,
                                generated_at=generated_at)
    payload = canonical_bytes(statement)
    json_path = reports / STATEMENT_JSON
    json_path.write_bytes(payload)
    sig_path = json_path.with_name(json_path.name + SIGNATURE_SUFFIX)
    sig_path.write_text(sign_detached(payload, key) + "\n", encoding="ascii")
    jwks_path = reports / JWKS_FILE
    jwks_path.write_text(json.dumps({"keys": [public["jwk"]]}, indent=2) + "\n",
                         encoding="utf-8")
    return StatementFiles(json_path, md_path, sig_path, jwks_path, public["thumbprint_sha256"])


@dataclass
class Verification:
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    thumbprint: str | None = None
    pinned: bool = False

    def fail(self, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)


def _signing_jwk(statement: dict, result: Verification, trusted: list[dict] | None,
                 expect_thumbprint: str | None) -> dict | None:
    embedded = (statement.get("signing_key") or {}).get("jwk")
    if not isinstance(embedded, dict):
        result.fail("the statement carries no signing_key.jwk")
        return None
    try:
        result.thumbprint = thumbprint(embedded)
    except Exception:  # noqa: BLE001 - any malformed JWK is simply not usable
        result.fail("the statement's signing_key.jwk is not a valid public key")
        return None
    if expect_thumbprint is not None:
        if result.thumbprint != expect_thumbprint:
            result.fail(f"the signing key's thumbprint {result.thumbprint} is not the expected "
                        f"{expect_thumbprint}")
            return None
        result.pinned = True
    if trusted is not None:
        match = [k for k in trusted if _safe_thumbprint(k) == result.thumbprint]
        if not match:
            result.fail("the signing key is not one of the trusted keys")
            return None
        result.pinned = True
        return {k: v for k, v in match[0].items() if k not in ("d", "p", "q", "dp", "dq", "qi")}
    return embedded


def _safe_thumbprint(jwk_dict: dict) -> str | None:
    try:
        return thumbprint(jwk_dict)
    except Exception:  # noqa: BLE001
        return None


def verify_statement(json_path: Path, *, signature_path: Path | None = None,
                     trusted_keys: list[dict] | None = None,
                     expect_thumbprint: str | None = None) -> Verification:
    """Check the signature over the exact bytes, then every bound artifact found next to it.
    Raises FileNotFoundError when the statement or its signature is missing."""
    result = Verification()
    payload = json_path.read_bytes()
    signature_path = signature_path or json_path.with_name(json_path.name + SIGNATURE_SUFFIX)
    detached = signature_path.read_text(encoding="ascii", errors="replace")
    try:
        statement = json.loads(payload)
        if not isinstance(statement, dict):
            raise ValueError("not an object")
    except (ValueError, UnicodeDecodeError):
        result.fail("the statement is not a JSON object (edited or truncated?)")
        return result
    public = _signing_jwk(statement, result, trusted_keys, expect_thumbprint)
    if public is None:
        return result
    try:
        verify_detached(payload, detached, public)
        result.checked.append(f"signature over {json_path.name}")
    except SignatureError as exc:
        result.fail(f"{exc}: {json_path.name} was changed after signing, or the signature "
                    "belongs to another statement")
        return result
    for name, meta in sorted((statement.get("artifacts") or {}).items()):
        path = json_path.with_name(name)
        if not path.is_file():
            result.unchecked.append(name)
        elif sha256_file(path) != (meta or {}).get("sha256"):
            result.fail(f"{name} does not match the hash in the statement (edited after signing)")
        else:
            result.checked.append(name)
    return result
