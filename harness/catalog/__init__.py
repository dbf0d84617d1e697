"""The requirement catalog as data (room: imports nothing else of ours).

    from harness.catalog import load_catalog, severity_for
    req = load_catalog().get("SSF-STREAM-19")      # Requirement (frozen dataclass)
    severity_for(req.level, strict=False)           # "failed" | "warning" | "info"

Data: `requirements.json` (built by `python -m harness.catalog.build`), `oidf_modules.yaml`.
Tools: `harness.catalog.scenarios` (tag linter), `.coverage` and `.oidf` (generated docs).
"""
from harness.catalog.levels import LEVELS
from harness.catalog.model import ROLES, Catalog, Requirement, load_catalog, severity_for

__all__ = ["LEVELS", "ROLES", "Catalog", "Requirement", "load_catalog", "severity_for"]
