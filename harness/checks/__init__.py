"""Small named checks, one verdict each, carrying requirement IDs.

Room rule: checks never import the reference servers; they see HTTP responses (`Response`),
pushed requests (`PushRequest`) and decoded SETs only.
"""
from harness.checks.base import (  # noqa: F401
    REGISTRY, CheckInfo, Outcome, Response, Verdict, check, fail, ok,
)


def load_all() -> dict:
    """Import every check module so REGISTRY is complete (for docs and the kill matrix)."""
    import importlib
    import pkgutil
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY
