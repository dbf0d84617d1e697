"""Hardening shared by the reference servers: strict JSON, total validators for query
parameters, headers and URLs, the outbound address policy, and private files for secrets.

A room of its own so the transmitter, receiver and directory (which never import each other)
apply one rule each, in one place.
"""
from harness.hardening.addresses import (
    AddressPolicy, AddressRefused, refused_by_policy, sync_transport,
)
from harness.hardening.aiohttp_transport import async_transport
from harness.hardening.bounded_bodies import MAX_ANSWER_BYTES, bound_response_bodies
from harness.hardening.inputs import (
    InputError, ascii_int, ascii_number, bearer_matches, header_text, http_url,
)
from harness.hardening.private_files import private_dir, private_file, write_private
from harness.hardening.strict_json import StrictJSONError, check, is_strict, loads

__all__ = ["AddressPolicy", "AddressRefused", "MAX_ANSWER_BYTES", "bound_response_bodies", "async_transport", "sync_transport",
           "refused_by_policy", "InputError", "ascii_int", "ascii_number", "bearer_matches",
           "header_text",
           "http_url", "private_dir", "private_file", "write_private", "StrictJSONError",
           "check", "is_strict", "loads"]
