"""The schema benchmark runs and its SETs are the realistic ones it claims to measure."""
from benchmarks import bench_schemas
from harness.schemas import validate_set
from harness.ssf.events import ALL_EVENTS


def test_benchmark_sets_cover_every_event_type_and_validate():
    sets = bench_schemas.realistic_sets()
    assert len(sets) == len(ALL_EVENTS)
    for s in sets:
        assert validate_set(s) == []


def test_benchmark_reports_positive_rates(monkeypatch):
    monkeypatch.setattr(bench_schemas, "MEASURE_SECONDS", 0.05)
    figures = bench_schemas.run()
    assert figures and all(f.value > 0 and f.unit == "SET/s" for f in figures)
    assert any("compact token" in f.name for f in figures)
