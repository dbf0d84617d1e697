"""Checks the JSON Schema cannot express: literal secrets, `${ENV}` and placeholder use,
event names against the registry, relative URLs without a base, cross-field conflicts, files."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.profiles.capabilities import ALL, event_action
from harness.profiles.errors import Problems, did_you_mean
from harness.profiles.secrets import (ENV_NAME, LITERAL_SECRET_FIELDS, SENSITIVE_HEADER,
                                      is_body_secret_key, looks_like_literal_credential)
from harness.profiles.templates import (PLACEHOLDER, PLACEHOLDERS, env_refs_in, placeholders_in,
                                        scope_of, secret_capable)
from harness.profiles.walk import Path_, default_base_url, nodes, obj
from harness.ssf.events import BY_ACTION, SSF_EVENTS

FILE_FIELDS = (("tls", "ca_file"), ("tls", "client_cert"), ("tls", "client_key"),
               ("proxy", "upstream_ca"), ("expected",), ("suite", "tls", "cert_file"),
               ("suite", "tls", "key_file"))


def find_literal_secrets(document: Any, problems: Problems) -> set[Path_]:
    """Fields that hold a secret literally; returns their paths so the schema check skips them."""
    found: set[Path_] = set()
    for path, value in nodes(document):
        if not isinstance(value, dict) or (path and path[-1] == "headers"):
            continue
        if secret_capable(path + ("",)):
            found |= _literal_secrets_in_body(path, value, problems)
            continue
        for key in value:
            use = LITERAL_SECRET_FIELDS.get(str(key).lower())
            if use is None:
                continue
            hint = f'"{use}: <ENV_VAR>" naming an environment variable' if use.endswith(
                "_env") else use
            problems.add(path + (key,), f"secrets must not be written in a profile; use {hint}")
            found.add(path + (key,))
    return found


def _literal_secrets_in_body(path: Path_, body: dict, problems: Problems) -> set[Path_]:
    """A request body member named like a credential must take its value from ${ENV}."""
    found: set[Path_] = set()
    for key, value in body.items():
        if not is_body_secret_key(key) or not isinstance(value, str) or not value \
                or env_refs_in(value) or not PLACEHOLDER.sub("", value).strip():
            continue
        problems.add(path + (key,), "secrets must not be written in a profile; take the value "
                                    'from the environment, e.g. "${TUT_TOKEN}"')
        found.add(path + (key,))
    return found


def _check_placeholders(path: Path_, value: str, problems: Problems) -> None:
    scope = scope_of(path)
    for name in placeholders_in(value):
        if name not in PLACEHOLDERS:
            problems.add(path, f"unknown placeholder {{{name}}}"
                         + did_you_mean(name, PLACEHOLDERS))
        elif scope is not None and name not in scope[0]:
            offered = ", ".join(f"{{{n}}}" for n in scope[0]) or "none"
            problems.add(path, f"placeholder {{{name}}} cannot be filled in {scope[1]}; "
                               f"available there: {offered}")


def check_templates(document: Any, problems: Problems) -> None:
    for path, value in nodes(document):
        if not isinstance(value, str) or path == ("description",):
            continue
        in_headers = len(path) >= 2 and path[-2] == "headers"
        _check_placeholders(path, value, problems)
        refs = env_refs_in(value)
        if refs and not secret_capable(path):
            problems.add(path, "${...} environment references are only allowed in header values"
                               " and request bodies; secrets go in *_env fields, headers or "
                               "bodies (a command reads its secrets from its environment)")
        elif not refs and (str(path[-1]).endswith("url") or "argv" in path) \
                and looks_like_literal_credential(value):
            problems.add(path, "carries a literal credential; a URL or command line must not "
                               "hold secrets (use a header or body with ${ENV}, or let the "
                               "command read its environment)")
        for ref in refs if secret_capable(path) else ():
            if not ENV_NAME.match(ref):     # not echoed: it may be a pasted secret
                problems.add(path, "a ${...} reference does not hold a valid environment "
                                   "variable name")
        if in_headers and not refs and SENSITIVE_HEADER.search(str(path[-1])):
            problems.add(path, f'header "{path[-1]}" carries a literal credential; take it from '
                               'the environment, e.g. "Bearer ${TUT_TOKEN}"')


def check_events(document: Any, problems: Problems) -> None:
    control = {e.action for e in SSF_EVENTS} | {e.uri for e in SSF_EVENTS}
    for role in ("transmitter", "receiver"):
        events = obj(document, role, "capabilities").get("events")
        for index, name in enumerate(events if isinstance(events, list) else []):
            path = (role, "capabilities", "events", index)
            if not isinstance(name, str) or name == ALL or event_action(name):
                continue
            if name in control:
                problems.add(path, f'"{name}" is an SSF control event, always delivered; declare '
                                   '"verification" under capabilities.optional instead')
            elif not name.startswith(("https://", "http://")):
                problems.add(path, f'unknown event "{name}"' + did_you_mean(name, BY_ACTION))
    for keys in (("transmitter", "trigger", "bodies"),
                 ("receiver", "observation", "layout", "actions", "names")):
        for name in obj(document, *keys):
            if event_action(name) is None and not str(name).startswith(("https://", "http://")):
                problems.add(keys + (name,), f'unknown event "{name}"'
                             + did_you_mean(name, BY_ACTION))


def check_relative_urls(document: Any, problems: Problems) -> None:
    """A path-only URL needs a base; embedded targets get theirs at run time."""
    for role in ("transmitter", "receiver"):
        target = obj(document, role)
        if not target or target.get("embedded") is True or default_base_url(target, role):
            continue
        for path, value in nodes(target, (role,)):
            if isinstance(value, str) and path[-1] in ("url", "actions_url", "events_url",
                                                       "security_state_url") \
                    and value.startswith("/"):
                problems.add(path, f"is a path and {role} has no base URL; set {role}.base_url"
                                   " or use an absolute URL")


def check_cross_fields(document: Any, problems: Problems) -> None:
    auth = obj(document, "transmitter", "auth")
    needs_cert = auth.get("type") == "mtls" or (
        auth.get("type") == "oauth_client_credentials"
        and auth.get("token_endpoint_auth_method") == "tls_client_auth")
    if needs_cert and not obj(document, "tls").get("client_cert"):
        problems.add(("tls", "client_cert"), "required when transmitter.auth uses a TLS client "
                                             "certificate (mtls or tls_client_auth)")
    proxy = obj(document, "proxy")
    if proxy.get("insecure") is True and proxy.get("upstream_ca"):
        problems.add(("proxy", "insecure"), "conflicts with proxy.upstream_ca; choose one")
    faults = obj(document, "reference").get("faults")
    if faults and not any(obj(document, r).get("embedded") is True
                          for r in ("transmitter", "receiver", "directory")):
        problems.add(("reference", "faults"), "fault switches only apply to an embedded "
                                              "target (transmitter.embedded or receiver.embedded)")
    delivery = obj(document, "receiver", "delivery")
    if delivery.get("token_env") and delivery.get("authorization_header_env"):
        problems.add(("receiver", "delivery", "authorization_header_env"),
                     "conflicts with receiver.delivery.token_env; set only one")
    for other in ("token_env", "authorization_header_env"):
        if delivery.get("oauth") and delivery.get(other):
            problems.add(("receiver", "delivery", "oauth"),
                         f"conflicts with receiver.delivery.{other}; set only one")
    stream = obj(document, "receiver", "stream")
    create, method = obj(stream, "create"), delivery.get("method")
    if stream.get("provisioning") == "receiver" and create and "type" not in create \
            and isinstance(method, str) and obj(create, method).get("type") in (None, "none"):
        problems.add(("receiver", "stream", "create", method),
                     f'required when stream.provisioning is "receiver": a create drive for '
                     f'delivery.method "{method}"')
    if stream.get("provisioning") == "receiver" and create.get("type") == "none":
        problems.add(("receiver", "stream", "create", "type"),
                     'must not be "none" when stream.provisioning is "receiver"')
    check_management_fields(document, problems)
    methods = obj(document, "receiver", "capabilities").get("delivery_methods")
    if isinstance(methods, list) and delivery.get("method") and \
            delivery["method"] not in methods:
        problems.add(("receiver", "capabilities", "delivery_methods"),
                     f'must include delivery.method "{delivery["method"]}"')


def check_suite_listeners(document: Any, problems: Problems) -> None:
    """A public URL is forwarded (NAT, tunnel) to one fixed local port; two listeners cannot
    share a port."""
    ports = {}
    for name in ("push_endpoint", "persona"):
        listener = obj(document, "suite", name)
        port = listener.get("port", 0)
        if not isinstance(port, int) or isinstance(port, bool):
            continue       # the schema reports it
        if listener.get("public_base_url") and port == 0:
            problems.add(("suite", name, "port"), "must be a fixed port (not 0) when "
                         f"suite.{name}.public_base_url is set: the public address forwards to it")
        if port:
            other = ports.get(port)
            if other is not None:
                problems.add(("suite", name, "port"), f"conflicts with suite.{other}.port "
                                                      f"({port}); give each listener its own")
            ports[port] = name


def check_management_fields(document: Any, problems: Problems) -> None:
    """Headers, per-event bodies and observation layouts where they have an effect."""
    for name in obj(document, "transmitter", "headers"):
        if SENSITIVE_HEADER.search(str(name)):
            problems.add(("transmitter", "headers", name),
                         "is a credential header; management credentials go in "
                         "transmitter.auth (these headers are sent on every call, including "
                         "the suite's deliberately unauthenticated ones)")
    for path, value in nodes(obj(document, "receiver"), ("receiver",)):
        if isinstance(value, dict) and "bodies" in value and path[-1] != "layout":
            problems.add(path + ("bodies",), "per-event bodies apply to "
                                             "transmitter.trigger only; use body")
    for path, value in nodes(obj(document, "transmitter"), ("transmitter",)):
        if path[-1:] == ("status_trigger",) and isinstance(value, dict) and "bodies" in value:
            problems.add(path + ("bodies",), "per-event bodies apply to "
                                             "transmitter.trigger only; use body")
    observation = obj(document, "receiver", "observation")
    for kind in obj(observation, "layout"):
        if kind in ("actions", "events", "security_state") and not observation.get(f"{kind}_url"):
            problems.add(("receiver", "observation", "layout", kind),
                         f"has no effect without receiver.observation.{kind}_url")


def check_rate_limits(document: Any, problems: Problems) -> None:
    """Every wait of the suite is bounded by a deadline: a request rate whose spacing alone
    exceeds timeouts.pacing could never be kept within it."""
    timeouts = obj(document, "timeouts")
    pacing, multiplier = timeouts.get("pacing", 10), timeouts.get("multiplier", 1)
    if not all(isinstance(v, (int, float)) and v > 0 for v in (pacing, multiplier)):
        return       # the schema reports those
    for role in ("transmitter", "receiver"):
        rate = obj(document, role, "rate_limit").get("requests_per_second")
        if isinstance(rate, (int, float)) and not isinstance(rate, bool) and rate > 0 \
                and 1 / rate > pacing * multiplier:
            problems.add((role, "rate_limit", "requests_per_second"),
                         f"spaces requests {1 / rate:g}s apart, more than timeouts.pacing "
                         f"({pacing * multiplier:g}s) allows; raise timeouts.pacing or the rate")


def check_files(document: Any, base_dir: Path, problems: Problems) -> None:
    for keys in FILE_FIELDS:
        value = obj(document, *keys[:-1]).get(keys[-1])
        if isinstance(value, str) and value and not (base_dir / value).is_file():
            problems.add(keys, f"file not found: {(base_dir / value)}")


def check_semantics(document: Any, base_dir: Path, problems: Problems, *,
                    check_file_paths: bool = True) -> None:
    check_templates(document, problems)
    check_events(document, problems)
    check_relative_urls(document, problems)
    check_cross_fields(document, problems)
    check_rate_limits(document, problems)
    check_suite_listeners(document, problems)
    from harness.profiles.directory import check_directory
    check_directory(document, problems)
    if check_file_paths:
        check_files(document, base_dir, problems)

