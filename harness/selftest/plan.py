"""The self-test's runs as jobs: one per fault (only its catching scenarios, against the kill
file's profile), one per legal variation (its role's whole suite), one clean run per role, and
one clean run per kill file's profile (a dialect emulator's example).

A job is named by a key ("kill:<fault>", "variation:<name>", "clean:<role>",
"example:<profile path>") so a test can
name its run at collection time and find its result wherever the run happened.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from harness.selftest.inprocess import RunJob

# Seconds a run takes, only to start the long runs first: the runs of 8 s or more as measured
# on 2 busy cores (durations.json, refreshed by hand now and then), else these defaults.
MEASURED = Path(__file__).with_name("durations.json")
KILL_SECONDS, ROLE_SUITE_SECONDS = 5.0, 20.0


@lru_cache(maxsize=1)
def _measured() -> dict:
    return json.loads(MEASURED.read_text()) if MEASURED.exists() else {}


def estimate(key: str) -> float:
    kind = key.partition(":")[0]
    return float(_measured().get(key, KILL_SECONDS if kind == "kill" else ROLE_SUITE_SECONDS))


@lru_cache(maxsize=1)
def _faults():
    from harness.reference.faults import registry
    return registry()


@lru_cache(maxsize=1)
def _kills():
    from harness.selftest.matrix import load_kills
    return load_kills()


def kill_profile_roles() -> dict[str, str]:
    """Each kill file's `profile:` -> the role its faults run in (a dialect's emulator)."""
    return {spec.profile: _faults()[fault].role for fault, spec in _kills().items()
            if spec.profile}


def kill_tags(fault: str) -> str:
    return " or ".join(f"id:{s}" for s in _kills()[fault].scenarios)


def collateral_job(fault: str, root: Path) -> RunJob:
    """A fault's run over its role's whole suite (the collateral matrix of
    `ssf-conformance selftest`), against its kill file's profile when it names one."""
    spec = _kills().get(fault)
    return RunJob(f"fault:{fault}", fault, _faults()[fault].role, str(root / f"fault-{fault}"),
                  target=spec.profile if spec else None, estimate=ROLE_SUITE_SECONDS)


def job_for(key: str, root: Path, **fields) -> RunJob:
    """The job a key names; its reports go to root/<key>. With `fields` (RunJob's: role,
    fault, tags, variation, target) the key only names the run those fields describe."""
    kind, _, name = key.partition(":")
    reports = str(root / key.replace(":", "-").replace("/", "_").replace(" ", "_"))
    if fields:
        return RunJob(key, fields.pop("fault", None), fields.pop("role"), reports, **fields)
    if kind == "kill":
        spec = _kills()[name]
        return RunJob(key, name, _faults()[name].role, reports, tags=kill_tags(name),
                      target=spec.profile, estimate=estimate(key))
    if kind == "variation":
        from harness.reference.variations import registry
        role = registry()[name].role
        return RunJob(key, None, role, reports, variation=name,
                      estimate=estimate(key))
    if kind == "clean":
        return RunJob(key, None, name, reports, estimate=estimate(key))
    if kind == "example":   # a kill file's profile, clean: its faults' catching scenarios pass
        return RunJob(key, None, kill_profile_roles()[name], reports, target=name,
                      estimate=estimate(key))
    raise ValueError(f"unknown self-test run {key!r}")
