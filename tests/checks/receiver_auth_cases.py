"""Passing and failing examples of harness/checks/receiver_auth.py."""
from harness.checks import receiver_auth as ra

CASES = {
    "check_call_authorized_after_token_expiry": (
        lambda: ra.check_call_authorized_after_token_expiry([401, 204], 1),
        lambda: ra.check_call_authorized_after_token_expiry([401, 401], 0)),
    "check_scopes_from_resource_metadata": (
        lambda: ra.check_scopes_from_resource_metadata(["ssf.manage.x"], ["ssf.manage.x"]),
        lambda: ra.check_scopes_from_resource_metadata(["ssf.manage ssf.read"],
                                                       ["ssf.manage.x"])),
}
