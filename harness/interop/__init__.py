"""Interop matrix and load runs: every transmitter profile against every receiver profile, and
how much one implementation can take (docs/interop.md).

Room rule: may import profiles, suite (drivers and sessions only through their public
functions), runtime, jose, ssf, results and reference (only to start embedded targets); never
imports checks. A pair's two ends talk to each other directly; the suite only sets them up,
makes the transmitter emit, and reads what the receiver did.
"""
