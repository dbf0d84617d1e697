"""The batch workers' mitmdump fork server (harness/selftest/mitm_zygote.py): a recording proxy
started through its launcher records, stops on SIGTERM with mitmdump's status, and a launcher
killed outright takes its mitmdump with it."""
import os
import signal

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from harness.proxy import RecordingProxy
from harness.proxy.process import default_mitmdump
from harness.runtime.servers import RunningServer
from harness.selftest.batch import start_mitm_zygote

pytestmark = pytest.mark.skipif(not os.access(default_mitmdump(), os.X_OK),
                                reason="mitmdump not installed (make setup)")


@pytest.fixture
def zygote(monkeypatch):
    for name in ("SSF_MITMDUMP", "SSF_SELFTEST_ZYGOTE"):
        monkeypatch.delenv(name, raising=False)
    started = start_mitm_zygote()
    assert started is not None
    proc, env = started
    for name, value in env.items():   # setenv: undone after the test, whatever was there
        monkeypatch.setenv(name, value)
    yield proc
    proc.stdin.close()   # its parent is gone: it ends, and its children with it
    proc.wait(10)


@pytest.fixture
def upstream():
    app = Starlette(routes=[Route("/x", lambda request: JSONResponse({"ok": True}))])
    server = RunningServer(app).start()
    yield server
    server.stop()


def test_a_proxy_started_through_the_fork_server_records_and_stops(zygote, upstream, tmp_path):
    for attempt in range(2):
        proxy = RecordingProxy(upstream.base_url, tmp_path / f"{attempt}.jsonl").start()
        assert proxy.mitmdump == default_mitmdump() or "ssf-zygote" in str(proxy.mitmdump)
        assert httpx.get(proxy.base_url + "/x").json() == {"ok": True}
        proxy.stop()
        assert proxy.returncode == 0
        assert [e.request.method for e in proxy.exchanges()] == ["GET"]


def test_a_killed_launcher_takes_its_mitmdump_with_it(zygote, upstream, tmp_path):
    proxy = RecordingProxy(upstream.base_url, tmp_path / "k.jsonl").start()
    port = proxy.port
    os.kill(proxy.pid, signal.SIGKILL)
    proxy.stop()   # waits for the end of mitmdump's output: the child's end, not the launcher's
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/x", timeout=2)


def _vanishing_launcher(sock_path: str) -> None:
    """A launcher's request, and gone before the answer (a proxy killed while it starts)."""
    import array
    import json
    import socket
    import struct
    payload = json.dumps({"argv": ["mitmdump", "--version"], "env": {},
                          "cwd": "/"}).encode()
    with open(os.devnull, "rb") as null_in, open(os.devnull, "wb") as null_out:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(sock_path)
        fds = [null_in.fileno(), null_out.fileno(), null_out.fileno()]
        conn.sendmsg([struct.pack("!I", len(payload))],
                     [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
        conn.sendall(payload)
        conn.close()


def test_launchers_that_vanish_mid_request_do_not_take_the_server_down(zygote, upstream,
                                                                        tmp_path):
    for _ in range(20):
        _vanishing_launcher(os.environ["SSF_MITM_ZYGOTE"])
    assert zygote.poll() is None
    test_a_proxy_started_through_the_fork_server_records_and_stops(zygote, upstream, tmp_path)


def test_without_the_server_the_launcher_runs_mitmdump_itself(zygote, upstream, tmp_path):
    zygote.kill()
    zygote.wait(10)
    proxy = RecordingProxy(upstream.base_url, tmp_path / "f.jsonl").start()
    assert httpx.get(proxy.base_url + "/x").json() == {"ok": True}
    proxy.stop()
    assert [e.request.method for e in proxy.exchanges()] == ["GET"]
