"""Turn a validated profile document into the frozen dataclasses, applying defaults."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from harness.profiles.capabilities import (ALL, DELIVERY_METHODS, DIALECTS, OPTIONAL_FEATURES,
                                           Capabilities, event_action)
from harness.profiles.model import (Auth, Delivery, Listener, Profile, ProxySettings, RateLimit,
                                    ReceiverTarget, ReferenceSettings, StreamDrive, StreamExtras,
                                    SuiteSettings, SuiteTls, TlsSettings, TransmitterTarget,
                                    Variant)
from harness.profiles.observation import build_observation
from harness.profiles.secrets import Secret
from harness.profiles.templates import Headers, env_refs_in, env_refs_of
from harness.profiles.limits import Limits
from harness.profiles.timeouts import Timeouts
from harness.profiles.triggers import Trigger
from harness.profiles.walk import default_base_url

# An embedded reference target that declares no capabilities supports everything.
EVERYTHING = {"delivery_methods": list(DELIVERY_METHODS), "events": [ALL],
              "subject_formats": [ALL], "optional": list(OPTIONAL_FEATURES)}


class _Builder:
    def __init__(self, secrets: dict[str, Secret], base_dir: Path, name: str) -> None:
        self.secrets, self.base_dir, self.name = secrets, base_dir, name

    def secret(self, name: str | None) -> Secret | None:
        return self.secrets[name] if name else None

    def path(self, value: str | None) -> Path | None:
        return (self.base_dir / value).resolve() if value else None

    def headers(self, raw: dict | None) -> Headers:
        raw = raw or {}
        refs = {n for v in raw.values() for n in env_refs_in(v)}
        return Headers(tuple(raw.items()), tuple(self.secrets[n] for n in sorted(refs)))

    def env(self, *templates: Any) -> tuple[Secret, ...]:
        """The resolved secrets that `${ENV}` references in these body templates name."""
        return tuple(self.secrets[n] for n in env_refs_of(list(templates)))

    def trigger(self, raw: dict | None) -> Trigger:
        raw = raw or {"type": "none"}
        bodies = {event_action(k) or k: v for k, v in (raw.get("bodies") or {}).items()}
        return Trigger(type=raw["type"], method=raw.get("method", "POST"), url=raw.get("url"),
                       headers=self.headers(raw.get("headers")), body=raw.get("body"),
                       bodies=bodies, argv=tuple(raw.get("argv", ())),
                       timeout=raw.get("timeout"), prompt=raw.get("prompt"),
                       deadline=raw.get("deadline"), env=self.env(raw.get("body"), bodies))

    def create_drives(self, raw: dict | None, method: str) -> tuple[Trigger, tuple]:
        """receiver.stream.create: one trigger (for delivery.method), or one per method."""
        if not raw or "type" in raw:
            return self.trigger(raw), ()
        by_method = tuple((m, self.trigger(raw[m])) for m in ("push", "poll") if m in raw)
        return dict(by_method).get(method, Trigger()), by_method

    def auth(self, raw: dict | None) -> Auth:
        raw = raw or {"type": "none"}
        extra = raw.get("extra_params") or {}
        return Auth(type=raw["type"], token=self.secret(raw.get("token_env")),
                    token_endpoint=raw.get("token_endpoint"), client_id=raw.get("client_id"),
                    client_secret=self.secret(raw.get("client_secret_env")),
                    token_endpoint_auth_method=raw.get(
                        "token_endpoint_auth_method", "client_secret_basic")
                    if raw["type"] == "oauth_client_credentials" else None,
                    scopes=tuple(raw.get("scopes", ())), extra_params=tuple(extra.items()),
                    env=self.env(extra))

    def stream_extras(self, raw: dict) -> StreamExtras:
        create, update = raw.get("create_extra") or {}, raw.get("update_extra") or {}
        by_method = raw.get("extra_by_method") or {}
        return StreamExtras(create, update, by_method, self.env(create, update, by_method))

    def suite(self, raw: dict | None) -> SuiteSettings:
        raw = raw or {}
        tls = raw.get("tls") or {}

        def listener(node: dict | None) -> Listener:
            node = node or {}
            public = node.get("public_base_url")
            return Listener(node.get("host", "127.0.0.1"), int(node.get("port", 0)),
                            public.rstrip("/") if public else None)
        return SuiteSettings(listener(raw.get("push_endpoint")), listener(raw.get("persona")),
                             SuiteTls(self.path(tls.get("cert_file")),
                                      self.path(tls.get("key_file"))),
                             self.path(raw.get("state_dir")))

    @staticmethod
    def rate_limit(raw: dict | None) -> RateLimit | None:
        if not raw:
            return None
        return RateLimit(float(raw["requests_per_second"]), int(raw.get("burst", 1)))

    def capabilities(self, role: str, raw: dict | None, embedded: bool,
                     derived: list[str], hints: dict[str, str]) -> Capabilities:
        raw = dict(EVERYTHING if embedded and raw is None else raw or {})
        events = tuple(event_action(e) or e for e in raw.get("events", ()))
        return Capabilities(self.name, role, tuple(raw.get("delivery_methods", ())), events,
                            tuple(raw.get("subject_formats", ())), tuple(raw.get("optional", ())),
                            tuple(derived), tuple(hints.items()))

    def transmitter(self, raw: dict, variant: Variant) -> TransmitterTarget:
        embedded = raw.get("embedded", False)
        auth, trigger = self.auth(raw.get("auth")), self.trigger(raw.get("trigger"))
        status_trigger = self.trigger(raw.get("status_trigger"))
        second = self.secret(raw.get("second_receiver_token_env"))
        read_only = self.secret(raw.get("read_only_token_env"))
        # The embedded reference registers the extra receivers and offers the status hook itself;
        # their tokens are static, so an embedded target reached by OAuth has none to offer.
        static = embedded and auth.type != "oauth_client_credentials"
        derived = [t for t, on in (("oauth", auth.type == "oauth_client_credentials" or embedded),
                                   ("trigger", trigger.enabled),
                                   ("second_receiver", second is not None or static),
                                   ("read_only_token", read_only is not None or static),
                                   ("admin_status", status_trigger.enabled or embedded),
                                   ("caep_interop", variant.profile == "caep_interop")) if on]
        dialect = raw.get("dialect", "ssf")
        derived.append(f"api:{dialect}")
        hints = {"oauth": f'transmitter.auth.type is "{auth.type}"',
                 **{f"api:{d}": f'transmitter.dialect is "{dialect}": its management API is '
                    f'{"not " if d != dialect else ""}the {d} dialect' for d in DIALECTS},
                 "trigger": 'transmitter.trigger.type is "none"',
                 "second_receiver": "transmitter.second_receiver_token_env is not set",
                 "read_only_token": "transmitter.read_only_token_env is not set",
                 "admin_status": 'transmitter.status_trigger.type is "none"',
                 "caep_interop": f'variant.profile is "{variant.profile}"'}
        return TransmitterTarget(
            capabilities=self.capabilities("transmitter", raw.get("capabilities"), embedded,
                                           derived, hints),
            embedded=embedded, dialect=dialect, issuer=raw.get("issuer"),
            metadata_url=raw.get("metadata_url"),
            base_url=default_base_url(raw, "transmitter"),
            headers=self.headers(raw.get("headers")), auth=auth, trigger=trigger,
            stream_extras=self.stream_extras(raw), test_email=raw.get("test_email"),
            second_receiver_token=second,
            read_only_token=read_only, status_trigger=status_trigger,
            rate_limit=self.rate_limit(raw.get("rate_limit")),
            subjects_must_be_added=raw.get("subjects_must_be_added", False))

    def receiver(self, raw: dict, variant: Variant) -> ReceiverTarget:
        embedded = raw.get("embedded", False)
        d = raw.get("delivery") or {"method": "push"}
        oauth = self.auth({"type": "oauth_client_credentials", **d["oauth"]}) \
            if d.get("oauth") else None
        delivery = Delivery(d["method"], d.get("endpoint_url"), self.secret(d.get("token_env")),
                            self.secret(d.get("authorization_header_env")), oauth)
        s = raw.get("stream") or {}
        create, create_by_method = self.create_drives(s.get("create"), delivery.method)
        stream = StreamDrive(s.get("provisioning", "suite"), create,
                             self.trigger(s.get("verify")), self.trigger(s.get("delete")),
                             create_by_method)
        o = raw.get("observation") or {"type": "none"}
        observation = build_observation(o, self.headers(o.get("headers")))
        derived = [f"observe:{k}" for k in observation.kinds()]
        derived += ["observe"] if derived else []
        derived += [f"drive:{a}" for a in ("create", "verify", "delete")
                    if getattr(stream, a).enabled]
        derived += ["caep_interop"] if variant.profile == "caep_interop" else []
        raw_auth = raw.get("auth") or {"type": "none"}
        auth = self.auth(raw_auth)
        if auth.type == "oauth_client_credentials":   # at the suite's transmitter (its persona)
            auth = replace(auth, client_id=auth.client_id or "receiver-under-test",
                           token_lifetime=int(raw_auth.get("token_lifetime", 20)))
            derived.append("oauth")
        hints = {t: f'receiver.observation.type is "{observation.type}"' for t in
                 ("observe", "observe:actions", "observe:events", "observe:security_state")}
        hints |= {f"drive:{a}": f'receiver.stream.{a}.type is "none"'
                  for a in ("create", "verify", "delete")}
        hints["caep_interop"] = f'variant.profile is "{variant.profile}"'
        hints["oauth"] = f'receiver.auth.type is "{auth.type}"'
        caps = dict(raw.get("capabilities") or {})
        if not embedded:
            driven = [m for m, t in create_by_method if t.enabled]
            caps.setdefault("delivery_methods", sorted({delivery.method, *driven}))
        return ReceiverTarget(
            capabilities=self.capabilities("receiver", caps or None, embedded, derived, hints),
            embedded=embedded, dialect=raw.get("dialect", "ssf"),
            base_url=default_base_url(raw, "receiver"), delivery=delivery,
            auth=auth, stream=stream, observation=observation,
            test_email=raw.get("test_email"), rate_limit=self.rate_limit(raw.get("rate_limit")))


def build_profile(doc: dict[str, Any], secrets: dict[str, Secret], source: Path | None,
                  base_dir: Path) -> Profile:
    from harness.profiles.directory import build_directory, with_directory
    b = _Builder(secrets, base_dir, doc["name"])
    directory = (build_directory(doc["directory"], b.secret, doc["name"])
                 if "directory" in doc else None)
    tls, proxy = doc.get("tls", {}), doc.get("proxy", {})
    variant = Variant(**doc.get("variant", {}))
    return Profile(
        name=doc["name"], source=source, description=doc.get("description", ""),
        variant=variant,
        timeouts=Timeouts(**{k: float(v) for k, v in doc.get("timeouts", {}).items()}),
        limits=Limits(**{k: int(v) for k, v in doc.get("limits", {}).items()}),
        tls=TlsSettings(b.path(tls.get("ca_file")), b.path(tls.get("client_cert")),
                        b.path(tls.get("client_key")),
                        b.secret(tls.get("client_key_password_env"))),
        proxy=ProxySettings(proxy.get("enabled", True), b.path(proxy.get("upstream_ca")),
                            proxy.get("insecure", False)),
        reference=ReferenceSettings(tuple(doc.get("reference", {}).get("faults", ())),
                                    tuple(doc.get("reference", {}).get("variations", ())),
                                    tuple(sorted((doc.get("reference", {})
                                                  .get("emulator_options") or {}).items()))),
        suite=b.suite(doc.get("suite")),
        expected=b.path(doc.get("expected")),
        transmitter=with_directory(b.transmitter(doc["transmitter"], variant)
                                   if "transmitter" in doc else None, directory),
        receiver=with_directory(b.receiver(doc["receiver"], variant)
                                if "receiver" in doc else None, directory),
        directory=directory)
