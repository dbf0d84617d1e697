"""The secrets a conformance run holds, for either role, in one type. Secrets never appear in
repr() (reports print step arguments with repr()), and `secrets()` lists every one so the
recording proxies can redact them before anything is written."""
from __future__ import annotations

import secrets as _secrets
from dataclasses import dataclass, field, fields

SUITE_OAUTH_CLIENT = "suite-oauth-client"   # the embedded reference's OAuth client for the suite


def _secret(default=None):
    return field(default=default, repr=False, metadata={"secret": True})


@dataclass
class Credentials:
    # The suite as a receiver, toward a transmitter under test (transmitter role).
    primary: str | None = _secret()        # the management API bearer
    second: str | None = _secret()         # a second receiver's bearer (stream isolation)
    read_only: str | None = _secret()      # a bearer with ssf.read only
    oauth_token_endpoint: str | None = None
    oauth_client_id: str | None = None
    oauth_client_secret: str | None = _secret()
    admin: str | None = _secret()          # the embedded target's admin/trigger bearer
    # The suite as a transmitter, toward a receiver under test (receiver role).
    rut_token: str | None = _secret()      # what the RUT presents to the suite's persona
    rut_client_id: str | None = None       # or: its OAuth client at the persona's token endpoint
    rut_client_secret: str | None = _secret()
    push_authorization: str | None = _secret()   # the Authorization of pushes to the RUT
    control: str | None = _secret()        # the embedded reference receiver's control token

    def secrets(self) -> list[str]:
        values = [getattr(self, f.name) for f in fields(self) if f.metadata.get("secret")]
        auth = self.push_authorization
        if auth and auth.startswith("Bearer "):   # the bare token may be logged on its own
            values.append(auth[len("Bearer "):])
        return [v for v in values if v]

    @classmethod
    def generated(cls, primary: str | None = None, admin: str | None = None) -> "Credentials":
        """Fresh credentials for an embedded target; the profile's own secrets where it has
        them (so a test can pin them and prove they never reach a report)."""
        def tok() -> str:
            return _secrets.token_urlsafe(24)
        return cls(primary=primary or tok(), second=tok(), read_only=tok(),
                   oauth_client_id=SUITE_OAUTH_CLIENT, oauth_client_secret=tok(),
                   admin=admin or tok())
