"""Outbound address policy (anti-SSRF) for the reference servers.

A reference server fetches or pushes to URLs that someone else chose (a receiver's push
`endpoint_url`, a transmitter's `jwks_uri`), so by default it refuses loopback, private (RFC 1918,
RFC 4193, CGNAT...), link-local (169.254.169.254 is the cloud metadata service) and other
non-global addresses. `allow_loopback` and `allow_private` open those ranges; `allow` names hosts,
addresses or networks that are always fine (e.g. the operator-configured transmitter).

Names are resolved and every address is checked when the connection is made, and the connection
goes to the checked address itself, so a name that changes its answer after a check (DNS
rebinding) gains nothing. `check_url` is the early check for a URL given in a request: literal
addresses and names that resolve now.
"""
from __future__ import annotations

import ipaddress
import socket
import ssl
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(httpcore.ConnectError):
    """The host resolves to an address the policy refuses (httpx reports a ConnectError)."""


def _address(text: str) -> IPAddress | None:
    try:
        ip = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def classify(ip: IPAddress) -> str:
    """'loopback' | 'link-local' | 'private' | 'public'."""
    if ip.is_loopback or ip.is_unspecified:  # 0.0.0.0 and :: reach this host too
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if not ip.is_global or ip.is_multicast:
        return "private"
    return "public"


def host_kind(host: str) -> str | None:
    """classify() of a literal address or `localhost`; None for other names."""
    if host.rstrip(".").lower() == "localhost":
        return "loopback"
    ip = _address(host)
    return classify(ip) if ip is not None else None


@dataclass(frozen=True)
class AddressPolicy:
    allow_loopback: bool = False
    allow_private: bool = False     # private, link-local and loopback
    allow: tuple[str, ...] = ()     # host names, addresses or CIDR networks always allowed

    @classmethod
    def build(cls, allow_loopback: bool, allow_private: bool,
              allow: Iterable[str | None] = ()) -> "AddressPolicy":
        entries = []
        for item in allow:
            if not item:
                continue
            host = urlsplit(item).hostname if "://" in item else item
            if host:
                entries.append(host.lower())
        return cls(allow_loopback, allow_private, tuple(dict.fromkeys(entries)))

    @property
    def open(self) -> bool:
        return self.allow_private

    def _listed(self, ip: IPAddress) -> bool:
        for entry in self.allow:
            try:
                if ip in ipaddress.ip_network(entry.strip("[]"), strict=False):
                    return True
            except ValueError:
                continue  # a host name
        return False

    def host_listed(self, host: str) -> bool:
        return host.lower().strip("[]") in {e.strip("[]") for e in self.allow}

    def refusal(self, ip: IPAddress) -> str | None:
        """Why `ip` may not be reached, or None."""
        kind = classify(ip)
        if kind == "public" or self.allow_private or self._listed(ip):
            return None
        if kind == "loopback" and self.allow_loopback:
            return None
        return f"{ip} is a {kind} address, refused by the address policy"

    def permitted(self, host: str, addresses: list[str]) -> list[str]:
        """The addresses of `host` that may be reached; AddressRefused when none may."""
        if self.open or self.host_listed(host):
            return addresses
        allowed, reasons = [], []
        for text in addresses:
            ip = _address(text)
            reason = self.refusal(ip) if ip is not None else f"{text} is not an address"
            (reasons if reason else allowed).append(reason or text)
        if not allowed:
            raise AddressRefused(reasons[0] if reasons else f"{host} has no address")
        return allowed

    def check_url(self, url: str, resolve: bool = False) -> None:
        """Early check of a URL from a request: AddressRefused when its host is a refused
        literal, `localhost`, or (with `resolve`, which blocks on DNS) a name resolving to
        refused addresses only. Other names pass: the connection is checked when it is made."""
        host = urlsplit(url).hostname or ""
        if self.open or self.host_listed(host):
            return
        ip = _address(host)
        if ip is not None:
            reason = self.refusal(ip)
            if reason:
                raise AddressRefused(reason)
            return
        if host.rstrip(".").lower() == "localhost" or host.lower().endswith(".localhost"):
            self.permitted(host, ["127.0.0.1"])  # RFC 6761 §6.3: always loopback
        if not resolve:
            return
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return
        self.permitted(host, [info[4][0] for info in infos])


def _addresses(infos) -> list[str]:
    return list(dict.fromkeys(info[4][0] for info in infos))


class _GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, policy: AddressPolicy):
        self.inner, self.policy = inner, policy

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if self.policy.open or self.policy.host_listed(host):
            targets = [host]
        elif _address(host) is not None:
            targets = self.policy.permitted(host, [host.strip("[]")])
        else:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
            targets = self.policy.permitted(host, _addresses(infos))
        error: Exception | None = None
        for target in targets:
            try:
                return self.inner.connect_tcp(target, port, timeout=timeout,
                                              local_address=local_address,
                                              socket_options=socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error  # type: ignore[misc]

    def connect_unix_socket(self, *args, **kwargs):
        raise AddressRefused("unix sockets are refused by the address policy")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def sync_transport(policy: AddressPolicy, *, verify: ssl.SSLContext | bool = True,
                   limits: httpx.Limits | None = None) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(verify=verify, limits=limits or httpx.Limits(),
                                    trust_env=False)
    pool = transport._pool
    pool._network_backend = _GuardedBackend(pool._network_backend, policy)
    return transport


def refused_by_policy(exc: BaseException) -> str | None:
    """The policy's reason when an httpx error was an AddressRefused, else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, AddressRefused):
            return str(exc)
        exc = exc.__cause__ or exc.__context__
    return None
