"""Issue 7, item 7: run an auth-heavy selection with secrets whose values we know, build every
report, and find none of those values anywhere under reports/ (results, JUnit, evidence, proxy
records, Allure results and attachments, the HTML reports, the statement) nor in the output.

The single-file HTML inlines its data as base64, so each secret is also searched in its base64
forms (at the three byte alignments, standard and URL-safe alphabets)."""
from __future__ import annotations

import base64
from pathlib import Path


from tests.reporting.runs import run_and_report

CANARIES = {
    "SSF_REFERENCE_TX_TOKEN": "canaryTxToken-7f3a9c1e5b2d",
    "SSF_REFERENCE_ADMIN_TOKEN": "canaryAdminToken-4e8b0d6f2a1c",
    "SSF_REFERENCE_PUSH_TOKEN": "canaryPushToken-9d2c7a5e3f1b",
    "SSF_REFERENCE_RX_TOKEN": "canaryRxToken-1a6e4c8b0f3d",
    "SSF_REFERENCE_CONTROL_TOKEN": "canaryControlToken-5b3f9e1d7c2a",
}


def encoded_forms(secret: str) -> set[bytes]:
    """The secret as bytes and every base64 substring that only its own bytes determine."""
    raw = secret.encode()
    forms = {raw}
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        start = (shift * 8 + 5) // 6              # characters that mix in the padding bytes
        end = ((shift + len(raw)) * 8) // 6        # characters complete within the secret
        core = encoded[start:end]
        forms |= {core, core.replace(b"+", b"-").replace(b"/", b"_")}
    return {f for f in forms if len(f) >= 12}


def test_encoded_forms_find_a_secret_inside_base64():
    secret = CANARIES["SSF_REFERENCE_TX_TOKEN"]
    for prefix in ("", "x", "xy", '{"Authorization": "Bearer '):
        blob = base64.b64encode(f"{prefix}{secret}\" and more".encode())
        assert any(form in blob for form in encoded_forms(secret)), prefix


def leaks(root: Path, outputs: str) -> list[str]:
    """'<variable> in <directory>/ (<n> files, e.g. <file>)' for every place a secret shows."""
    found: dict[tuple[str, str], list[str]] = {}
    for name, secret in CANARIES.items():
        forms = encoded_forms(secret)
        if secret in outputs:
            found.setdefault((name, "the command output"), []).append("-")
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if any(form in data for form in forms):
                rel = path.relative_to(root)
                found.setdefault((name, f"{rel.parent}/"), []).append(rel.name)
    return [f"{name} in {where} ({len(files)} files, e.g. {files[0]})"
            for (name, where), files in sorted(found.items())]


def test_known_secrets_appear_nowhere_under_reports(tmp_path):
    reports = tmp_path / "reports"
    ran, reported = run_and_report(reports, tags="area:authorization or area:push",
                                   env=CANARIES)
    assert "20 scenarios" in ran.stdout or "scenarios" in ran.stdout
    assert any((reports / "evidence").iterdir()) and any((reports / "exchanges").iterdir())
    assert list((reports / "allure-results").glob("*-attachment*"))
    found = leaks(reports, ran.stdout + ran.stderr + reported.stdout + reported.stderr)
    assert found == [], "secrets leaked:\n" + "\n".join(found)


KOLIDE_CANARIES = {"KOLIDE_API_TOKEN": "canaryKolideApi-3e7b1d9f5a2c",
                   "KOLIDE_EMULATOR_ADMIN_TOKEN": "canaryKolideAdmin-8c4a2e6b0d1f"}


def test_a_dialects_secrets_appear_nowhere_either(tmp_path, monkeypatch):
    """The Kolide dialect has a credential header of its own: the one-time poll token the
    emulator hands out at create and the suite sends as X-Kolide-Poll-Bearer-Token. Its value is
    made at run time, so beyond the known canaries every recorded value of that header must be
    redacted."""
    import re
    reports = tmp_path / "reports"
    monkeypatch.setitem(CANARIES, "KOLIDE_API_TOKEN", KOLIDE_CANARIES["KOLIDE_API_TOKEN"])
    monkeypatch.setitem(CANARIES, "KOLIDE_EMULATOR_ADMIN_TOKEN",
                        KOLIDE_CANARIES["KOLIDE_EMULATOR_ADMIN_TOKEN"])
    ran, reported = run_and_report(
        reports, tags="id:TX-KOLIDE-01 or id:TX-KOLIDE-02 or id:TX-PUSH-01",
        profile=Path("profiles/examples/kolide-embedded.yaml"), env=KOLIDE_CANARIES)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    found = leaks(reports, ran.stdout + ran.stderr + reported.stdout + reported.stderr)
    assert found == [], "secrets leaked:\n" + "\n".join(found)
    # exchanges keep headers as ["name", "value"] pairs
    header = re.compile(rb'"x-kolide-poll-bearer-token",\s*"([^"]*)"', re.I)
    values = [m.group(1) for p in (reports / "exchanges").rglob("*") if p.is_file()
              for m in header.finditer(p.read_bytes())]
    assert values, "no poll request carried the Kolide poll token header"
    assert all(v.startswith(b"[REDACTED") for v in values), values[:3]
