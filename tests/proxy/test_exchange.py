"""Reading records back, per-scenario markers, curl lines and URL rewriting (no subprocess)."""
from __future__ import annotations

import base64
import json
import shlex

import pytest

from harness.proxy import Exchange, Marker, end_marker, read_exchanges
from harness.proxy.urls import normalise_origin, rewrite_origin, rewrite_urls


def record(seq: int, path: str = "/x", *, method: str = "GET", body=None, b64=False,
           headers=(), response=True, **extra) -> dict:
    url = f"http://127.0.0.1:8000{path}"
    return {"id": f"id-{seq}", "exchange_seq": seq, "mode": "reverse:http://127.0.0.1:8000",
            "client": "127.0.0.1:5000",
            "request": {"timestamp_start": 1.0, "timestamp_end": 1.001, "method": method,
                        "pretty_url": url, "url": url, "http_version": "HTTP/1.1",
                        "host_header": "127.0.0.1:8000", "headers": [list(h) for h in headers],
                        "body": body, "body_base64": b64,
                        "body_size": len(body or ""), **extra},
            "response": {"timestamp_start": 1.002, "timestamp_end": 1.0125, "status_code": 200,
                         "reason": "OK", "http_version": "HTTP/1.1", "headers": [],
                         "body": "{}", "body_base64": False, "body_size": 2} if response else None,
            "error": None if response else {"msg": "Connection killed.", "timestamp": 1.1},
            "faults": [] if response else [{"action": "drop"}]}


def write(path, *records, partial: str = ""):
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + partial)


def test_read_exchanges_skips_a_line_still_being_written(tmp_path):
    path = tmp_path / "r.jsonl"
    third = json.dumps(record(3))
    write(path, record(1), record(2), partial=third[:20])
    exchanges, marker = read_exchanges(path)
    assert [e.seq for e in exchanges] == [1, 2]
    assert marker == end_marker(path) and marker.offset < path.stat().st_size
    with open(path, "a") as fh:
        fh.write(third[20:] + "\n")  # the writer finishes the line
    assert [e.seq for e in read_exchanges(path, marker)[0]] == [3]


def test_markers_slice_and_missing_file_is_empty(tmp_path):
    path = tmp_path / "r.jsonl"
    assert read_exchanges(path) == ([], Marker(0)) and end_marker(path) == Marker(0)
    write(path, record(1))
    middle = end_marker(path)
    with open(path, "a") as fh:
        fh.write(json.dumps(record(2, "/y")) + "\n")
    assert [e.path for e in read_exchanges(path, middle)[0]] == ["/y"]


def test_exchange_fields_and_summary():
    ok = Exchange.from_record(record(3, "/events?x=1", method="POST", body='{"a":1}',
                                     headers=[("Content-Type", "application/json")]))
    assert ok.status == 200 and ok.path == "/events?x=1" and ok.request.json() == {"a": 1}
    assert ok.request.header("content-type") == "application/json"
    assert ok.summary() == "#3 POST http://127.0.0.1:8000/events?x=1 -> 200 OK (12.5 ms)"
    failed = Exchange.from_record(record(4, response=False))
    assert failed.status is None and failed.duration_ms is None
    assert failed.summary() == \
        "#4 GET http://127.0.0.1:8000/x -> ERROR Connection killed. [fault: drop]"


def test_binary_content_round_trips():
    data = bytes(range(10))
    exchange = Exchange.from_record(record(1, body=base64.b64encode(data).decode(), b64=True))
    assert exchange.request.content() == data
    with pytest.raises(ValueError):
        exchange.request.json()


def test_curl_uses_variables_for_redacted_values_and_skips_hop_headers():
    exchange = Exchange.from_record(record(
        1, "/streams?token=[REDACTED%20fp:ab12cd34]", method="POST",
        body='{"authorization_header":"Bearer [REDACTED fp:ab12cd34]","q":"it\'s"}',
        headers=[("Host", "127.0.0.1:8000"), ("Content-Length", "10"),
                 ("Authorization", "Bearer [REDACTED fp:ab12cd34]"),
                 ("Cookie", "[REDACTED fp:00112233]"), ("Accept-Encoding", "gzip")]))
    line = exchange.to_curl(cacert="/tmp/ca.pem")
    argv = shlex.split(line)  # parses as a shell command line
    assert argv[:4] == ["curl", "--silent", "--show-error", "--include"]
    assert ["--cacert", "/tmp/ca.pem"] == argv[4:6] and ["--request", "POST"] == argv[6:8]
    assert '"Authorization: Bearer ${TOKEN}"' in line and '"Cookie: ${COOKIE}"' in line
    assert "Content-Length" not in line and "Host:" not in line and "--compressed" in line
    assert '\\"authorization_header\\":\\"Bearer ${SECRET}\\"' in line
    assert line.endswith('"http://127.0.0.1:8000/streams?token=${SECRET}"')


def test_curl_for_binary_truncated_and_get_requests():
    body = base64.b64encode(b"\x00\xff").decode()
    binary = Exchange.from_record(record(1, method="PUT", body=body, b64=True,
                                         body_truncated=True))
    line = binary.to_curl()
    assert line.startswith("printf %s AP8= | base64 -d | curl ")
    assert "--data-binary @-" in line and line.endswith("# body truncated in the record: "
                                                       "reproduce with the full body")
    plain = Exchange.from_record(record(2, headers=[("Host", "tut.example")])).to_curl()
    assert "--request" not in plain and "'Host: tut.example'" in plain  # virtual host kept


def test_origins_and_rewriting():
    assert normalise_origin("HTTPS://Example.COM") == "https://example.com:443"
    with pytest.raises(ValueError):
        normalise_origin("https://example.com/path")
    assert rewrite_origin("http://127.0.0.1:80/a?b#c", "http://127.0.0.1", "https://p:1") == \
        "https://p:1/a?b#c"
    assert rewrite_origin("http://127.0.0.1:81/a", "http://127.0.0.1", "https://p:1") == \
        "http://127.0.0.1:81/a"
    doc = {"a": ["http://u:1/x", 3, None], "b": {"c": "http://u:1"}}
    assert rewrite_urls(doc, "http://u:1", "http://p:2") == \
        {"a": ["http://p:2/x", 3, None], "b": {"c": "http://p:2"}}
