"""Make a run's allure-results read as an auditor needs them, before the HTML is generated.

What allure-pytest records is written for Python developers: the pytest traceback of a failed
scenario, a `ctx <ScenarioContext …>` parameter on every step, `host`/`thread` labels, verdicts as
raw JSON and exchanges as raw proxy records. This pass (idempotent, run by `report`) rewrites
each result file:
- implementation failures (status failed) lose the traceback: their message is the verdicts;
  broken scenarios (harness errors) keep it, since it is what explains them;
- internal labels and object parameters go;
- each verdict step carries a readable text: requirement (ID, level, the catalog's sentence, the
  spec link), the check's message, expected, actual, and the exchanges it relied on with the curl
  line that replays each; a failed step's message is that verdict, not a Python exception;
- the scenario's exchanges get a readable attachment (request/response pairs in time order),
  shown before the raw JSON.
"""
from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from harness.catalog import load_catalog
from harness.reporting.exchanges_text import exchanges_text, numbered, one_line

INTERNAL_LABELS = {"host", "thread", "framework", "language"}
RAW_EXCHANGES = "recorded HTTP exchanges (redacted)"
RAW_EXCHANGES_RENAMED = "recorded HTTP exchanges (raw JSON)"
READABLE_EXCHANGES = "HTTP exchanges (in time order)"
VERDICT_PREFIX = "verdict "          # the JSON attachment report_verdict writes
READABLE_VERDICT = "what was checked"
_OBJECT_REPR = re.compile(r"^<.*>$", re.S)
_EXCEPTION_PREFIX = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Failure|Failed): ")


def plain_message(message: str) -> str:
    """`harness.results.recorder.ConformanceFailure: [FAILED] …` → `[FAILED] …`."""
    return _EXCEPTION_PREFIX.sub("", message or "", count=1)


def _requirement_lines(requirement_ids: list[str]) -> list[str]:
    catalog = load_catalog()
    lines = []
    for rid in requirement_ids:
        try:
            req = catalog.get(rid)
        except KeyError:
            lines.append(f"Requirement {rid}")
            continue
        lines.append(f"Requirement {rid} ({req.level}, {req.spec} §{req.section or '-'}): "
                     f"{req.statement}")
        lines.append(f"    spec: {req.link}")
    return lines


def verdict_text(details: dict, exchanges: dict[str, tuple[int, dict]]) -> str:
    lines = [f"{details.get('status', '').upper()}: {details.get('check')}",
             *_requirement_lines(details.get("requirements") or []),
             f"Message: {details.get('message')}"]
    if details.get("expected") is not None or details.get("actual") is not None:
        lines += [f"Expected: {details.get('expected')!r}", f"Actual:   {details.get('actual')!r}"]
    cited = details.get("evidence") or []
    for eid in cited:
        number, ex = exchanges.get(eid, (None, None))
        if ex is None:
            lines.append(f"Exchange {eid} (see \"{READABLE_EXCHANGES}\")")
            continue
        lines.append(f"Exchange #{number} in \"{READABLE_EXCHANGES}\": {one_line(ex)}")
        if ex.get("curl"):
            lines.append(f"    reproduce (export the redacted credential first): {ex['curl']}")
    if not cited:
        lines.append("Exchanges: this check looked at what the scenario received (see \""
                     f"{READABLE_EXCHANGES}\")")
    return "\n".join(lines)


def verdict_summary(details: dict) -> str:
    text = f"{', '.join(details.get('requirements') or [])} ({details.get('level')}) " \
           f"{details.get('check')}: {details.get('message')}"
    if details.get("expected") is not None or details.get("actual") is not None:
        text += f"; expected {details.get('expected')!r}, actual {details.get('actual')!r}"
    return text


def readable_labels(labels: list[dict]) -> list[dict]:
    """Without the internal labels; the requirement IDs (one `story` label each, which Allure 3
    draws as a row of unreadable one-letter chips) become one `requirements` label."""
    kept = [label for label in labels if label.get("name") not in INTERNAL_LABELS]
    stories = [label["value"] for label in kept if label.get("name") == "story"]
    if not stories:
        return kept
    kept = [label for label in kept if label.get("name") != "story"]
    return kept + [{"name": "requirements", "value": ", ".join(stories)}]


class _ResultFile:
    def __init__(self, directory: Path, path: Path):
        self.directory = directory
        self.path = path
        self.data = json.loads(path.read_text(encoding="utf-8"))
        self.exchanges = numbered(self._raw_exchanges())

    def _raw_exchanges(self) -> list[dict]:
        for att in self.data.get("attachments") or []:
            if att.get("name") in (RAW_EXCHANGES, RAW_EXCHANGES_RENAMED):
                try:
                    found = json.loads((self.directory / att["source"]).read_text("utf-8"))
                except (OSError, ValueError, KeyError):
                    return []
                return found if isinstance(found, list) else []
        return []

    def _write_attachment(self, name: str, text: str) -> dict:
        source = f"{uuid.uuid4()}-attachment.txt"
        (self.directory / source).write_text(text, encoding="utf-8")
        return {"name": name, "source": source, "type": "text/plain"}

    def _clean_step(self, step: dict) -> None:
        step["parameters"] = [p for p in step.get("parameters") or []
                              if not _OBJECT_REPR.match(str(p.get("value", "")))]
        attachments = []
        for att in step.get("attachments") or []:
            name = att.get("name", "")
            if name.startswith(VERDICT_PREFIX) and att.get("type") == "application/json":
                try:
                    details = json.loads((self.directory / att["source"]).read_text("utf-8"))
                except (OSError, ValueError, KeyError):
                    attachments.append(att)
                    continue
                attachments.append(self._write_attachment(
                    READABLE_VERDICT, verdict_text(details, self.exchanges)))
                if step.get("status") in ("failed", "broken"):
                    step["statusDetails"] = {"message": verdict_summary(details)}
                continue
            attachments.append(att)
        step["attachments"] = attachments
        if step.get("status") == "failed" and step.get("statusDetails"):
            details = step["statusDetails"]
            step["statusDetails"] = {"message": plain_message(details.get("message", ""))}
        for child in step.get("steps") or []:
            self._clean_step(child)

    def _clean_exchanges(self) -> None:
        attachments = self.data.get("attachments") or []
        if any(a.get("name") == READABLE_EXCHANGES for a in attachments):
            return
        out = []
        for att in attachments:
            if att.get("name") == RAW_EXCHANGES:
                out.append(self._write_attachment(
                    READABLE_EXCHANGES,
                    exchanges_text([ex for _, ex in self.exchanges.values()])))
                att = {**att, "name": RAW_EXCHANGES_RENAMED}
            out.append(att)
        self.data["attachments"] = out

    def clean(self) -> None:
        data = self.data
        data["labels"] = readable_labels(data.get("labels") or [])
        data["parameters"] = [p for p in data.get("parameters") or []
                              if not _OBJECT_REPR.match(str(p.get("value", "")))]
        if data.get("status") == "failed" and data.get("statusDetails"):
            # An implementation failure: the verdicts are the message, no Python traceback.
            data["statusDetails"] = {"message": plain_message(
                data["statusDetails"].get("message", ""))}
        self._clean_exchanges()
        for step in data.get("steps") or []:
            self._clean_step(step)
        self.path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def clean_allure_results(directory: Path) -> int:
    """Rewrite every *-result.json under `directory`; returns how many were rewritten."""
    count = 0
    for path in sorted(directory.glob("*-result.json")):
        try:
            _ResultFile(directory, path).clean()
        except (OSError, ValueError):
            continue   # a result file we cannot read is left as allure-pytest wrote it
        count += 1
    return count
