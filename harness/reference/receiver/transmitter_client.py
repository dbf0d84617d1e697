"""An httpx client for any SSF transmitter: discovery (SSF §7), the stream management API
(SSF §8) and poll requests (RFC 8936). Usable on its own by other rooms.

It refuses metadata whose `issuer` differs from the issuer used to build the discovery URL
(SSF-DISC-06) and stream configurations whose `iss` differs from that issuer (SSF-STREAM-24).
Errors name the operation and the HTTP status, never a credential.
"""
from __future__ import annotations

import ssl
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from harness.hardening import AddressPolicy, bound_response_bodies, sync_transport
from harness.reference.receiver.polling_wire import (
    PollResponseError, PollResult, build_poll_body, parse_poll_response,
)
from harness.reference.receiver.transmitter_errors import (
    DiscoveryError, IssuerMismatchError, TransmitterError, TransmitterHTTPError,
    TransmitterUnavailable, error_hint, json_object, strict_json,
)
from harness.ssf.constants import WELL_KNOWN_SSF

PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource"   # RFC 9728 §3

__all__ = ["TransmitterClient", "TransmitterError", "DiscoveryError", "IssuerMismatchError",
           "TransmitterHTTPError", "TransmitterUnavailable", "well_known_url", "tls_verify"]


def well_known_url(issuer: str) -> str:
    """SSF §7.2.1: `https://h/p/` → `https://h/.well-known/ssf-configuration/p`."""
    parts = urlsplit(issuer)
    return urlunsplit((parts.scheme, parts.netloc, WELL_KNOWN_SSF + parts.path.rstrip("/"), "", ""))


def protected_resource_url(resource: str) -> str:
    """RFC 9728 §3.1: `https://h/p` → `https://h/.well-known/oauth-protected-resource/p`."""
    parts = urlsplit(resource)
    return urlunsplit((parts.scheme, parts.netloc,
                       PROTECTED_RESOURCE + parts.path.rstrip("/"), "", ""))


def tls_verify(ca_file: str | Path | None) -> ssl.SSLContext | bool:
    return ssl.create_default_context(cafile=str(ca_file)) if ca_file else True


class TransmitterClient:
    def __init__(self, issuer: str | None = None, metadata_url: str | None = None, *,
                 token: str | None = None, client_id: str | None = None,
                 client_secret: str | None = None, token_endpoint: str | None = None,
                 scope: str | None = "ssf.manage ssf.read", ca_file: str | Path | None = None,
                 timeout: float = 10.0, http: httpx.Client | None = None,
                 metadata_cache_seconds: float = 300.0, faults: frozenset[str] = frozenset(),
                 address_policy: AddressPolicy | None = None):
        if not (issuer or metadata_url):
            raise ValueError("TransmitterClient needs an issuer or a metadata_url")
        self.configured_issuer = issuer
        self.metadata_url = metadata_url or well_known_url(issuer)
        self._token, self._client_id, self._client_secret = token, client_id, client_secret
        self._token_endpoint, self._scope = token_endpoint, scope
        self._own_http = http is None
        # Every URL the transmitter's metadata names (jwks_uri, endpoints) is checked against
        # the address policy when connected to; None: no policy (an embedding caller's choice).
        transport = (sync_transport(address_policy, verify=tls_verify(ca_file))
                     if address_policy is not None else None)
        self.http = http or bound_response_bodies(
            httpx.Client(timeout=timeout, verify=tls_verify(ca_file), transport=transport))
        self._cache_seconds = metadata_cache_seconds
        self._lock = threading.Lock()
        self._metadata: dict | None = None
        self._metadata_at = 0.0
        self._access_token: str | None = None
        self._access_token_until = 0.0
        self._resource_scope: str | None = None   # from RFC 9728 metadata, once looked up
        self._resource_scope_known = False
        self._faults = frozenset(faults)  # the reference receiver's fault switches, if any
        # Registration by software statement (registration.py): set by the receiver runtime.
        self.registrar = None
        self._registered = False

    @classmethod
    def from_config(cls, config, http: httpx.Client | None = None) -> "TransmitterClient":
        return cls(config.transmitter_issuer, config.transmitter_metadata_url,
                   token=config.transmitter_token, client_id=config.client_id,
                   client_secret=config.client_secret, token_endpoint=config.token_endpoint,
                   scope=config.token_scope, ca_file=config.ca_file, timeout=config.http_timeout,
                   http=http, metadata_cache_seconds=config.metadata_cache_seconds,
                   faults=config.faults, address_policy=config.address_policy)

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def __enter__(self) -> "TransmitterClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- discovery --------------------------------------------------------------------------
    def discover(self, force: bool = False) -> dict:
        with self._lock:
            fresh = time.monotonic() - self._metadata_at < self._cache_seconds
            if self._metadata is not None and fresh and not force:
                return self._metadata
        if "metadata-fetched-with-post" in self._faults:  # SSF §7.2.1 says GET
            response = self._send("POST", self.metadata_url, "discovery", authorized=False)
            if response.status_code == 200:
                return self._keep_metadata(response)
        response = self._send("GET", self.metadata_url, "discovery", authorized=False)
        return self._keep_metadata(response)

    def _keep_metadata(self, response: httpx.Response) -> dict:
        if response.status_code != 200:
            raise DiscoveryError(f"discovery: GET {self.metadata_url} answered "
                                 f"{response.status_code}", response.status_code)
        metadata = json_object(response, "discovery", DiscoveryError)
        issuer = metadata.get("issuer")
        if not isinstance(issuer, str) or not issuer:
            raise DiscoveryError("discovery: metadata has no 'issuer'")
        if self.configured_issuer is not None and issuer != self.configured_issuer:
            if "ignores-metadata-issuer-mismatch" in self._faults:  # the defect: uses it anyway
                metadata = {**metadata, "issuer": self.configured_issuer}
            else:
                raise IssuerMismatchError(f"discovery: metadata issuer {issuer!r} differs from "
                                          f"the issuer {self.configured_issuer!r} (SSF §7.2.4)")
        with self._lock:
            self._metadata, self._metadata_at = metadata, time.monotonic()
        return metadata

    @property
    def metadata_cached(self) -> bool:
        with self._lock:
            return self._metadata is not None

    @property
    def issuer(self) -> str:
        return self.discover()["issuer"]

    def endpoint(self, name: str) -> str:
        url = self.discover().get(name)
        if not isinstance(url, str) or not url:
            raise DiscoveryError(f"transmitter metadata has no {name}")
        return url

    def fetch_jwks(self) -> dict:
        url = self.endpoint("jwks_uri")
        response = self._send("GET", url, "jwks", authorized=False)
        if response.status_code != 200:
            raise TransmitterHTTPError(f"jwks: GET answered {response.status_code}",
                                       response.status_code)
        jwks = json_object(response, "jwks", TransmitterHTTPError)
        if not isinstance(jwks.get("keys"), list):
            raise TransmitterHTTPError("jwks: document has no 'keys' array")
        return jwks

    # -- authorization ------------------------------------------------------------------------
    def _register_first(self) -> None:
        """With a registrar, the first authorized call registers (RFC 7591) and the client
        uses the credentials it got from then on (fault registration-credentials-ignored: it
        keeps its configured bearer token)."""
        creds = self.registrar.credentials(self.http, self.issuer)
        self._client_id, self._client_secret = creds["client_id"], creds["client_secret"]
        self._token_endpoint = creds["token_endpoint"]
        if "registration-credentials-ignored" not in self._faults:
            self._token = None
        self._registered = True

    def authorization_header(self) -> str | None:
        if self.registrar is not None and not self._registered:
            self._register_first()
        if self._token:
            return f"Bearer {self._token}"
        if not self._client_id:
            return None
        with self._lock:
            stale_ok = "keeps-expired-access-token" in self._faults   # the defect: never renews
            if self._access_token and (stale_ok or time.monotonic() < self._access_token_until):
                return f"Bearer {self._access_token}"
        data = {"grant_type": "client_credentials"}
        scope = self._scope_from_resource_metadata() or self._scope
        if scope:
            data["scope"] = scope
        try:
            response = self.http.post(self._token_endpoint, data=data,
                                      auth=(self._client_id, self._client_secret))
        except httpx.HTTPError as exc:
            raise TransmitterUnavailable(f"token endpoint unreachable ({type(exc).__name__})")
        if response.status_code != 200:
            raise TransmitterHTTPError(f"token request answered {response.status_code}",
                                       response.status_code)
        body = json_object(response, "token request", TransmitterHTTPError)
        token, lifetime = body.get("access_token"), body.get("expires_in", 300)
        if not isinstance(token, str) or not token:
            raise TransmitterHTTPError("token response has no access_token")
        lifetime = lifetime if isinstance(lifetime, (int, float)) else 300
        with self._lock:  # renew a little before expiry
            self._access_token = token
            self._access_token_until = time.monotonic() + max(1.0, lifetime - min(30, lifetime / 2))
        return f"Bearer {token}"

    def _scope_from_resource_metadata(self) -> str | None:
        """INTEROP §2.7.2: when the transmitter publishes RFC 9728 protected resource metadata
        (its issuer is the resource), the scopes to request are its scopes_supported. Looked up
        once; absent or unusable metadata leaves the configured scope (fault
        ignores-protected-resource-metadata: never looks)."""
        if self._resource_scope_known or "ignores-protected-resource-metadata" in self._faults:
            return self._resource_scope
        self._resource_scope_known = True
        issuer = self.issuer
        try:
            response = self._send("GET", protected_resource_url(issuer),
                                  "protected resource metadata", authorized=False)
            document = json_object(response, "protected resource metadata",
                                   TransmitterHTTPError) if response.status_code == 200 else {}
        except TransmitterError:
            return None
        scopes = document.get("scopes_supported")
        if document.get("resource") == issuer and isinstance(scopes, list) and scopes and all(
                isinstance(s, str) and s and " " not in s for s in scopes):
            self._resource_scope = " ".join(scopes)
        return self._resource_scope

    def forget_access_token(self) -> None:
        if "keeps-expired-access-token" in self._faults:
            return
        with self._lock:
            self._access_token = None

    # -- HTTP plumbing ----------------------------------------------------------------------
    def _send(self, method: str, url: str, operation: str, authorized: bool = True,
              timeout: float | None = None, **kwargs) -> httpx.Response:
        extra_headers = kwargs.pop("headers", None) or {}
        if timeout is not None:
            kwargs["timeout"] = timeout
        for attempt in (1, 2):
            headers = {"Accept": "application/json", **extra_headers}
            if authorized and (auth := self.authorization_header()):
                headers["Authorization"] = auth
            try:
                response = self.http.request(method, url, headers=headers, **kwargs)
            except httpx.HTTPError as exc:
                raise TransmitterUnavailable(f"{operation}: {method} {url} failed "
                                             f"({type(exc).__name__})") from None
            # An expired OAuth token earns one retry with a fresh one.
            if response.status_code == 401 and self._client_id and attempt == 1 \
                    and "keeps-expired-access-token" not in self._faults:
                self.forget_access_token()
                continue
            return response
        return response

    def _call(self, method: str, endpoint: str, operation: str, expected: tuple[int, ...],
              **kwargs) -> httpx.Response:
        response = self._send(method, self.endpoint(endpoint), operation, **kwargs)
        if response.status_code not in expected:
            raise TransmitterHTTPError(f"{operation}: transmitter answered "
                                       f"{response.status_code}{error_hint(response)}",
                                       response.status_code)
        return response

    def _stream(self, response: httpx.Response, operation: str) -> dict:
        config = json_object(response, operation, TransmitterHTTPError)
        iss = config.get("iss")
        if iss != self.issuer and "accept-foreign-stream-iss" not in self._faults:  # SSF-STREAM-24
            raise IssuerMismatchError(f"{operation}: stream iss {iss!r} differs from the "
                                      f"transmitter issuer {self.issuer!r}")
        return config

    # -- stream management (SSF §8.1) -------------------------------------------------------
    def create_stream(self, body: dict) -> dict:
        r = self._call("POST", "configuration_endpoint", "create stream", (200, 201), json=body)
        return self._stream(r, "create stream")

    def get_stream(self, stream_id: str) -> dict:
        if "stream-read-names-another-stream" in self._faults:
            stream_id += "-other"
        r = self._call("GET", "configuration_endpoint", "read stream", (200,),
                       params={"stream_id": stream_id})
        return self._stream(r, "read stream")

    def list_streams(self) -> list[dict]:
        r = self._call("GET", "configuration_endpoint", "list streams", (200,))
        try:
            items = strict_json(r)
        except ValueError:
            items = None
        if not isinstance(items, list):
            raise TransmitterHTTPError("list streams: response is not a JSON array")
        return [self._stream_item(item) for item in items]

    def _stream_item(self, item) -> dict:
        if not isinstance(item, dict) or (item.get("iss") != self.issuer
                                          and "accept-foreign-stream-iss" not in self._faults):
            raise IssuerMismatchError("list streams: a stream's iss differs from the issuer")
        return item

    def update_stream(self, patch: dict) -> dict | None:
        """PATCH; None when the transmitter answered 202 (accepted, not yet applied)."""
        r = self._call("PATCH", "configuration_endpoint", "update stream", (200, 202), json=patch)
        return None if r.status_code == 202 else self._stream(r, "update stream")

    def replace_stream(self, full: dict) -> dict | None:
        r = self._call("PUT", "configuration_endpoint", "replace stream", (200, 202), json=full)
        return None if r.status_code == 202 else self._stream(r, "replace stream")

    def delete_stream(self, stream_id: str) -> None:
        params = {} if "delete-without-stream-id" in self._faults else {"stream_id": stream_id}
        self._call("DELETE", "configuration_endpoint", "delete stream", (200, 204), params=params)

    def get_status(self, stream_id: str) -> dict:
        params = {} if "status-read-without-stream-id" in self._faults else {"stream_id": stream_id}
        r = self._call("GET", "status_endpoint", "read status", (200,), params=params)
        return json_object(r, "read status", TransmitterHTTPError)

    def set_status(self, stream_id: str, status: str, reason: str | None = None) -> dict | None:
        body = {"stream_id": stream_id, "status": status}
        if reason is not None:
            body["reason"] = reason
        r = self._call("POST", "status_endpoint", "update status", (200, 202), json=body)
        return None if r.status_code == 202 else json_object(r, "update status",
                                                               TransmitterHTTPError)

    def add_subject(self, stream_id: str, subject: dict, verified: bool | None = None) -> None:
        body = {"stream_id": stream_id, "subject": subject}
        if verified is not None:
            body["verified"] = verified
        self._call("POST", "add_subject_endpoint", "add subject", (200, 204), json=body)

    def remove_subject(self, stream_id: str, subject: dict) -> None:
        self._call("POST", "remove_subject_endpoint", "remove subject", (200, 204),
                   json={"stream_id": stream_id, "subject": subject})

    def request_verification(self, stream_id: str, state: str | None = None) -> None:
        body = {"stream_id": stream_id} if state is None else {"stream_id": stream_id,
                                                               "state": state}
        self._call("POST", "verification_endpoint", "request verification", (200, 202, 204),
                   json=body)

    # -- poll (RFC 8936) --------------------------------------------------------------------
    def poll(self, endpoint_url: str, max_events: int | None = None,
             return_immediately: bool = True, acks: list[str] | tuple = (),
             set_errs: dict[str, dict] | None = None, timeout: float | None = None) -> PollResult:
        body = build_poll_body(max_events, return_immediately, acks, set_errs)
        headers = {"Content-Language": "en"} if set_errs else {}
        r = self._send("POST", endpoint_url, "poll", json=body, headers=headers, timeout=timeout)
        if r.status_code != 200:
            raise TransmitterHTTPError(f"poll: transmitter answered {r.status_code}",
                                       r.status_code)
        try:
            return parse_poll_response(r)
        except PollResponseError as exc:
            raise TransmitterHTTPError(f"poll: {exc}", r.status_code) from None
