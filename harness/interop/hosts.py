"""Which hosts a matrix or load run may send requests to: loopback, or a host the profile itself
declares (its issuer, metadata, base, push endpoint, trigger or observation URLs). A load run is
a burst of traffic: pointed at a host nobody declared, it would be an attack, so it is refused
before the first request."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

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


def _host(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None                    # a path: joined to a declared base, so declared too
    return (urlsplit(url).hostname or "").lower() or None


def _trigger_urls(trigger) -> list[str | None]:
    return [getattr(trigger, "url", None)]


def declared_hosts(profile: Profile) -> set[str]:
    """Every host named by an absolute URL of the profile's transmitter and receiver."""
    urls: list[str | None] = []
    tx, rx = profile.transmitter, profile.receiver
    if tx is not None:
        urls += [tx.issuer, tx.metadata_url, tx.base_url, tx.auth.token_endpoint,
                 *_trigger_urls(tx.trigger), *_trigger_urls(tx.status_trigger)]
    if rx is not None:
        stream = rx.stream
        urls += [rx.base_url, rx.delivery.endpoint_url, *_trigger_urls(stream.create),
                 *_trigger_urls(stream.verify), *_trigger_urls(stream.delete),
                 rx.observation.actions_url, rx.observation.events_url,
                 rx.observation.security_state_url]
    return {h for h in map(_host, urls) if h}


def check_url(url: str, profile: Profile, what: str) -> str:
    """`url` when its host is loopback or declared by `profile`; else HostRefused."""
    host = _host(url)
    if host is None or is_loopback(host) or host in declared_hosts(profile):
        return url
    raise HostRefused(
        f"{what} {url!r} is on host {host!r}, which is neither loopback nor declared by "
        f"profile {profile.name!r}: interop and load runs only target loopback or the hosts a "
        f"profile names (declare it as the profile's base_url, issuer or endpoint_url)")


def urls_in(value) -> list[str]:
    """Every absolute URL in a JSON document (e.g. the endpoints transmitter metadata names)."""
    if isinstance(value, str):
        return [value] if "://" in value else []
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v)]
    return []
