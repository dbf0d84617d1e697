"""Process plumbing shared by the reference servers, the suite and the tests: running ASGI apps
on loopback with readiness deadlines. Holds no protocol logic."""
