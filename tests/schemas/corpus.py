"""Load the sample corpus (tests/schemas/corpus/*.yaml) into cases.

File shape:

    schema: ssf/stream-status          # default schema of the file's cases
    valid:
      - {name: spec example, source: SSF 8.1.2.1, instance: {...}}
    invalid:
      - {name: status missing, remove: [/status], errors: [[/status, required, SSF-STATUS-03]]}

An invalid case starts from valid sample `base` (default 0) or from its own `instance`, then
applies `set` ({pointer: value}) and `remove` ([pointer]). `errors` lists the exact
[pointer, keyword] pairs expected, each optionally with a requirement ID the error must carry.
`schema` may be overridden per case. Shorthands, to keep the samples readable:
`@caep/<action>`, `@risc/<action>`, `@ssf/<action>` stand for event type URIs (in keys, values
and pointers), and the strings `~a*N` / `~https*N` stand for N-character strings.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harness.schemas.errors import escape

CORPUS_DIR = Path(__file__).parent / "corpus"
_EVENT = re.compile(r"@(caep|risc|ssf)/([a-z-]+)")


def event_uri(spec: str, action: str) -> str:
    return f"https://schemas.openid.net/secevent/{spec}/event-type/{action}"


def _expand_text(text: str) -> str:
    if text.startswith("~a*"):
        return "a" * int(text[3:])
    if text.startswith("~https*"):
        length = int(text[7:])
        return "https://example.com/" + "a" * (length - len("https://example.com/"))
    return _EVENT.sub(lambda m: event_uri(m[1], m[2]), text)


def expand(value):
    if isinstance(value, dict):
        return {_expand_text(k): expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, str):
        return _expand_text(value)
    return value


def expand_pointer(pointer: str) -> str:
    return _EVENT.sub(lambda m: escape(event_uri(m[1], m[2])), pointer)


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _parent(document, pointer: str):
    *path, last = _tokens(pointer)
    node = document
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node, last


def apply_patch(document, sets: dict, removes: list):
    document = copy.deepcopy(document)
    for pointer in removes:
        node, last = _parent(document, expand_pointer(pointer))
        del node[int(last) if isinstance(node, list) else last]
    for pointer, value in sets.items():
        pointer = expand_pointer(pointer)
        if pointer == "":
            document = expand(value)
            continue
        node, last = _parent(document, pointer)
        if isinstance(node, list):
            node[int(last)] = expand(value)
        else:
            node[last] = expand(value)
    return document


@dataclass
class Case:
    file: str
    schema: str
    name: str
    instance: object
    valid: bool
    errors: list[tuple] = field(default_factory=list)  # (pointer, keyword, requirement|None)
    source: str | None = None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def load_file(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    file_schema = data.get("schema")
    cases, valid_instances = [], []
    for entry in data.get("valid", []):
        instance = expand(entry["instance"])
        valid_instances.append(instance)
        cases.append(Case(path.stem, entry.get("schema", file_schema), entry["name"], instance,
                          True, source=entry.get("source")))
    for entry in data.get("invalid", []):
        start = expand(entry["instance"]) if "instance" in entry \
            else valid_instances[entry.get("base", 0)]
        instance = apply_patch(start, entry.get("set", {}), entry.get("remove", []))
        errors = [(expand_pointer(e[0]), e[1], e[2] if len(e) > 2 else None)
                  for e in entry["errors"]]
        cases.append(Case(path.stem, entry.get("schema", file_schema), entry["name"], instance,
                          False, errors, entry.get("source")))
    return cases


def load_corpus(directory: Path = CORPUS_DIR) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("*.yaml")):
        cases.extend(load_file(path))
    return cases
