"""Issue 14, secrets at rest: the state directory is 0700 and every database (with its WAL and
shared-memory files) and credentials file is 0600 from the moment it exists, whatever the umask;
what an older version left wider is narrowed."""
from __future__ import annotations

import os
import stat
from contextlib import contextmanager

from harness.hardening import private_dir, private_file, write_private
from harness.reference.directory.db import Database as DirectoryDatabase
from harness.reference.receiver.db import Database as ReceiverDatabase
from harness.reference.transmitter.db import Database as TransmitterDatabase


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@contextmanager
def permissive_umask():
    """umask 0: a file made with default modes would come out world-readable."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_state_directory_and_credentials_are_private(tmp_path):
    with permissive_umask():
        state = private_dir(tmp_path / ".state")
        creds = write_private(state / "serve-credentials.json", '{"token": "x"}')
    assert mode(state) == 0o700
    assert mode(creds) == 0o600 and creds.read_text() == '{"token": "x"}'
    assert not [p for p in state.iterdir() if p.name.startswith(".")]  # no temporary left


def test_databases_and_their_wal_files_are_0600(tmp_path):
    with permissive_umask():
        state = private_dir(tmp_path / "state")
        dbs = [TransmitterDatabase(state / "transmitter.sqlite3"),
               ReceiverDatabase(state / "receiver.sqlite3"),
               DirectoryDatabase(state / "directory.sqlite3")]
        dbs[0].execute("INSERT INTO signing_keys VALUES ('k', '{}', 0)")  # writes the WAL
        with dbs[1].tx() as conn:
            conn.execute("INSERT INTO kv VALUES ('k', '1')")
        dbs[2].execute("INSERT INTO signing_keys VALUES ('k', '{}', 0)")
        files = sorted(p.name for p in state.iterdir())
        modes = {p.name: mode(p) for p in state.iterdir()}
        for db in dbs:
            db.close()
    assert {f"{n}.sqlite3{s}" for n in ("transmitter", "receiver", "directory")
            for s in ("", "-wal", "-shm")} <= set(files)
    assert set(modes.values()) == {0o600}, modes


def test_files_left_wider_by_older_versions_are_narrowed(tmp_path):
    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    (old / "tx.sqlite3").write_text("")
    (old / "tx.sqlite3").chmod(0o644)
    private_dir(old)
    private_file(old / "tx.sqlite3")
    assert mode(old) == 0o700 and mode(old / "tx.sqlite3") == 0o600
