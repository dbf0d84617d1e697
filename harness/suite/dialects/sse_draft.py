"""The legacy SSE draft (../shared/anchors/vendor-dialects.md: Apple Business Manager-era IdPs,
authentik/Keycloak SSE CAEP, Google RISC): SSF's management endpoints from the metadata, but
the metadata at `/.well-known/sse-configuration`, the RISC delivery-method URNs
(`.../risc/delivery-method/push|poll`), subject endpoints named `/add-subject` (whatever the
metadata says), Google's `delivery_method`/`url` spelling, and SETs whose subject sits inside
the event (no top-level sub_id).

`normalise` gives the suite a stream in SSF 1.0's shape (the RISC URN as SSF's, `url` as
`endpoint_url`), so the poll loop and semantic checks read one shape; wire-level checks keep
the raw answer.
"""
from __future__ import annotations

from typing import Any

from harness.ssf.constants import POLL, PUSH
from harness.suite.dialects.ssf import SsfApi
from harness.suite.http import HttpResult

RISC_PUSH = "https://schemas.openid.net/secevent/risc/delivery-method/push"
RISC_POLL = "https://schemas.openid.net/secevent/risc/delivery-method/poll"
SSF_WELL_KNOWN = "/.well-known/ssf-configuration"
SSE_WELL_KNOWN = "/.well-known/sse-configuration"
TO_SSF = {RISC_PUSH: PUSH, RISC_POLL: POLL}


class SseDraftApi(SsfApi):
    dialect = "sse-draft"
    CREATED_REQUIREMENT = "SSE-03"
    # The draft's create answer as the ABM-era IdPs give it (SSF 1.0's stream members, the
    # delivery with a RISC URN).
    STREAM_MEMBERS = ("stream_id", "iss", "aud", "delivery", "events_supported",
                      "events_requested", "events_delivered")
    MEMBERS_REQUIREMENT = "SSE-03"
    # The delivery methods the draft names (vendor-dialects.md: "delivery.method =
    # https://schemas.openid.net/secevent/risc/delivery-method/push").
    DELIVERY_URNS = (RISC_PUSH, RISC_POLL)

    def discover(self, url: str) -> HttpResult:
        """The draft's well-known is `sse-configuration`: a URL built the SSF 1.0 way from the
        issuer is mapped to it (a profile's metadata_url of another shape is used as given)."""
        return self._send("GET", url.replace(SSF_WELL_KNOWN, SSE_WELL_KNOWN, 1))

    def push_body(self, endpoint_url, events, authorization_header=None, **extra) -> dict:
        body = super().push_body(endpoint_url, events, authorization_header, **extra)
        body["delivery"]["method"] = RISC_PUSH
        return body

    def poll_body(self, events, **extra) -> dict:
        body = super().poll_body(events, **extra)
        body["delivery"]["method"] = RISC_POLL
        return body

    def delivery_name(self, body: dict) -> str:
        return "push" if (body.get("delivery") or {}).get("method") == RISC_PUSH else "poll"

    def normalise(self, stream: Any) -> Any:
        """SSF 1.0's delivery shape: `method` (from `delivery_method`), its SSF URN, and
        `endpoint_url` (from Google's `url`)."""
        if not isinstance(stream, dict) or not isinstance(stream.get("delivery"), dict):
            return stream
        raw = stream["delivery"]
        method = raw.get("method", raw.get("delivery_method"))
        delivery = {k: v for k, v in raw.items() if k not in ("delivery_method", "url")}
        delivery["method"] = TO_SSF.get(method, method)
        if "endpoint_url" not in delivery and "url" in raw:
            delivery["endpoint_url"] = raw["url"]
        return {**stream, "delivery": delivery}
