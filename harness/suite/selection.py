"""`--ssf-tags EXPR`: select scenarios by their Gherkin tags with a boolean expression, e.g.
`area:streams and not id:TX-STREAM-07` or `req:SSF-DISC-01 or area:poll`."""
from __future__ import annotations

import pytest
from _pytest.mark.expression import Expression

from harness.suite.tags import MARKERS

_KIND_BY_MARK = {mark: kind for kind, mark in MARKERS.items()}


def item_tags(item: pytest.Item) -> set[str]:
    tags = set()
    for mark in item.iter_markers():
        kind = _KIND_BY_MARK.get(mark.name)
        if kind and mark.args:
            tags.add(f"{kind}:{mark.args[0]}")
        else:
            tags.add(mark.name)
    return tags


class TagExpressionError(ValueError):
    """A `--tags` expression that does not parse: a usage error, worded on one line."""


def compile_tags(expression: str) -> Expression:
    """The compiled expression; TagExpressionError names the column of the mistake."""
    try:
        return Expression.compile(expression)
    except SyntaxError as exc:   # pytest's parser reports the 1-based column as the offset
        column = exc.offset or 0
        raise TagExpressionError(f"--tags {expression!r}: column {column}: {exc.msg}") from None


def select(items: list[pytest.Item], expression: str) -> tuple[list, list]:
    compiled = compile_tags(expression)
    keep, drop = [], []
    for item in items:
        tags = item_tags(item)
        (keep if compiled.evaluate(lambda name, **kw: name in tags) else drop).append(item)
    return keep, drop


def describe(item: pytest.Item) -> dict:
    """What `list` needs of a collected scenario: id, role, capability tags (its own and its
    Examples row's) and the row's values."""
    tags = item_tags(item)
    params = getattr(item, "callspec", None)
    row = dict(params.params.get("_pytest_bdd_example") or {}) if params is not None else {}
    value = lambda kind: sorted(t.split(":", 1)[1] for t in tags if t.startswith(kind + ":"))
    return {"id": next(iter(value("id")), None), "role": next(iter(value("role")), None)
            or "transmitter", "requires": value("requires"), "variant": row}


def scenario_ids_in_features() -> set[str]:
    """Every @id: in features/ (for cross-checks by the self-test)."""
    from harness.catalog.scenarios import collect_scenarios
    from harness.suite.profiles import PROJECT_ROOT
    return {s.id for s in collect_scenarios(PROJECT_ROOT / "features") if s.id}
