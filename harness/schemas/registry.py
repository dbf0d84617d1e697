"""Load `schemas/` offline into a `referencing` registry and compile one validator per schema.

A schema's name is its path under `schemas/` without `.json` (e.g. `events/caep/session-revoked`),
and its `$id` is `BASE_URI + name + ".json"`; loading fails loudly if the two disagree, so a `$ref`
can never silently point at a different file than the name suggests. Nothing is fetched: a `$ref`
to an unknown URI raises instead of going to the network.
"""
from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from pathlib import Path

from referencing import Registry
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from harness.schemas.engines import PythonEngine, RustEngine, default_engine

BASE_URI = "https://ssf-conformance.test/schemas/"
# The repository's schemas/ folder; SSF_SCHEMAS_DIR points elsewhere (e.g. an installed copy).
# An installed wheel has them in harness/_project/schemas (see setup.py).
_CHECKOUT_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
SCHEMAS_DIR = Path(os.environ.get("SSF_SCHEMAS_DIR") or (
    _CHECKOUT_SCHEMAS if _CHECKOUT_SCHEMAS.is_dir()
    else Path(__file__).resolve().parents[1] / "_project" / "schemas"))


class SchemaLoadError(RuntimeError):
    """A schema file is unreadable, not JSON, or its `$id` does not match its path."""


class UnknownSchemaError(KeyError):
    """No schema has the requested name."""

    def __str__(self) -> str:
        return f"unknown schema {self.args[0]!r}; see schema_names()"


def uri_for(name: str) -> str:
    return f"{BASE_URI}{name}.json"


def _refuse_remote(uri: str):
    # Offline by design: every schema we use is in the registry already.
    raise NoSuchResource(ref=uri)


class SchemaStore:
    """All schemas of one folder, with validators compiled once and reused.

    `engine` is "python" (jsonschema) or "rust" (jsonschema-rs); default: SSF_SCHEMA_ENGINE,
    else rust when installed. Error details always come from the `referencing` registry.
    """

    def __init__(self, root: Path = SCHEMAS_DIR, engine: str | None = None):
        self.root = root
        self.documents: dict[str, dict] = {}
        for path in sorted(root.rglob("*.json")):
            name = path.relative_to(root).with_suffix("").as_posix()
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise SchemaLoadError(f"{path}: {exc}") from exc
            if not isinstance(document, dict) or document.get("$id") != uri_for(name):
                raise SchemaLoadError(f"{path}: $id must be {uri_for(name)!r}")
            self.documents[name] = document
        # The registry holds each root without "$schema" (all are 2020-12 anyway): with it,
        # jsonschema would swap our validator class for its stock one at every cross-document
        # $ref (validator_for looks at "$schema"), losing the ECMA `pattern` fix in engines.py.
        self.resolved = {name: {k: v for k, v in doc.items() if k != "$schema"}
                         for name, doc in self.documents.items()}
        resources = [(uri_for(name), DRAFT202012.create_resource(doc))
                     for name, doc in self.resolved.items()]
        registry = Registry(retrieve=_refuse_remote).with_resources(resources)
        self.registry: Registry = registry.crawl()
        self._check_refs()
        engine = engine or default_engine()
        self.engine = (RustEngine(self.documents, uri_for) if engine == "rust"
                       else PythonEngine(self.registry))
        self._lock = threading.Lock()
        self._validators: dict[str, object] = {}
        self.notes_cache: dict = {}  # error annotations by schema path (see errors.convert)

    def _check_refs(self) -> None:
        """Resolve every `$ref` now, so a dangling one fails at load time, not mid-validation."""
        def visit(node, resolver, where):
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str):
                    try:
                        resolver.lookup(ref)
                    except Exception as exc:  # referencing raises several Unresolvable kinds
                        raise SchemaLoadError(f"{where}: cannot resolve $ref {ref!r}") from exc
                for value in node.values():
                    visit(value, resolver, where)
            elif isinstance(node, list):
                for value in node:
                    visit(value, resolver, where)

        for name, document in self.documents.items():
            visit(document, self.registry.resolver(base_uri=uri_for(name)), name)

    def names(self) -> list[str]:
        return sorted(self.documents)

    def document(self, name: str) -> dict:
        try:
            return self.documents[name]
        except KeyError:
            raise UnknownSchemaError(name) from None

    def validator(self, name: str):
        validator = self._validators.get(name)
        if validator is None:
            with self._lock:
                validator = self._validators.get(name)
                if validator is None:
                    self.document(name)  # raises UnknownSchemaError for a bad name
                    validator = self.engine.compile(self.resolved[name])
                    self._validators[name] = validator
        return validator


@lru_cache(maxsize=1)
def default_store() -> SchemaStore:
    return SchemaStore()
