"""A mitmdump fork server for the self-test's batch workers; runs under `.venv-mitm`'s Python
with the standard library and mitmproxy only (never the harness package).

Starting mitmdump is mostly importing mitmproxy (~0.4 s of CPU), and every run starts three of
them. This process imports mitmproxy once; for each request of the launcher
(mitm_launcher.py, what SSF_MITMDUMP points at in a batch worker) it forks a child that is
exactly `mitmdump ARGS` with the launcher's stdin, stdout, stderr, environment and working
directory. The child's exit status goes back to the launcher; a launcher that disappears takes
its child with it, and so does this server when its parent (the batch worker) goes.

    python mitm_zygote.py SOCKET      prints "ready" once it listens
"""
from __future__ import annotations

import array
import json
import os
import selectors
import signal
import socket
import struct
import sys
import traceback

FDS = 3   # stdin, stdout, stderr


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    header, ancillary, _, _ = conn.recvmsg(4, socket.CMSG_LEN(FDS * 4))
    fds = array.array("i")
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
    (length,) = struct.unpack("!I", header)
    payload = b""
    while len(payload) < length:
        chunk = conn.recv(length - len(payload))
        if not chunk:
            raise ConnectionError("launcher went away mid-request")
        payload += chunk
    return json.loads(payload), list(fds)


def _child(request: dict, fds: list[int], keep_closed: list) -> None:
    """In the forked child: become `mitmdump ARGS` and never return."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for item in keep_closed:
            item.close() if hasattr(item, "close") else os.close(item)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = list(request["argv"])
        from mitmproxy.tools.main import mitmdump
        mitmdump(sys.argv[1:])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:   # noqa: BLE001 - reported on the child's stderr like mitmdump would
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:   # noqa: BLE001 - the reader may be gone
                pass
        os._exit(code)


def serve(path: str) -> None:
    import mitmproxy.tools.cmdline  # noqa: F401 - the imports every child would pay for
    import mitmproxy.tools.dump  # noqa: F401
    import mitmproxy.tools.main  # noqa: F401

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)   # only to wake the loop
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "spawn")
    selector.register(wake_r, selectors.EVENT_READ, "reap")
    selector.register(sys.stdin, selectors.EVENT_READ, "parent")
    children: dict[int, socket.socket] = {}
    print("ready", flush=True)
    while True:
        for key, _ in selector.select():
            if key.data == "spawn":
                _spawn(listener, selector, children, [listener, selector, wake_r, wake_w])
            elif key.data == "reap":
                os.read(wake_r, 4096)
                _reap(children, selector)
            elif key.data == "parent":
                if not sys.stdin.buffer.read1(4096):   # the batch worker is gone
                    for pid in children:
                        _kill(pid)
                    return
            else:   # a launcher's socket: it only ever closes (killed before its child)
                try:
                    gone = not key.fileobj.recv(1)
                except OSError:
                    gone = True
                if gone:
                    selector.unregister(key.fileobj)
                    _kill(key.data)


def _spawn(listener: socket.socket, selector, children: dict, keep_closed: list) -> None:
    """Fork a mitmdump for one launcher. A launcher gone at any point (killed while the proxy
    starts, under load) costs only its own child, never this server: every later proxy of the
    batch worker depends on it."""
    try:
        conn, _ = listener.accept()
    except OSError:
        return
    try:
        request, fds = _receive(conn)
    except (OSError, ValueError):
        conn.close()
        return
    pid = os.fork()
    if pid == 0:
        _child(request, fds, [*keep_closed, conn, *children.values()])
    for fd in fds:
        os.close(fd)
    children[pid] = conn
    try:
        conn.sendall(f"pid {pid}\n".encode())
        selector.register(conn, selectors.EVENT_READ, pid)
    except OSError:   # the launcher went away: so does its child (reaped with the others)
        _kill(pid)


def _reap(children: dict, selector) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = children.pop(pid, None)
        if conn is None:
            continue
        code = os.waitstatus_to_exitcode(status)   # negative: killed by that signal
        try:
            selector.unregister(conn)
        except (KeyError, ValueError):
            pass
        try:
            conn.sendall(f"exit {code}\n".encode())
        except OSError:
            pass
        conn.close()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    serve(sys.argv[1])
