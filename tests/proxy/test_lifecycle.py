"""Starting, stopping and failing: clear errors, no hangs, nothing lost."""
from __future__ import annotations

import ast
import os
import signal
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.proxy import ExchangeTimeout, ProxyError, RecordingProxy
from harness.runtime.servers import free_port
from tests.proxy.conftest import WAIT_SECONDS


def test_port_in_use_is_a_clear_error(tmp_path, implementation, mitm_confdir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proxy = RecordingProxy(implementation.base_url, tmp_path / "r.jsonl", listen_port=port,
                               confdir=mitm_confdir)
        with pytest.raises(ProxyError, match=r"(?is)exited during startup \(rc=1\).*in use"):
            proxy.start()
    assert not proxy.running


def test_upstream_down_records_502_without_hanging(proxy_factory, http):
    proxy = proxy_factory(f"http://127.0.0.1:{free_port()}", "down")
    response = http.post(proxy.base_url + "/events", content=b"x")
    assert response.status_code == 502
    exchange = proxy.wait_for_exchange(lambda e: e.path == "/events", WAIT_SECONDS)
    assert exchange.response is None and "connect call failed" in exchange.error.lower()
    assert exchange.request.body == "x"


def test_stop_flushes_every_exchange(tmp_path, implementation, http, mitm_confdir):
    record = tmp_path / "flush.jsonl"
    with RecordingProxy(implementation.base_url, record, confdir=mitm_confdir) as proxy:
        url = proxy.base_url
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda i: http.get(f"{url}/n/{i}").status_code, range(40)))
    assert statuses == [200] * 40
    assert proxy.returncode == 0 and not proxy.running
    exchanges = proxy.exchanges()  # still readable after stop
    assert sorted(e.path for e in exchanges) == sorted(f"/n/{i}" for i in range(40))
    assert sorted(e.seq for e in exchanges) == list(range(1, 41))
    assert proxy.wait_for_exchange(lambda e: e.path == "/n/7", 1).path == "/n/7"
    began = time.monotonic()
    with pytest.raises(ExchangeTimeout, match="proxy not running"):
        proxy.wait_for_exchange(lambda e: False, WAIT_SECONDS)  # nothing can arrive: no wait
    assert time.monotonic() - began < WAIT_SECONDS / 2


def test_stop_kills_a_proxy_that_ignores_sigterm(tmp_path, implementation, mitm_confdir):
    proxy = RecordingProxy(implementation.base_url, tmp_path / "r.jsonl", confdir=mitm_confdir,
                           stop_timeout=0.5).start()
    os.kill(proxy.pid, signal.SIGSTOP)  # a stopped process cannot act on SIGTERM
    proxy.stop()
    assert proxy.returncode == -signal.SIGKILL and not proxy.running


def test_keep_host_header_makes_the_implementation_hand_out_proxy_urls(proxy_factory,
                                                                        implementation, http):
    proxy = proxy_factory(implementation.base_url, "keep-host", keep_host_header=True,
                          exchange_id_header="")
    response = http.get(proxy.base_url + "/.well-known/ssf-configuration")
    assert "x-ssf-exchange-id" not in response.headers  # disabled
    config = response.json()
    assert config["jwks_uri"] == proxy.base_url + "/jwks.json"
    (exchange,) = proxy.exchanges()
    assert exchange.url.startswith(proxy.base_url)  # pretty_url follows Host
    assert exchange.request.upstream_url.startswith(implementation.base_url)


def test_missing_mitmdump_is_a_clear_error(tmp_path):
    proxy = RecordingProxy("http://127.0.0.1:9", tmp_path / "r.jsonl", mitmdump=tmp_path / "nope")
    with pytest.raises(ProxyError, match="mitmdump not found"):
        proxy.start()


def test_missing_ca_file_is_a_clear_error(tmp_path):
    proxy = RecordingProxy("https://127.0.0.1:9", tmp_path / "r.jsonl",
                           upstream_ca=tmp_path / "absent.pem")
    with pytest.raises(ProxyError, match="upstream_ca file not found"):
        proxy.start()


@pytest.mark.parametrize("upstream", ["http://127.0.0.1:9/base", "ftp://x", "not a url",
                                      "http://127.0.0.1:9?q=1"])
def test_upstream_must_be_an_origin(tmp_path, upstream):
    with pytest.raises(ProxyError):
        RecordingProxy(upstream, tmp_path / "r.jsonl")


def test_base_url_before_start_is_an_error(tmp_path):
    with pytest.raises(ProxyError, match="not started"):
        RecordingProxy("http://127.0.0.1:9", tmp_path / "r.jsonl").base_url


@pytest.mark.parametrize("name", ["addon.py", "redact.py"])
def test_proxy_side_files_import_only_stdlib_and_mitmproxy(name):
    # These run inside .venv-mitm, where neither `harness` nor the suite's packages exist.
    source = Path(__file__).parents[2] / "harness" / "proxy" / name
    tree = ast.parse(source.read_text())
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    roots = {m.split(".")[0] for m in modules}
    assert roots <= set(sys.stdlib_module_names) | {"mitmproxy", "__future__"}, roots
