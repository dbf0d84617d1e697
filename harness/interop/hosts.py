"""Which hosts a matrix or load run may send requests to: loopback, or a host the profile itself
declares (its issuer, metadata, base, push endpoint, trigger or observation URLs). A load run is
a burst of traffic: pointed at a host nobody declared, it would be an attack, so it is refused
before the first request."""
from __future__ import annotations

import ipaddress

from harness.profiles.hosts import declared_hosts, url_host
from harness.profiles.model import Profile


class HostRefused(ValueError):
    """A URL names a host that is neither loopback nor declared by the profile."""


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, profile: Profile, what: str) -> str:
    """`url` when its host is loopback or declared by `profile`; else HostRefused."""
    host = url_host(url)
    if host is None or is_loopback(host) or host in declared_hosts(profile):
        return url
    raise HostRefused(
        f"{what} {url!r} is on host {host!r}, which is neither loopback nor declared by "
        f"profile {profile.name!r}: interop and load runs only target loopback or the hosts a "
        f"profile names (declare it as the profile's base_url, issuer or endpoint_url)")


# Members whose value is a place to send requests to (SSF §7.1: `jwks_uri` and the `*_endpoint`
# members; vendors add `*_url`/`*_uri` ones). Everything else that looks like a URL is an
# identifier nobody calls: event types, delivery-method URNs, `spec_urn`s.
_CALLED = ("_endpoint", "_uri", "_url")


def urls_in(value, key: str = "") -> list[str]:
    """Every absolute URL a JSON document (e.g. transmitter metadata) gives as a place to send
    requests to: the values of `jwks_uri`, `*_endpoint`, `*_uri` and `*_url` members, at any
    depth (arrays under such a member included)."""
    if isinstance(value, str):
        return [value] if "://" in value and key.endswith(_CALLED) else []
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in urls_in(v, str(k))]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v, key)]
    return []
