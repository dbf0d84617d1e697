"""The hosts a profile names: every host of an absolute URL of its transmitter, receiver and
directory sections. A run may send requests to these (and to loopback when the target is on
this machine); other private addresses are refused (harness/suite/http.py, harness/interop)."""
from __future__ import annotations

from urllib.parse import urlsplit

from harness.profiles.model import Profile


def url_host(url: str | None) -> str | None:
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
    directory = getattr(profile, "directory", None)
    if directory is not None:
        urls += [getattr(directory, name, None) for name in ("base_url", "jwks_url", "issuer")]
    return {h for h in map(url_host, urls) if h}
