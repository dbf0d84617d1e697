"""Origins and URL rewriting for a reverse proxy.

mitmproxy's reverse mode forwards requests but does not rewrite bodies, so absolute URLs an
implementation hands out (jwks_uri, configuration_endpoint, endpoint_url, ...) point at the
upstream. Following them would bypass the proxy; the harness rewrites them to the proxy first.
"""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_key(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) with default ports filled in; None for non-HTTP(S) or bad URLs."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def normalise_origin(url: str) -> str:
    """`https://Host:443/` -> `https://host:443`. Raises ValueError for anything but an origin:
    mitmproxy's reverse mode forwards to an origin, a path prefix would be silently dropped."""
    key = origin_key(url)
    if key is None:
        raise ValueError(f"not an http(s) origin: {url!r}")
    parts = urlsplit(url)
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"upstream must be a bare origin (scheme://host:port), got {url!r}")
    scheme, host, port = key
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}:{port}"


def rewrite_origin(url: str, from_origin: str, to_origin: str) -> str:
    """Swap the origin of `url` if it is `from_origin`; any other URL comes back unchanged."""
    if not isinstance(url, str) or origin_key(url) != origin_key(from_origin):
        return url
    parts = urlsplit(url)
    target = urlsplit(to_origin)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


def rewrite_urls(value, from_origin: str, to_origin: str):
    """Deep copy of a JSON-like value with every string URL on `from_origin` rewritten."""
    if isinstance(value, str):
        return rewrite_origin(value, from_origin, to_origin)
    if isinstance(value, list):
        return [rewrite_urls(v, from_origin, to_origin) for v in value]
    if isinstance(value, dict):
        return {k: rewrite_urls(v, from_origin, to_origin) for k, v in value.items()}
    return value
