"""The OAuth 2.0 client credentials grant (RFC 6749 section 4.4) the suite uses to get a
management API token, as the profile's `auth` describes the token endpoint: client
authentication by HTTP Basic (`client_secret_basic`, RFC 6749 section 2.3.1), in the form body
(`client_secret_post`), as URL query parameters (`client_secret_query`, not standard, for
endpoints that require it) or by TLS client certificate (`tls_client_auth`, RFC 8705), plus any
`extra_params` (resource, audience, ...) the endpoint needs.
"""
from __future__ import annotations

import base64
from urllib.parse import quote_plus

from harness.suite.outcomes import Outcome, OutcomeFailed


class TokenRequestFailed(OutcomeFailed):
    """The token endpoint did not hand out an access token (its answer is the outcome)."""


def token_request(auth) -> dict:
    """The request (method, params, form data, headers) for `auth`; pure, for tests."""
    data = {"grant_type": "client_credentials", **auth.token_params()}
    if auth.scopes:
        data["scope"] = " ".join(auth.scopes)
    params, headers = {}, {}
    secret = auth.client_secret.value if auth.client_secret else ""
    method = auth.token_endpoint_auth_method
    if method == "client_secret_post":
        data.update(client_id=auth.client_id, client_secret=secret)
    elif method == "client_secret_query":
        params.update(client_id=auth.client_id, client_secret=secret)
    elif method == "client_secret_basic":
        # RFC 6749 section 2.3.1: both parts form-urlencoded before the Basic encoding.
        raw = f"{quote_plus(auth.client_id)}:{quote_plus(secret)}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
    else:                                   # tls_client_auth: the certificate authenticates
        data["client_id"] = auth.client_id
    return {"params": params or None, "data": data, "headers": headers}


def client_credentials_token(http, auth, token_endpoint: str | None = None,
                             where: str = "transmitter.auth") -> str:
    """A fresh access token from the token endpoint, through the suite's HTTP client; `where`
    names the profile field of the client in the failure message."""
    result = http.call("POST", token_endpoint or auth.token_endpoint, **token_request(auth))
    try:
        token = result.json().get("access_token") if result.status == 200 else None
    except (ValueError, AttributeError):
        token = None
    if not isinstance(token, str) or not token:
        outcome = Outcome.of_http(result)
        if result.status == 200:   # a 2xx without a token is a failure all the same
            outcome = Outcome("http", False, 200, "no access_token in the answer",
                              outcome.evidence, http=result)
        raise TokenRequestFailed(f"the token endpoint of {where}", outcome)
    return token
