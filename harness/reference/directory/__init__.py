"""Reference trust directory: organisations, software statements and their signed Software
Statement Assertions (seeds/directory-create-software-statement.txt and
seeds/directory-get-ssa-assertion.txt), a Starlette ASGI app with SQLite persistence.

    app = create_app(DirectoryConfig(public_base_url=..., db_path=...,
                                     organisations=[Organisation("org-1", "Org", tokens=(t,))]))

Requests are validated with the schemas under schemas/directory (validation.py); SSAs are
built in ssa.py, statuses are applied in service.py, admin endpoints are in routes_admin.py.
"""
from harness.reference.directory.app import JWKS_PATH, create_app
from harness.reference.directory.config import DirectoryConfig, Organisation
from harness.reference.directory.faults import FAULTS

__all__ = ["create_app", "DirectoryConfig", "Organisation", "FAULTS", "JWKS_PATH"]
