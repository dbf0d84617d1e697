"""Root conftest: the conformance-run plugins and the step modules. pytest-bdd needs step
modules registered here, at the top level, to share steps across feature files; every
`steps/*_steps.py` module (plus the scenario contexts) is picked up automatically."""
from pathlib import Path

_STEPS = Path(__file__).parent / "steps"

pytest_plugins = [
    "harness.suite.pytest_plugin",
    "harness.results.plugin",
    *sorted(f"steps.{p.stem}" for p in _STEPS.glob("*context.py")),
    *sorted(f"steps.{p.stem}" for p in _STEPS.glob("*_steps.py")),
]
