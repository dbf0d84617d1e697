"""No lost SETs (issue 14): 10,000 SETs over 20 push streams, 30 % of pushes meeting a receiver
fault (503, 429 with Retry-After, a connection reset before or after delivery, no answer until
the push timeout), a 60 s receiver outage and a transmitter `kill -9` + restart mid-run.

Figures: SETs/s end to end (first trigger to last first acceptance), drain time after the
outage and the last trigger, duplicates (same jti, flagged by the receiver: RFC 8935 allows a
retransmission), lost (must be 0), order violations per stream (must be 0), against the raw
ES256 sign+verify rate of jwcrypto measured in the same run. Shorter runs: BENCH_DURABILITY_SETS,
BENCH_DURABILITY_OUTAGE.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks import Figure
from harness.jose import KeyRing, sign_set, verify_set
from tests.reference.durability import rig

N_RAW = 300
CLAIMS = {"iss": "https://tx.example/ssf", "aud": "rx", "iat": 1700000000, "jti": "x",
          "sub_id": {"format": "email", "email": "alice@example.com"},
          "events": {"https://schemas.openid.net/secevent/caep/event-type/session-revoked": {}}}


def raw_es256() -> float:
    key = KeyRing.generate("ES256").current
    jwks = {"keys": [key.public_jwk()]}
    started = time.perf_counter()
    for _ in range(N_RAW):
        verify_set(sign_set(CLAIMS, key), jwks)
    return N_RAW / (time.perf_counter() - started)


def run_bench() -> list[Figure]:
    plan = rig.Plan(sets=int(os.environ.get("BENCH_DURABILITY_SETS", "10000")), streams=20,
                outage_seconds=float(os.environ.get("BENCH_DURABILITY_OUTAGE", "60")),
                drain_deadline=1800.0)
    raw = raw_es256()
    with tempfile.TemporaryDirectory() as tmp:
        out = rig.run(plan, Path(tmp))
    rate = out.issued / out.total_seconds
    faults = sum(v for k, v in out.faults.items() if k != "passed")
    attempts = sum(out.faults.values())
    assert not out.lost, f"lost {len(out.lost)} SET(s)"
    assert out.order_violations == 0 and out.unflagged_duplicates == 0
    return [
        Figure("ES256 sign+verify per SET (jwcrypto)", raw, "SETs/s", "the raw limit"),
        Figure(f"durable push, {plan.sets} SETs, 30 % faults + {plan.outage_seconds:g} s outage"
               " + kill -9", rate, "SETs/s", f"{rate / raw:.3f}× raw; issued, delivered, "
               f"verified end to end in {out.total_seconds:.1f} s"),
        Figure("drain after outage and last trigger", out.drain_seconds, "s",
               f"issuing took {out.issue_seconds:.1f} s"),
        Figure("lost SETs", len(out.lost), "SETs", "must be 0"),
        Figure("duplicates (same jti, flagged)", out.duplicates, "SETs",
               f"{out.duplicates / max(out.issued, 1):.1%} of SETs; from resets after delivery "
               "and the kill"),
        Figure("pushes meeting a fault", faults, "attempts",
               f"{faults / max(attempts, 1):.0%} of {attempts} at the receiver's front: "
               + ", ".join(f"{k} {v}" for k, v in sorted(out.faults.items()) if k != "passed")),
        Figure("per-stream order violations", out.order_violations, "SETs", "must be 0"),
    ]


def run() -> list[Figure]:
    return run_bench()
