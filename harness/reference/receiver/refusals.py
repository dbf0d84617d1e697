"""How the push endpoint answers a request it refuses (RFC 8935 §2.3): the status, the
`{"err", "description"}` body and the Content-Language of its description.

The reference answers in English. With the `other-language` variation it also speaks German
and follows the transmitter's Accept-Language (RFC 8935 §2.3: a recipient with several
languages "SHOULD choose the language ... according to the value of the Accept-Language header
field"; without a usable match it answers in English). The fault switches here each break one
rule of the answer, on purpose.
"""
from __future__ import annotations

from starlette.responses import JSONResponse, PlainTextResponse, Response

from harness.reference.receiver.config import ReceiverConfig

GERMAN = {
    "invalid_request": "Die Anfrage enthält kein gültiges SET.",
    "invalid_key": "Der Schlüssel, mit dem das SET signiert wurde, ist ungültig.",
    "invalid_issuer": "Der Aussteller (iss) des SETs wird nicht akzeptiert.",
    "invalid_audience": "Die Zielgruppe (aud) des SETs nennt diesen Empfänger nicht.",
    "authentication_failed": "Der Sender oder das SET konnte nicht authentifiziert werden.",
    "access_denied": "Der Sender darf dieses SET nicht übermitteln.",
    "invalid_state": "Der Verifizierungsstatus (state) wurde nie angefordert.",
}
FRENCH = "Le SET a été refusé."


def preferred_language(accept_language: str | None, supported: tuple[str, ...]) -> str:
    """The supported language the Accept-Language header ranks highest; English otherwise."""
    ranked = []
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().split("-")[0].lower()))
    for _, _, language in sorted(ranked):
        if language in supported and language:
            return language
    return "en"


def refusal(config: ReceiverConfig, accept_language: str | None, status: int, err: str,
            description: str, headers: dict[str, str] | None = None) -> Response:
    """The RFC 8935 §2.3 answer to a refused push."""
    headers = dict(headers or {})
    supported = ("en", "de") if config.varies("other-language") else ("en",)
    language = preferred_language(accept_language, supported)
    if language == "de":
        description = GERMAN.get(err, "Das SET wurde abgelehnt.")
    if config.has_fault("ignores-accept-language"):
        language, description = "fr", FRENCH
    if status == 400 and config.has_fault("refuses-with-403"):
        status = 403
    if not config.has_fault("no-content-language"):
        headers["Content-Language"] = language
    if config.has_fault("error-body-not-json"):
        return PlainTextResponse(f"{err}: {description}", status_code=status, headers=headers)
    return JSONResponse({"err": err, "description": description}, status_code=status,
                        headers=headers)
