"""Root conftest: the conformance-run plugin and the step modules (pytest-bdd needs step
modules registered here, at the top level, to share steps across feature files)."""
pytest_plugins = [
    "harness.suite.pytest_plugin",
    "harness.results.plugin",
    "steps.context",
    "steps.metadata_steps",
    "steps.auth_steps",
    "steps.stream_steps",
    "steps.status_steps",
    "steps.subject_steps",
    "steps.verification_steps",
    "steps.push_steps",
    "steps.poll_steps",
    "steps.set_steps",
    "steps.event_steps",
]
