"""Stream configuration rules (SSF §8.1.1): who supplies what, create, PATCH and PUT semantics.

Reference choices: `events_delivered` = requested ∩ supported in request order (no
`events_requested` → nothing delivered, so the subset invariant always holds); a `description`
longer than `description_max_length` is truncated; PUT without `delivery` falls back to poll
as create does (catalog N7).
"""
from __future__ import annotations

import copy

from harness.hardening import AddressRefused, InputError, http_url
from harness.reference.transmitter.config import TransmitterConfig
from harness.reference.transmitter.httputil import bad_request, get_str, get_str_list
from harness.reference.transmitter.inactivity import inactivity_timeout
from harness.reference.transmitter.streams_store import Stream
from harness.ssf import legacy_sse
from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import RISC_BASE

# Transmitter-supplied members other than stream_id, and how to compare a sent value.
_AS_SET = ("events_supported", "events_delivered")
_EXACT = ("iss", "aud", "min_verification_interval", "inactivity_timeout")
_SHORT_METHOD = {PUSH: "push", POLL: "poll"}
EXTRA_MEMBER = "x_reference_extension"  # variation extra-members: a member nobody defines
# Fault min-verification-overenforced: this is advertised, ENFORCED_MIN_VERIFICATION enforced.
ADVERTISED_MIN_VERIFICATION = 1
ENFORCED_MIN_VERIFICATION = 30


def poll_url(config: TransmitterConfig, stream_id: str) -> str:
    return config.url(f"/poll/{stream_id}")


def events_supported(config: TransmitterConfig) -> tuple[str, ...]:
    if config.fault("deprecated-sessions-revoked-offered"):
        return (*config.events_supported, RISC_BASE + "sessions-revoked")
    if config.fault("interop-dcc-not-offered"):  # a use case of the interop profile, missing
        return tuple(u for u in config.events_supported
                     if not u.endswith("/device-compliance-change"))
    return config.events_supported


def advertised_min_verification(config: TransmitterConfig) -> int:
    if config.fault("min-verification-overenforced"):
        return ADVERTISED_MIN_VERIFICATION
    return int(config.min_verification_interval)


def enforced_min_verification(config: TransmitterConfig) -> int:
    if config.fault("min-verification-overenforced"):
        return ENFORCED_MIN_VERIFICATION
    return int(config.min_verification_interval)


def _rendered_delivery(config: TransmitterConfig, delivery: dict) -> dict:
    shown = dict(delivery)
    if config.fault("delivery-method-short-name"):
        shown["method"] = _SHORT_METHOD.get(shown.get("method"), shown.get("method"))
    if config.fault("push-endpoint-rewritten") and delivery.get("method") == PUSH:
        shown["endpoint_url"] = delivery["endpoint_url"].rstrip("/") + "/"
    return shown


def render(config: TransmitterConfig, stream: Stream) -> dict:
    aud = None if config.fault("stream-aud-null") else stream.aud
    iss = config.public_base_url if config.fault("stream-iss-origin-only") else config.issuer
    data: dict = {"stream_id": stream.stream_id, "iss": iss, "aud": aud,
                  "delivery": _rendered_delivery(config, stream.delivery),
                  "events_supported": list(events_supported(config))}
    if config.varies("no-events-supported"):  # SSF §8.1.1: events_supported is OPTIONAL
        del data["events_supported"]
    if stream.events_requested is not None:
        data["events_requested"] = list(stream.events_requested)
    data["events_delivered"] = list(stream.events_delivered)
    if stream.description is not None:
        data["description"] = stream.description
    if advertised_min_verification(config):
        data["min_verification_interval"] = advertised_min_verification(config)
    if inactivity_timeout(config):
        data["inactivity_timeout"] = inactivity_timeout(config)
    if config.varies("extra-members"):  # a member SSF §8.1.1 does not define (not forbidden)
        data[EXTRA_MEMBER] = {"tier": "gold"}
    return data


def stream_audience(config: TransmitterConfig, client_aud, stream_id: str):
    """The stream's `aud` (SSF §8.1.1: "A string or an array of strings"); by default the
    receiver's registered audience."""
    if config.varies("tx-generated-aud"):  # the transmitter mints a value per stream
        client_aud = f"urn:example:ssf:audience:{stream_id}"
    if config.varies("aud-array") and isinstance(client_aud, str):
        return [client_aud, client_aud + "-mobile"]  # two clients of one receiver (SSF §4.1.8)
    return client_aud


def compute_delivered(config: TransmitterConfig, requested: list[str] | None) -> list[str]:
    supported = events_supported(config)
    if config.fault("events-delivered-not-subset"):
        return sorted(set(requested or ()) | set(supported))
    if requested is None:
        return []
    allowed = set(supported)  # unknown requested URIs are ignored, never an error
    if config.varies("events-delivered-subset"):  # a policy: RISC types are never delivered,
        allowed = {uri for uri in allowed if not uri.startswith(RISC_BASE)}  # (SSF §8.1.1)
    return [uri for uri in dict.fromkeys(requested) if uri in allowed]


def push_endpoint(config: TransmitterConfig, value) -> str:
    """The push `endpoint_url`: a well-formed absolute http(s) URL the outbound client can use,
    on an address the address policy allows (the connection is checked again when made)."""
    where = "delivery.endpoint_url"
    try:
        url = http_url(value, where)
    except InputError:
        raise bad_request(f"'{where}' must be an absolute http(s) URL") from None
    try:
        config.address_policy.check_url(url)
    except AddressRefused as exc:
        raise bad_request(f"'{where}' is refused: {exc}") from None
    return url


def parse_delivery(config: TransmitterConfig, body: dict, stream_id: str,
                   current: dict | None) -> dict:
    """The delivery object to store. `current` is the stream's delivery on update, else None."""
    if "delivery" not in body:  # SSF §8.1.1.1: no delivery means poll
        if POLL not in config.delivery_methods:
            raise bad_request("no delivery given and poll delivery is not supported")
        if config.fault("default-poll-no-endpoint"):
            return {"method": POLL}
        return {"method": POLL, "endpoint_url": poll_url(config, stream_id)}
    value = body["delivery"]
    if not isinstance(value, dict):
        raise bad_request("'delivery' must be a JSON object")
    method = get_str(value, "method", required=True)
    if config.set_shape == "sse-draft":   # a legacy receiver names the methods by RISC URNs
        method = legacy_sse.DELIVERY_URNS.get(method, method)
    if method not in config.delivery_methods:
        raise bad_request("unsupported delivery method")
    if method == PUSH:
        url = push_endpoint(config, get_str(value, "endpoint_url", required=True))
        delivery = {"method": PUSH, "endpoint_url": url}
        auth = get_str(value, "authorization_header")
        if auth is not None and not (auth.isascii() and auth.isprintable()):
            # sent verbatim as a header value (SSF §6.1.1): visible ASCII only (RFC 9110 §5.5)
            raise bad_request("'delivery.authorization_header' must be printable ASCII")
        if auth is not None:
            delivery["authorization_header"] = auth
        return delivery
    ours = poll_url(config, stream_id)
    sent = value.get("endpoint_url")
    if (current is not None and current.get("method") == POLL and sent is not None
            and sent != ours):
        raise bad_request("'delivery.endpoint_url' of a poll stream is transmitter-supplied")
    return {"method": POLL, "endpoint_url": ours}


def _description(config: TransmitterConfig, body: dict) -> str | None:
    text = get_str(body, "description", nonempty=False)
    if text is None or config.fault("description-dropped"):
        return None
    return text[: config.description_max_length]


def new_stream(config: TransmitterConfig, body: dict, *, stream_id: str, client_id: str,
               aud, now: float) -> Stream:
    """Create: only receiver-supplied members are read; transmitter-supplied ones are ignored."""
    requested = get_str_list(body, "events_requested")
    return Stream(stream_id=stream_id, client_id=client_id, aud=aud,
                  delivery=parse_delivery(config, body, stream_id, None),
                  events_requested=requested,
                  events_delivered=compute_delivered(config, requested),
                  description=_description(config, body), status="enabled",
                  default_subjects=config.default_subjects, created_at=now, last_activity=now)


def _check_transmitter_supplied(config: TransmitterConfig, stream: Stream, body: dict) -> Stream:
    current = render(config, stream)
    updated = copy.deepcopy(stream)
    for name in _EXACT + _AS_SET:
        if name not in body:
            continue  # missing transmitter-supplied members are ignored
        sent, expected = body[name], current.get(name)
        if name in _AS_SET:
            same = (isinstance(sent, list) and all(isinstance(v, str) for v in sent)
                    and isinstance(expected, list) and set(sent) == set(expected))
        else:
            same = sent == expected
        if same or (name == "events_delivered"
                    and config.fault("fabricated-events-delivered-accepted")):
            continue
        if name == "aud" and config.fault("aud-updatable") and (
                isinstance(sent, str) or isinstance(sent, list)
                and all(isinstance(v, str) for v in sent)):
            updated.aud = sent
            continue
        raise bad_request(f"'{name}' is transmitter-supplied and must match its current value")
    return updated


def apply_update(config: TransmitterConfig, stream: Stream, body: dict, *, replace: bool) -> Stream:
    """PATCH (replace=False) or PUT (replace=True) of an existing stream; raises ApiError(400)."""
    updated = _check_transmitter_supplied(config, stream, body)
    if "events_requested" in body:
        updated.events_requested = get_str_list(body, "events_requested")
    elif replace:
        updated.events_requested = None  # PUT: a missing receiver-supplied member is deleted
    if "description" in body:
        updated.description = _description(config, body)
    elif replace:
        updated.description = None
    if "delivery" in body or replace:
        updated.delivery = parse_delivery(config, body, stream.stream_id, stream.delivery)
    updated.events_delivered = compute_delivered(config, updated.events_requested)
    return updated
