"""Orchestration of a conformance run: the suite's personas (receiver, later transmitter),
the target under test (embedded reference or external via profile), the recording proxies and
the HTTP client that turns exchanges into check inputs.

Room rule: may import profiles, proxy, runtime, jose, ssf, results and (only to start an embedded
target) harness.reference; never imports harness.checks — steps connect checks to this room.
"""
