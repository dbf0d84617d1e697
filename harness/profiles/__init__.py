"""Target profiles: which implementation is under test, how to reach, drive and observe it.

A profile is a YAML (or TOML/JSON) file validated by profiles/profile.schema.json; see
profiles/README.md for the format. This room may import harness.ssf only.
"""
from harness.profiles.capabilities import Capabilities, UnknownCapability
from harness.profiles.errors import Problem, ProfileError
from harness.profiles.loader import REFERENCE_PROFILE, load_profile, load_reference_profile
from harness.profiles.model import (Auth, Delivery, Profile, ProxySettings, ReceiverTarget,
                                    ReferenceSettings, StreamDrive, TlsSettings,
                                    TransmitterTarget, Variant)
from harness.profiles.schema import PROFILES_DIR, SCHEMA_PATH
from harness.profiles.secrets import Secret
from harness.profiles.templates import PLACEHOLDERS, Headers, TemplateError
from harness.profiles.limits import Limits
from harness.profiles.timeouts import Timeouts
from harness.profiles.observation import Observation, render_observation
from harness.profiles.triggers import (HttpRequest, Trigger, render_command, render_http_trigger,
                                       render_prompt, render_url)

__all__ = [
    "Auth", "Capabilities", "Delivery", "Headers", "HttpRequest", "Observation", "PLACEHOLDERS",
    "PROFILES_DIR", "Problem", "Profile", "ProfileError", "ProxySettings", "REFERENCE_PROFILE",
    "ReceiverTarget", "ReferenceSettings", "SCHEMA_PATH", "Secret", "StreamDrive",
    "Limits", "TemplateError", "Timeouts", "TlsSettings", "TransmitterTarget", "Trigger",
    "UnknownCapability", "Variant", "load_profile", "load_reference_profile", "render_command",
    "render_http_trigger", "render_observation", "render_prompt", "render_url",
]
