"""Reading the create and update bodies the Kolide document describes, and its push URL rule.

Create takes two bodies ("Both forms create the same stream"):
- standard SSF: `delivery.method` (urn:ietf:rfc:8935 push | urn:ietf:rfc:8936 poll),
  `delivery.endpoint_url`, `events_requested`, `name`; `aud` is assigned by Kolide (a sent one is
  ignored: "You do not need to send aud");
- legacy: `{"ssf_stream": {name, aud, delivery_type: push|poll, event_subscriptions}}`.
Update (PATCH) takes the legacy body, every member optional, plus `enabled` (the console's
on/off toggle).

Both bodies also take `spec_version`: "v1.0" (default: top-level sub_id) or "draft" (subject
inside the event), the document's "Spec Version" console setting (top level of the standard
body, inside `ssf_stream` of the legacy one).

Events: "events_requested currently only supports the device compliance change event", so any
other event type is a validation error (422 naming the field) rather than silently dropped; the
verification event may be listed and is always added. Omitted: device-compliance-change.
Validation errors answer 422 `{"error": "validation_failed", "error_description":
"<field> <message>", "errors": {"<field>": ["<message>"]}}`.
"""
from __future__ import annotations

from typing import Any

from harness.hardening import AddressPolicy, AddressRefused, InputError, http_url
from harness.reference.transmitter.httputil import ApiError
from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import CAEP_BASE, VERIFICATION

DEVICE_COMPLIANCE_CHANGE = CAEP_BASE + "device-compliance-change"
EVENTS_SUPPORTED = (DEVICE_COMPLIANCE_CHANGE,)
SPEC_VERSIONS = ("v1.0", "draft")
METHODS = {PUSH: "push", POLL: "poll"}
MAX_NAME = 200


class ValidationFailed(ApiError):
    def __init__(self, field: str, message: str):
        super().__init__(422, "validation_failed", f"{field} {message}",
                         extra={"errors": {field: [message]}})


def _string(body: dict, name: str, field: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ValidationFailed(field, "can't be blank")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(field, "must be a non-empty string")
    if len(value) > MAX_NAME and name == "name":
        raise ValidationFailed(field, f"is too long (maximum is {MAX_NAME} characters)")
    return value


def _events(body: dict, name: str, field: str) -> list[str] | None:
    if name not in body or body[name] is None:
        return None
    value = body[name]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed(field, "must be an array of event type URIs")
    for uri in value:
        if uri not in (*EVENTS_SUPPORTED, VERIFICATION.uri):
            raise ValidationFailed(field, "only supports " + DEVICE_COMPLIANCE_CHANGE)
    return [e for e in (*EVENTS_SUPPORTED, VERIFICATION.uri) if e in value or e == VERIFICATION.uri]


def _spec_version(body: dict, field: str) -> str | None:
    value = body.get("spec_version")
    if value is not None and value not in SPEC_VERSIONS:
        raise ValidationFailed(field, f"must be one of {list(SPEC_VERSIONS)}")
    return value


def _url(value: Any, field: str) -> str:
    try:
        return http_url(value, field)
    except InputError as exc:
        raise ValidationFailed(field, exc.reason) from None


def _refusal(url: str, policy: AddressPolicy) -> str | None:
    try:
        policy.check_url(url)
    except AddressRefused as exc:
        return str(exc)
    return None


def push_url_problem(url: str, allow_loopback: bool) -> str | None:
    """Why `url` may not be a push target, or None. The document: "must be an https:// URL that
    points to a publicly-reachable host"; http://, localhost, 127.x and RFC 1918 ranges "are
    rejected with a validation error". Names are not resolved (the rule is about the URL).
    `allow_loopback` (the emulator option allow_private_push_targets) exempts this machine only
    (localhost, 127.x, ::1; over http too), where the suite receives pushes; RFC 1918 and other
    private hosts stay refused, so the rule can still be shown with a 10.x address."""
    refusal = _refusal(url, AddressPolicy())
    if refusal and allow_loopback and _refusal(url, AddressPolicy(allow_loopback=True)) is None:
        return None
    if not url.lower().startswith("https://"):
        return "must be an https:// URL"
    if refusal:
        return "must point to a publicly-reachable host (" + refusal + ")"
    return None


def legacy_body(body: dict) -> dict | None:
    """The `ssf_stream` object of a legacy body, None for a standard body."""
    if "ssf_stream" not in body:
        return None
    inner = body["ssf_stream"]
    if not isinstance(inner, dict):
        raise ValidationFailed("ssf_stream", "must be a JSON object")
    return inner


def parse_standard(body: dict) -> dict:
    delivery = body.get("delivery")
    if not isinstance(delivery, dict):
        raise ValidationFailed("delivery.method", f"must be {PUSH} or {POLL}")
    method = delivery.get("method")
    if method not in METHODS:
        raise ValidationFailed("delivery.method", f"must be {PUSH} or {POLL}")
    url = delivery.get("endpoint_url")
    if method == PUSH and url is None:
        raise ValidationFailed("delivery.endpoint_url", "is required for push streams")
    return {"name": _string(body, "name", "name") or "SSF stream",
            "url": None if url is None else _url(url, "delivery.endpoint_url"),
            "delivery_type": METHODS[method], "enabled": True,
            "events": _events(body, "events_requested", "events_requested")
            or [DEVICE_COMPLIANCE_CHANGE, VERIFICATION.uri],
            "spec_version": _spec_version(body, "spec_version") or "v1.0",
            "url_field": "delivery.endpoint_url"}


def parse_legacy(inner: dict) -> dict:
    delivery_type = inner.get("delivery_type")
    if delivery_type not in ("push", "poll"):
        raise ValidationFailed("delivery_type", "must be either push or poll")
    url = inner.get("aud")
    if delivery_type == "push" and url is None:
        raise ValidationFailed("aud", "is required for push streams")
    return {"name": _string(inner, "name", "name", required=True),
            "url": None if url is None else _url(url, "aud"),
            "delivery_type": delivery_type, "enabled": True,
            "events": _events(inner, "event_subscriptions", "event_subscriptions")
            or [DEVICE_COMPLIANCE_CHANGE, VERIFICATION.uri],
            "spec_version": _spec_version(inner, "spec_version") or "v1.0",
            "url_field": "aud"}


def parse_update(inner: dict) -> dict:
    """The members a PATCH `ssf_stream` changes (Rails-style: unknown members are ignored)."""
    changes: dict[str, Any] = {}
    if "name" in inner:
        changes["name"] = _string(inner, "name", "name", required=True)
    if "aud" in inner:
        changes["url"] = None if inner["aud"] is None else _url(inner["aud"], "aud")
    if "delivery_type" in inner:
        if inner["delivery_type"] not in ("push", "poll"):
            raise ValidationFailed("delivery_type", "must be either push or poll")
        changes["delivery_type"] = inner["delivery_type"]
    if "event_subscriptions" in inner:
        changes["events"] = _events(inner, "event_subscriptions", "event_subscriptions") \
            or [VERIFICATION.uri]
    if "spec_version" in inner:
        changes["spec_version"] = _spec_version(inner, "spec_version") or "v1.0"
    if "enabled" in inner:
        if not isinstance(inner["enabled"], bool):
            raise ValidationFailed("enabled", "must be true or false")
        changes["enabled"] = inner["enabled"]
    return changes
