"""load_profile(path) -> Profile: read, validate (schema + semantic checks), resolve secrets.

Every problem in the file is reported at once, in one ProfileError naming the file and fields.
"""
from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any, Mapping

import yaml

from harness.profiles.build import build_profile
from harness.profiles.environment import resolve_secrets
from harness.profiles.errors import ProfileError, Problems
from harness.profiles.model import Profile
from harness.profiles.schema import PROFILES_DIR, check_schema
from harness.profiles.semantics import check_semantics, find_literal_secrets
from harness.profiles.walk import nodes

REFERENCE_PROFILE = PROFILES_DIR / "reference.yaml"


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that reports duplicate keys and keeps dates as strings.

    PyYAML silently keeps the last of two equal keys (a typo that hides a field), and turns
    `2026-04-07` into a date, which no profile field wants.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                self.duplicates.append((key_node.start_mark.line + 1, str(key)))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_document(path: Path, problems: Problems) -> Any:
    """Parse YAML (.yaml/.yml), TOML (.toml) or JSON (.json); syntax errors become problems."""
    text = path.read_text(encoding="utf-8")
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
        loader = _StrictLoader(text)
        try:
            document = loader.get_single_data()
        finally:
            loader.dispose()
        for line, key in loader.duplicates:
            problems.add((), f'line {line}: duplicate key "{key}" (the earlier value would be lost)')
        return document
    except yaml.MarkedYAMLError as exc:
        # Problem and position only: PyYAML's own message quotes the line, which could hold
        # a secret pasted by mistake.
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.add((), f"cannot parse yaml: {exc.problem or exc.context}{where}")
    except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        problems.add((), f"cannot parse {suffix.lstrip('.') or 'yaml'}: {exc}")
    return None


def validate_document(document: Any, *, base_dir: Path, env: Mapping[str, str],
                      check_files: bool = True) -> tuple[Problems, dict]:
    """All problems of an already-parsed document, plus the secrets it names (resolved)."""
    problems = Problems()
    if not isinstance(document, dict):
        problems.add((), "the document must be a mapping of fields")
        return problems, {}
    for path, value in nodes(document):
        if isinstance(value, dict):
            for key in value:
                if not isinstance(key, str):
                    problems.add(path, f"key {key!r} must be a string (quote it in YAML)")
    if len(problems):
        return problems, {}
    skip = find_literal_secrets(document, problems)
    check_schema(document, problems, skip)
    check_semantics(document, base_dir, problems, check_file_paths=check_files)
    secrets = resolve_secrets(document, env, problems)
    return problems, secrets


def load_profile(path: str | os.PathLike, *, env: Mapping[str, str] | None = None,
                 check_files: bool = True) -> Profile:
    """Load and validate one target profile; raise ProfileError listing every problem.

    `env` defaults to os.environ; `check_files=False` skips checking that TLS/expected files
    exist (for validating a profile on another machine).
    """
    source = Path(path)
    problems = Problems()
    try:
        document = read_document(source, problems)
    except (OSError, UnicodeDecodeError) as exc:
        problems.add((), f"cannot read file: {exc}")
        raise ProfileError(source, problems) from None
    secrets: dict = {}
    if document is not None or not len(problems):   # skip only when parsing itself failed
        found, secrets = validate_document(document, base_dir=source.resolve().parent,
                                           env=os.environ if env is None else env,
                                           check_files=check_files)
        for problem in found:
            problems.add(problem.path, problem.message)
    if len(problems):
        raise ProfileError(source, problems)
    return build_profile(document, secrets, source.resolve(), source.resolve().parent)


def load_reference_profile(*, env: Mapping[str, str] | None = None) -> Profile:
    """The embedded default: the reference transmitter and receiver, started in-process."""
    return load_profile(REFERENCE_PROFILE, env=env)

