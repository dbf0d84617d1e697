"""The push end-to-end benchmark (make bench) measures what it says: every SET it times was
accepted for the first time by the reference receiver in its own process, in each stream's
order, over both triggers, and the CPU it reports is spent."""
import httpx

from benchmarks.push_pipeline import PushPipeline


def test_bulk_and_http_runs_count_only_sets_the_receiver_accepted_in_order(tmp_path):
    pipeline = PushPipeline(tmp_path, streams=2)
    try:
        bulk = pipeline.bulk(20)
        http = pipeline.http(10)
        assert pipeline.receiver.accepted() == 2 + 20 + 10  # with the warm-up round
        arrived = [e["jti"] for e in httpx.get(
            pipeline.receiver.url + "/ssf/receiver/events",
            params={"accepted": "true", "duplicate": "false", "limit": 1000}).json()["events"]]
        for sid in pipeline.stream_ids:
            generated = [r.jti for r in reversed(pipeline.tx.sets.history(sid, 1000))]
            assert len(generated) == 16
            assert [j for j in arrived if j in set(generated)] == generated
    finally:
        pipeline.close()
    for run in (bulk, http):
        assert run.rate > 0 and run.tx_ms > 0 and run.rx_ms >= 0
    assert pipeline.receiver.proc.poll() is not None  # the receiver process is gone
