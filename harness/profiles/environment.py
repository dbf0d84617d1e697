"""Resolve every secret a profile names (`*_env` fields, `${ENV}` in header values and bodies).

External targets: a missing or empty variable is a problem naming it. Embedded reference
targets: a missing variable gets a random value, generated now, so the harness can hand the
same value to the reference server it starts.
"""
from __future__ import annotations

from typing import Any, Mapping

from harness.profiles.errors import Problems
from harness.profiles.secrets import ENV_NAME, Secret, generate_secret
from harness.profiles.templates import env_refs_in, secret_capable
from harness.profiles.walk import is_embedded, nodes


def resolve_secrets(document: Any, env: Mapping[str, str], problems: Problems) -> dict[str, Secret]:
    resolved: dict[str, Secret] = {}
    for path, value in nodes(document):
        if not path or not isinstance(value, str):
            continue
        in_headers = len(path) >= 2 and path[-2] == "headers"
        if isinstance(path[-1], str) and path[-1].endswith("_env") and not in_headers:
            names, where = [value], ""
        elif secret_capable(path):
            names = env_refs_in(value)
            where = " (used in this header)" if in_headers else " (used in this body)"
        else:
            continue
        for name in names:
            if not ENV_NAME.match(name):
                continue    # reported by the schema or the template checks
            embedded = is_embedded(document, path)
            if name in resolved and (embedded or not resolved[name].generated):
                continue
            current = env.get(name)
            if current:
                resolved[name] = Secret(name, current)
            elif embedded:
                resolved[name] = Secret(name, generate_secret(), generated=True)
            else:
                state = "is empty" if current == "" else "is not set"
                problems.add(path, f"environment variable {name}{where} {state}")
    return resolved
