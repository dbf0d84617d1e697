"""Reference SSF implementations: transmitter and receiver (and later a trust directory).

Room rule: nothing here imports harness.checks, harness.catalog, harness.results or
harness.reporting. The references may use harness.ssf, harness.jose and harness.runtime.
"""
