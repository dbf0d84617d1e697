"""Issue 2 done-criterion: 1,000 SETs pushed and 1,000 polled from the reference transmitter to
the reference receiver, with a transmitter restart in the middle: none lost, none duplicated in
the receiver's event log. Real servers, real SQLite, real JOSE.

Delivery is at-least-once (RFC 8935/8936): a SET in flight when the transmitter stops is sent
again after the restart. The receiver recognises such a repeat (same jti, same bytes) and logs
it flagged `duplicate`, acting on it only once; the log of first acceptances has each SET once."""
from collections import Counter

import httpx

from harness.reference.receiver import ReceiverConfig
from harness.reference.receiver import create_app as receiver_app
from harness.reference.transmitter import ReceiverClient, TransmitterConfig
from harness.reference.transmitter import create_app as transmitter_app
from harness.runtime.servers import RunningServer, free_port

N = 1000
TOKEN, PUSH, ADMIN = "durability-token-0123456789", "durability-push", "durability-admin"
WAIT = 120  # seconds the receiver may hold the event-log read while deliveries catch up
SR = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"


def _transmitter(tmp_path, port, rx_url):
    config = TransmitterConfig(
        public_base_url=f"http://127.0.0.1:{port}", db_path=tmp_path / "tx.sqlite3",
        clients=[ReceiverClient("rx", tokens=(TOKEN,), audience=rx_url)], admin_token=ADMIN,
        push_backoff_base=0.02, push_backoff_max=0.5, push_max_attempts=50,
        allow_loopback_addresses=True)
    return RunningServer(transmitter_app(config), port=port).start()


def test_thousand_pushed_and_thousand_polled_across_a_transmitter_restart(tmp_path):
    tx_port, rx_port = free_port(), free_port()
    tx_url, rx_url = f"http://127.0.0.1:{tx_port}", f"http://127.0.0.1:{rx_port}"
    rx = RunningServer(receiver_app(ReceiverConfig(
        public_base_url=rx_url, db_path=tmp_path / "rx.sqlite3",
        transmitter_issuer=tx_url + "/ssf", transmitter_token=TOKEN, push_bearer=PUSH,
        expected_audience=rx_url, poll_long_wait_seconds=2.0, max_wait_seconds=120)),
        port=rx_port).start()
    tx = _transmitter(tmp_path, tx_port, rx_url)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with httpx.Client(timeout=30) as client:
            push = client.post(tx_url + "/ssf/stream", headers=auth, json={
                "events_requested": [SR],
                "delivery": {"method": "urn:ietf:rfc:8935",
                             "endpoint_url": rx_url + "/ssf/receiver/push",
                             "authorization_header": f"Bearer {PUSH}"}})
            poll = client.post(tx_url + "/ssf/stream", headers=auth,
                               json={"events_requested": [SR]})
            assert push.status_code == poll.status_code == 201
            poll_url = poll.json()["delivery"]["endpoint_url"]
            started = client.post(rx_url + "/ssf/receiver/poller",
                                  json={"enabled": True, "endpoint_url": poll_url})
            assert started.status_code == 200, started.text

            issued = Counter()
            for i in range(N):
                if i == N // 2:  # restart the transmitter on the same database, same port
                    tx.stop()
                    tx = _transmitter(tmp_path, tx_port, rx_url)
                resp = client.post(tx_url + "/ssf/actions/session-revoked",
                                   headers={"Authorization": f"Bearer {ADMIN}"},
                                   json={"email": f"user{i}@example.com"})
                assert resp.status_code == 202, resp.text
                for delivery in resp.json()["deliveries"]:
                    issued[delivery["jti"]] += 1
            assert len(issued) == 2 * N and max(issued.values()) == 1

            logged = []
            for method in ("push", "poll"):
                got = client.get(rx_url + "/ssf/receiver/events", params={
                    "delivery": method, "accepted": "true", "duplicate": "false",
                    "min_count": N, "limit": N,
                    "wait": WAIT, "event_type": "session-revoked"},
                    timeout=WAIT + 15)  # the receiver holds the request up to WAIT seconds
                assert got.status_code == 200, got.text
                logged += [e["jti"] for e in got.json()["events"]]
    finally:
        tx.stop()
        rx.stop()
    counts = Counter(logged)
    lost = set(issued) - set(counts)
    if lost:  # say where a lost SET stands at the transmitter, for the failure message
        with httpx.Client(timeout=10) as client:
            tx = _transmitter(tmp_path, tx_port, rx_url)
            try:
                records = []
                for sid in (push.json()["stream_id"], poll.json()["stream_id"]):
                    records += client.get(tx_url + "/ssf/events",
                                          params={"limit": 1000, "stream_id": sid},
                                          headers={"Authorization": f"Bearer {ADMIN}"}
                                          ).json().get("events", [])
            finally:
                tx.stop()
        lost_info = [r for r in records if r.get("jti") in lost]
        raise AssertionError(f"lost {len(lost)} SET(s): {lost_info}")
    assert set(counts) == set(issued), (f"lost {len(set(issued) - set(counts))}, "
                                        f"unexpected {len(set(counts) - set(issued))}")
    assert max(counts.values()) == 1, "a SET was logged twice"


def test_no_set_lost_under_receiver_faults_an_outage_and_a_kill_9(tmp_path):
    """Issue 14: 30 % of pushes meet a fault (503, 429 with Retry-After, a reset before or after
    the receiver got the SET, no answer until the timeout), the receiver is down for a while and
    the transmitter is killed with SIGKILL mid-run. Every SET arrives (retries by time budget,
    the outbox survives the kill), a SET is repeated only with its own jti and the receiver flags
    it, and each stream's SETs arrive in the order they were issued. `make bench` runs the large
    version (benchmarks/bench_durability.py)."""
    from tests.reference.durability.rig import Plan, run

    out = run(Plan(sets=240, streams=6, outage_seconds=2.0), tmp_path)
    assert out.lost == [], f"lost {len(out.lost)} of {out.issued}"
    assert out.accepted == out.issued == 240
    assert out.unflagged_duplicates == 0
    assert out.order_violations == 0
    assert sum(v for k, v in out.faults.items() if k != "passed") > 0  # faults did happen
