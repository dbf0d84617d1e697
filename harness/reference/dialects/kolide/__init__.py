"""Emulator of Kolide's (1Password Device Trust) SSF streams API, as its product document
describes it (../shared/seeds/kolide-ssf-streams-api.txt; ../shared/anchors/vendor-dialects.md).

    app = create_app(EmulatorSettings(public_base_url=..., db_path=..., api_token=...,
                                      admin_token=...))

- Discovery `/.well-known/ssf-configuration` (issuer = the origin) and JWKS `/ssf/jwks.json`,
  open to anyone (the document's curl sends no header).
- Every other call needs `Authorization: Bearer <api_token>` and `X-Kolide-Api-Version:
  2026-04-07` (guards). Streams: `/ssf_streams` (list, create with the standard or the legacy
  body), `/ssf_streams/{id or stream_id}` (GET, PATCH with the legacy body, DELETE),
  `/ssf_streams/{stream_id}/events` (GET poll, POST ack, with X-Kolide-Poll-Bearer-Token) and
  `/ssf_streams/{id}/test` (routes_streams, routes_events, validation).
- Admin calls of the dialects contract under /_emulator (admin bearer), plus
  `POST /_emulator/legacy-streams`: a poll stream made "before poll bearer tokens were
  introduced".
- Options (`EmulatorSettings.options`) are listed in service.OPTIONS; notably
  `allow_private_push_targets`, off by default (the document refuses such push URLs), which the
  embedded suite target turns on to receive pushes on 127.0.0.1: it exempts this machine's
  loopback addresses only; RFC 1918 push URLs stay refused.

Faults: `PLANNED_FAULTS` (faults.py) are honoured from `settings.faults`; `FAULTS` registers
those harness/selftest/kills_kolide.yaml has scenarios for (the kill-matrix test requires an
entry for every registered fault): all of them.
"""
from harness.reference.dialects.kolide.app import create_app
from harness.reference.dialects.kolide.faults import PLANNED_FAULTS

# Registered: each is killed by a scenario of harness/selftest/kills_kolide.yaml.
FAULTS: dict = dict(PLANNED_FAULTS)
DISCOVERY_PATH = "/.well-known/ssf-configuration"  # named in the `serve --dialect` banner

__all__ = ["create_app", "FAULTS", "PLANNED_FAULTS", "DISCOVERY_PATH"]
