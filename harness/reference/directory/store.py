"""The directory's records: organisations, software statements and the keystore."""
from __future__ import annotations

import json
from dataclasses import dataclass

from harness.reference.directory.config import Organisation
from harness.reference.directory.db import Database


@dataclass(frozen=True)
class OrganisationRecord:
    organisation_id: str
    name: str
    status: str
    authority_claims: list


@dataclass(frozen=True)
class StatementRecord:
    software_statement_id: str
    organisation_id: str
    status: str
    statement: dict      # the 201 body members the directory keeps (never the client secret)
    roles: list[dict]
    locked: bool
    created_at: float


class DirectoryStore:
    def __init__(self, db: Database):
        self.db = db

    # Organisations -------------------------------------------------------------------------

    def seed(self, organisations: list[Organisation]) -> None:
        """Insert configured organisations; name and claims follow the configuration, a status
        changed through the admin API is kept (it is the directory's state, not its config)."""
        for org in organisations:
            self.db.execute(
                "INSERT INTO organisations (organisation_id, name, status, authority_claims)"
                " VALUES (?,?,?,?) ON CONFLICT(organisation_id) DO UPDATE SET"
                " name = excluded.name, authority_claims = excluded.authority_claims",
                (org.organisation_id, org.name, org.status, json.dumps(list(org.authority_claims))))

    def organisation(self, organisation_id: str) -> OrganisationRecord | None:
        row = self.db.one("SELECT * FROM organisations WHERE organisation_id = ?",
                          (organisation_id,))
        if row is None:
            return None
        return OrganisationRecord(row["organisation_id"], row["name"], row["status"],
                                  json.loads(row["authority_claims"]))

    def set_organisation_status(self, organisation_id: str, status: str) -> bool:
        return self.db.execute("UPDATE organisations SET status = ? WHERE organisation_id = ?",
                               (status, organisation_id)) == 1

    # Software statements -------------------------------------------------------------------

    def add_statement(self, record: StatementRecord) -> None:
        self.db.execute(
            "INSERT INTO software_statements (software_statement_id, organisation_id, status,"
            " statement, roles, locked, created_at) VALUES (?,?,?,?,?,?,?)",
            (record.software_statement_id, record.organisation_id, record.status,
             json.dumps(record.statement), json.dumps(record.roles), int(record.locked),
             record.created_at))

    def statement(self, organisation_id: str, software_statement_id: str) -> StatementRecord | None:
        row = self.db.one("SELECT * FROM software_statements WHERE software_statement_id = ?"
                          " AND organisation_id = ?", (software_statement_id, organisation_id))
        if row is None:
            return None
        return StatementRecord(row["software_statement_id"], row["organisation_id"],
                               row["status"], json.loads(row["statement"]),
                               json.loads(row["roles"]), bool(row["locked"]), row["created_at"])

    def set_statement_status(self, organisation_id: str, software_statement_id: str,
                             status: str) -> bool:
        return self.db.execute(
            "UPDATE software_statements SET status = ? WHERE software_statement_id = ?"
            " AND organisation_id = ?", (status, software_statement_id, organisation_id)) == 1

    def lock_statement(self, software_statement_id: str) -> None:
        """'Flag shows if assertion has been generated on the software statement'."""
        self.db.execute("UPDATE software_statements SET locked = 1"
                        " WHERE software_statement_id = ?", (software_statement_id,))

    # Keystore ------------------------------------------------------------------------------

    def published_jwks(self, owner: str) -> dict:
        text = self.db.scalar("SELECT jwks FROM keystore WHERE owner = ?", (owner,))
        return json.loads(text) if text else {"keys": []}

    def publish_jwks(self, owner: str, jwks: dict) -> None:
        self.db.execute("INSERT INTO keystore (owner, jwks) VALUES (?, ?)"
                        " ON CONFLICT(owner) DO UPDATE SET jwks = excluded.jwks",
                        (owner, json.dumps(jwks)))
