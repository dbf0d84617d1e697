"""The legacy SSE draft (../shared/anchors/vendor-dialects.md: Apple Business Manager-era IdPs,
authentik/Keycloak SSE CAEP, Google RISC): SSF's management endpoints from the metadata, but
the metadata at `/.well-known/sse-configuration`, the RISC delivery-method URNs
(`.../risc/delivery-method/push|poll`), subject endpoints named `/add-subject` (whatever the
metadata says), Google's `delivery_method`/`url` spelling, and SETs whose subject sits inside
the event (no top-level sub_id).

`normalise` gives the suite a stream in SSF 1.0's shape (the RISC URN as SSF's, `url` as
`endpoint_url`), so the poll loop and semantic checks read one shape; wire-level checks keep
the raw answer.

Google RISC's flavour is recognised by its metadata (the `configuration_endpoint` of Google's
management API, `.../v1beta/stream`): one stream per project, made and changed by
`POST <configuration_endpoint>:update` with `delivery: {delivery_method, url}` (answered `{}`;
the suite reads the stream back, and that answer stands for the create's), read by GET, no
delete and no status or subject endpoints. Its SETs name an issuer-subject pair inside the event
as `subject_type: "iss-sub"` (SUBJECT_TYPES).
"""
from __future__ import annotations

from typing import Any

from harness.ssf.constants import WELL_KNOWN_SSF as SSF_WELL_KNOWN
from harness.ssf.legacy_sse import DELIVERY_URNS as TO_SSF
from harness.ssf.legacy_sse import RISC_POLL, RISC_PUSH
from harness.ssf.legacy_sse import WELL_KNOWN_SSE as SSE_WELL_KNOWN
from harness.suite.dialects.base import MissingEndpoint
from harness.suite.dialects.ssf import SsfApi
from harness.suite.http import HttpResult

GOOGLE_CONFIGURATION_PATH = "/v1beta/stream"
# Google keeps one stream per project and names it by no id: the suite's scenarios address
# streams by stream_id, so the adapter gives Google's stream this one (and never sends it).
GOOGLE_STREAM_ID = "google-risc-project-stream"


class SseDraftApi(SsfApi):
    dialect = "sse-draft"
    CREATED_REQUIREMENT = "SSE-03"
    # The draft's create answer as the ABM-era IdPs give it (SSF 1.0's stream members, the
    # delivery with a RISC URN).
    _MEMBERS = ("iss", "aud", "delivery", "events_supported", "events_requested",
                "events_delivered")
    MEMBERS_REQUIREMENT = "SSE-03"
    # The delivery methods the draft names (vendor-dialects.md: "delivery.method =
    # https://schemas.openid.net/secevent/risc/delivery-method/push").
    DELIVERY_URNS = (RISC_PUSH, RISC_POLL)
    # How the draft's SETs spell a subject format inside the event (`subject_type`), by the
    # format's SSF name (vendor-dialects.md, Google RISC: "`subject_type` `iss-sub` (hyphen)").
    SUBJECT_TYPES = {"iss_sub": "iss-sub"}

    @property
    def google(self) -> bool:
        """Google RISC's management API (its configuration_endpoint is .../v1beta/stream)."""
        endpoint = str(self.metadata.get("configuration_endpoint") or "")
        return endpoint.rstrip("/").endswith(GOOGLE_CONFIGURATION_PATH)

    @property
    def STREAM_ID_MEMBER(self) -> str | None:   # noqa: N802 - the seam's attribute name
        """Google's stream has no id (one per project); the ABM-era IdPs' has stream_id."""
        return None if self.google else "stream_id"

    @property
    def STREAM_MEMBERS(self) -> tuple[str, ...]:   # noqa: N802 - the seam's attribute name
        return self._MEMBERS if self.google else ("stream_id", *self._MEMBERS)

    @property
    def CREATED_STATUSES(self) -> tuple[int, ...]:   # noqa: N802 - the seam's attribute name
        """ABM-era IdPs answer a create 201; Google's read-back of the stream it made, 200."""
        return (200,) if self.google else (201,)

    def discover(self, url: str) -> HttpResult:
        """The draft's well-known is `sse-configuration`: a URL built the SSF 1.0 way from the
        issuer is mapped to it (a profile's metadata_url of another shape is used as given)."""
        return self._send("GET", url.replace(SSF_WELL_KNOWN, SSE_WELL_KNOWN, 1))

    def push_body(self, endpoint_url, events, authorization_header=None, **extra) -> dict:
        body = super().push_body(endpoint_url, events, authorization_header, **extra)
        body["delivery"]["method"] = RISC_PUSH
        if self.google:   # Google's spelling: delivery_method and url
            delivery = body["delivery"]
            delivery["delivery_method"] = delivery.pop("method")
            delivery["url"] = delivery.pop("endpoint_url")
        return body

    def poll_body(self, events, **extra) -> dict:
        body = super().poll_body(events, **extra)
        body["delivery"]["method"] = RISC_POLL
        return body

    def delivery_name(self, body: dict) -> str:
        delivery = body.get("delivery") or {}
        method = delivery.get("method", delivery.get("delivery_method"))
        return "push" if method == RISC_PUSH else "poll"

    # -- Google's stream:update ------------------------------------------------------------
    def create(self, body, token, raw=None) -> HttpResult:
        if not self.google:
            return super().create(body, token, raw)
        url = self.endpoint("configuration").rstrip("/")
        made = self._send("POST", url + ":update", token=token,
                          **({"content": raw, "headers": {"Content-Type": "application/json"}}
                             if raw is not None else {"json": body}))
        if not 200 <= made.status < 300:
            return made
        return self._send("GET", url, token=token)

    def read(self, stream_id, token) -> HttpResult:
        if not self.google:
            return super().read(stream_id, token)
        return self._send("GET", self.endpoint("configuration").rstrip("/"), token=token)

    def update(self, body, token) -> HttpResult:
        if not self.google:
            return super().update(body, token)
        return self._send("POST", self.endpoint("configuration").rstrip("/") + ":update",
                          token=token, json={k: v for k, v in body.items() if k != "stream_id"})

    def delete(self, stream_id, token) -> HttpResult:
        if self.google:
            raise MissingEndpoint("Google's RISC API has no stream delete (one stream per "
                                  "project, changed by stream:update)")
        return super().delete(stream_id, token)

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
        normalised = {**stream, "delivery": delivery}
        if self.google:
            normalised.setdefault("stream_id", GOOGLE_STREAM_ID)
        return normalised
