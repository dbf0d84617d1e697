"""Group commit (Database.batched): concurrent works share one transaction and one fsync, each
in its own savepoint, and every caller returns only once its work is committed; the parsed JWKS
is kept with the cached document. Performance plumbing, so the tests pin the guarantees."""
import sqlite3
import threading

import pytest

from harness.jose import KeyRing, sign_set
from harness.reference.receiver.db import Database
from harness.reference.receiver.jwks import JwksCache


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "rx.sqlite3")
    yield database
    database.close()


def _insert(value: str):
    def work(conn: sqlite3.Connection) -> int:
        return conn.execute("INSERT INTO kv VALUES (?, ?)", (value, value)).lastrowid
    return work


def _values(db: Database) -> set[str]:
    return {r[0] for r in db.query("SELECT key FROM kv")}


def test_a_batched_work_is_committed_before_it_returns(db, tmp_path):
    assert db.batched(_insert("a")) > 0
    other = sqlite3.connect(tmp_path / "rx.sqlite3")  # another connection sees it: committed
    assert [r[0] for r in other.execute("SELECT key FROM kv")] == ["a"]
    other.close()


def test_a_failing_work_is_rolled_back_alone_and_raised_to_its_caller(db):
    def fails(conn):
        conn.execute("INSERT INTO kv VALUES ('half', 'done')")
        raise ValueError("boom")

    outcomes = db.batched_many([_insert("x"), fails, _insert("y")])
    assert [error is None for _, error in outcomes] == [True, False, True]
    assert isinstance(outcomes[1][1], ValueError)
    assert _values(db) == {"x", "y"}  # 'half' went with its savepoint
    with pytest.raises(ValueError):
        db.batched(fails)
    assert db.batched(_insert("z"))
    assert _values(db) == {"x", "y", "z"}


def test_a_failing_commit_fails_every_work_of_the_batch(db):
    # A constraint violation is per work; a work that leaves the transaction unusable (here
    # by committing it itself) makes the batch's COMMIT fail: nobody is told "committed".
    def breaks_the_transaction(conn):
        conn.execute("COMMIT")

    outcomes = db.batched_many([_insert("p"), breaks_the_transaction])
    assert all(error is not None for _, error in outcomes)
    assert db.batched(_insert("q"))  # the connection is usable afterwards


def test_concurrent_works_all_land_once(db):
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                db.batched(_insert(f"{n}-{i}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert _values(db) == {f"{n}-{i}" for n in range(8) for i in range(25)}


def test_the_parsed_jwks_is_kept_with_the_cached_document():
    key = KeyRing.generate("RS256").current
    documents = [{"keys": [key.public_jwk()]}]
    cache = JwksCache(lambda: documents[-1], ttl_seconds=300)
    jwks = cache.current()
    parsed = cache.keyset(jwks)
    assert cache.keyset(jwks) is parsed and cache.keyset(cache.current()) is parsed
    from harness.jose import verify_set
    token = sign_set({"iss": "x", "jti": "j", "events": {"e": {}}}, key)
    assert verify_set(token, parsed).claims["jti"] == "j"
    documents.append({"keys": [key.public_jwk()]})
    assert cache.keyset(cache.refresh()) is not parsed  # a refetch parses the new document


def test_a_jwks_jwcrypto_cannot_parse_is_handed_back_for_the_verifier_to_refuse():
    broken = {"keys": [{"kty": "RSA", "n": "not-a-number"}]}
    cache = JwksCache(lambda: broken, ttl_seconds=300)
    assert cache.keyset(cache.current()) is broken
    assert cache.keyset({"keys": "nope"}) == {"keys": "nope"}
