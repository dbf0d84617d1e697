"""Recorded HTTP exchanges (reports/evidence/<scenario>.json, already redacted by the recording
proxy) as an auditor reads them: request/response pairs in time order, numbered, with the
exchange id the verdicts cite."""
from __future__ import annotations

import json

BODY_LIMIT = 4000   # characters of one body shown; the raw JSON attachment keeps it all
_SHOWN_HEADERS = {"authorization", "content-type", "accept", "location", "retry-after",
                  "www-authenticate", "content-length"}


def in_time_order(exchanges: list[dict]) -> list[dict]:
    def started(ex: dict) -> float:
        return float((ex.get("request") or {}).get("timestamp_start") or 0)
    return sorted((ex for ex in exchanges if isinstance(ex, dict)), key=started)


def one_line(ex: dict) -> str:
    """`POST https://…/ssf/stream → 201 Created` (or the transport error)."""
    request, response = ex.get("request") or {}, ex.get("response") or {}
    where = f"{request.get('method', '?')} {request.get('url') or request.get('pretty_url', '?')}"
    if response:
        answer = f"{response.get('status_code')} {response.get('reason') or ''}".strip()
    else:
        answer = f"no response ({ex.get('error') or 'transport failure'})"
    return f"{where} → {answer}"


def _body(part: dict) -> str:
    body = part.get("body") or ""
    if part.get("body_redacted"):
        return "[body redacted]"
    if part.get("body_base64"):
        return f"[{part.get('body_size', '?')} bytes of binary body]"
    try:
        body = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except (TypeError, ValueError):
        pass
    if len(body) > BODY_LIMIT:
        body = body[:BODY_LIMIT] + f"\n… ({len(body) - BODY_LIMIT} more characters in the raw " \
                                   "JSON attachment)"
    return body


def _headers(part: dict) -> list[str]:
    return [f"{name}: {value}" for name, value in part.get("headers") or []
            if str(name).lower() in _SHOWN_HEADERS]


def exchange_text(number: int, ex: dict) -> str:
    request, response = ex.get("request") or {}, ex.get("response") or {}
    lines = [f"#{number}  {one_line(ex)}", f"    exchange {ex.get('id')}"
             + (f" via the {ex['proxy']} proxy" if ex.get("proxy") else "")]
    lines += ["", f">>> {request.get('method', '?')} {request.get('url', '')}",
              *_headers(request)]
    body = _body(request)
    if body:
        lines += ["", body]
    if response:
        lines += ["", f"<<< {response.get('status_code')} {response.get('reason') or ''}",
                  *_headers(response)]
        body = _body(response)
        if body:
            lines += ["", body]
    elif ex.get("error"):
        lines += ["", f"<<< no response: {ex['error']}"]
    return "\n".join(lines)


def exchanges_text(exchanges: list[dict]) -> str:
    ordered = in_time_order(exchanges)
    if not ordered:
        return "no HTTP exchange was recorded for this scenario"
    head = f"{len(ordered)} HTTP exchange(s), in time order (credentials redacted)"
    return head + "\n\n" + ("\n\n" + "-" * 72 + "\n\n").join(
        exchange_text(n, ex) for n, ex in enumerate(ordered, 1))


def numbered(exchanges: list[dict]) -> dict[str, tuple[int, dict]]:
    """exchange id → (its number in time order, the exchange)."""
    return {ex.get("id"): (n, ex) for n, ex in enumerate(in_time_order(exchanges), 1)}
