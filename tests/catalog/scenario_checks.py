"""Which checks each scenario can run, read statically: every step of the scenario (outline
rows expanded) is matched to its step definition in steps/, and the `check_…` names in that
definition's source, and in the steps-package helpers it calls, are the checks it runs."""
from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import parse
from gherkin.parser import Parser

import steps
from harness.catalog.paths import FEATURES_DIR
from harness.catalog.scenarios import feature_files

PREFIX = "pytestbdd_stepdef_"
_CHECK = re.compile(r"\bcheck_[a-z0-9_]+")
_CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\.?([a-z_][a-z0-9_]*)?\(")


def _step_modules():
    return [importlib.import_module(f"steps.{m.name}") for m in pkgutil.iter_modules(steps.__path__)
            if not m.name.startswith("test_")]  # those bind features, they define no steps


def _resolve(func, head: str, tail: str):
    """The steps-package function a call `head(...)` or `head.tail(...)` in `func` reaches."""
    target = func.__globals__.get(head)
    if tail and inspect.ismodule(target):
        target = getattr(target, tail, None)
    if inspect.isfunction(target) and target.__module__.startswith("steps."):
        return target
    return None


def _checks_of(func, seen: set | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if func in seen:
        return set()
    seen.add(func)
    source = inspect.getsource(func)
    found = set(_CHECK.findall(source))
    for head, tail in _CALL.findall(source):
        helper = _resolve(func, head, tail)
        if helper is not None:
            found |= _checks_of(helper, seen)
    return found


@functools.cache
def step_definitions() -> list[tuple[str, str, frozenset[str]]]:
    """(kind, pattern, checks) of every step definition."""
    out = []
    for module in _step_modules():
        for name, obj in vars(module).items():
            if not name.startswith(PREFIX):
                continue
            kind, _, pattern = name[len(PREFIX):].partition("_")
            context = obj._fixture_function()  # pytest-bdd's StepFunctionContext
            out.append((kind, pattern, frozenset(_checks_of(context.step_func))))
    return out


def _matches(pattern: str, text: str) -> bool:
    if pattern == text:
        return True
    if "{" in pattern and parse.parse(pattern, text) is not None:
        return True
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        return False


def _rows(scenario: dict) -> list[dict[str, str]]:
    rows = []
    for examples in scenario.get("examples", []):
        header = [c["value"] for c in examples.get("tableHeader", {}).get("cells", [])]
        for row in examples.get("tableBody", []):
            rows.append(dict(zip(header, (c["value"] for c in row["cells"]))))
    return rows or [{}]


@functools.cache
def scenario_checks() -> dict[str, frozenset[str]]:
    """Scenario @id -> the checks its steps (background included) can run."""
    out: dict[str, set[str]] = {}
    for path in feature_files(FEATURES_DIR):
        feature = Parser().parse(Path(path).read_text(encoding="utf-8"))["feature"]
        background: list[str] = []
        for child in feature.get("children", []):
            if "background" in child:
                background = [s["text"] for s in child["background"]["steps"]]
            scenario = child.get("scenario")
            if scenario is None:
                continue
            ids = [t["name"][4:] for t in scenario["tags"] if t["name"].startswith("@id:")]
            texts = background + [s["text"] for s in scenario["steps"]]
            found: set[str] = set()
            for row in _rows(scenario):
                for text in texts:
                    for key, value in row.items():
                        text = text.replace(f"<{key}>", value)
                    for _kind, pattern, checks in step_definitions():
                        if _matches(pattern, text):
                            found |= checks
            for sid in ids:
                out[sid] = found
    return {k: frozenset(v) for k, v in out.items()}
