"""The directory's behaviour behind the routes: create a software statement, issue its SSA.

How statuses change what is allowed (our reading of the seed pages, which list the statuses
but not their effects):
* Organisation status is 'Status of the directory registration of an organisation'. Active:
  everything is allowed. Pending: the registration is not complete, so the organisation may
  prepare its software statements but the directory does not vouch for them yet: no SSA (403).
  Withdrawn ('voluntary withdrawal from directory scenarios'): the organisation has left, so
  neither create nor SSA (403).
* Software statement status is 'Is this software statement Active/Suspended/Inactive'. Only
  Active software gets an SSA; Inactive and Suspended get 403. The SSA carries no software
  status claim, so refusing to issue is the only way the directory can say so.
A relying party still sees `org_status` in every SSA and can decide for itself; the admin
`mint` endpoint issues an SSA whatever the statuses, for relying-party tests.
"""
from __future__ import annotations

from harness.reference.directory.access import Access
from harness.reference.directory.config import DirectoryConfig
from harness.reference.directory.db import Database
from harness.reference.directory.httputil import DirectoryError, bad_request, forbidden
from harness.reference.directory.keys import DirectoryKeys
from harness.reference.directory.ssa import sign_ssa, signed, ssa_claims
from harness.reference.directory.statements import PLACEHOLDER_LOGO_PATH, new_statement
from harness.reference.directory.store import (
    DirectoryStore, OrganisationRecord, StatementRecord,
)

# Room kept below the 4,000-character limit when a statement is created, for what can change
# before an assertion is issued: a longer org_status ('Withdrawn') and longer iat/exp digits.
SSA_SIZE_MARGIN = 32


class Directory:
    def __init__(self, config: DirectoryConfig):
        self.config = config
        self.db = Database(config.db_path)
        self.store = DirectoryStore(self.db)
        self.store.seed(config.organisations)
        self.keys = DirectoryKeys(self.db, config.signing_alg, config.key_grace_seconds,
                                  config.clock)
        self.access = Access(config)
        self.counters = {"internal_errors": 0}

    @property
    def internal_errors(self) -> int:
        return self.counters["internal_errors"]

    def organisation(self, organisation_id: str) -> OrganisationRecord:
        org = self.store.organisation(organisation_id)
        if org is None:  # reachable only when a token may act for any organisation (fault)
            raise forbidden("OrganisationId: no such organisation in this directory")
        return org

    def create(self, organisation_id: str,
               body: dict) -> tuple[StatementRecord, list[str], str | None]:
        org = self.organisation(organisation_id)
        if org.status == "Withdrawn":
            raise forbidden("OrganisationId: the organisation has withdrawn from the directory")
        now = self.config.clock()
        record, warnings, secret = new_statement(
            organisation_id, body, now, self.config.url(PLACEHOLDER_LOGO_PATH))
        size = len(signed(ssa_claims(org, record, self.config, now), self.keys))
        if size > self.config.ssa_max_length - SSA_SIZE_MARGIN:
            raise bad_request(f"body: its assertion would be {size} characters, more than the"
                              f" {self.config.ssa_max_length} an SSA may have; shorten it")
        self.store.add_statement(record)
        return record, warnings, secret

    def statement(self, organisation_id: str, software_statement_id: str) -> StatementRecord:
        record = self.store.statement(organisation_id, software_statement_id)
        if record is None:
            raise DirectoryError(404, ["SoftwareStatementId: no such software statement in this"
                                       " organisation"])
        return record

    def assertion(self, organisation_id: str, software_statement_id: str, *,
                  check_status: bool = True, lifetime: int | None = None) -> str:
        """The SSA; `lifetime` (admin mint only) replaces the configured exp - iat."""
        org = self.organisation(organisation_id)
        record = self.statement(organisation_id, software_statement_id)
        if check_status:
            self._refuse_inactive(org, record)
        claims = ssa_claims(org, record, self.config, self.config.clock())
        if lifetime is not None:
            claims["exp"] = claims["iat"] + lifetime
        token = sign_ssa(claims, self.keys, self.config)
        self.store.lock_statement(software_statement_id)
        return token

    def _refuse_inactive(self, org: OrganisationRecord, record: StatementRecord) -> None:
        if org.status != "Active" and not self.config.fault("ssa-org-status-ignored"):
            raise forbidden(f"OrganisationId: the organisation is {org.status}; the directory"
                            " issues assertions for Active organisations only")
        if record.status != "Active" and not self.config.fault("ssa-software-status-ignored"):
            raise forbidden(f"SoftwareStatementId: the software statement is {record.status};"
                            " the directory issues assertions for Active software only")

    def close(self) -> None:
        self.db.close()
