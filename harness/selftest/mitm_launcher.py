"""Stands in for mitmdump in a self-test batch worker (SSF_MITMDUMP points at a copy of this
file; standard library only, run with `python -S`): asks the fork server (mitm_zygote.py, at
SSF_MITM_ZYGOTE) for a mitmdump child that uses this process's stdin, stdout, stderr,
environment and arguments, passes on the signals it gets (the proxy stops mitmdump with
SIGTERM) and exits with the child's status, so the recording proxy sees a mitmdump process.
When the fork server cannot be reached, it runs the real mitmdump (SSF_MITM_FALLBACK)."""
import array
import json
import os
import signal
import socket
import struct
import sys


def main() -> None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(os.environ["SSF_MITM_ZYGOTE"])
    except OSError:   # the fork server is gone: be the real mitmdump instead, only slower
        real = os.environ["SSF_MITM_FALLBACK"]
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        os.execve(real, [real, *sys.argv[1:]], env)
    payload = json.dumps({"argv": sys.argv, "env": dict(os.environ),
                          "cwd": os.getcwd()}).encode()
    conn.sendmsg([struct.pack("!I", len(payload))],
                 [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))])
    conn.sendall(payload)
    answers = conn.makefile("r")
    pid = int(answers.readline().split()[1])

    def forward(signum, _frame):
        os.kill(pid, signum)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    line = answers.readline()
    code = int(line.split()[1]) if line else 1
    if code < 0:   # killed by a signal: die of the same one
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    sys.exit(code)


if __name__ == "__main__":
    main()
