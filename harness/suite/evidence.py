"""A scenario's evidence: the recorded (redacted) exchanges of every proxy since its marks,
each with a curl line, written to reports/evidence/<scenario>.json."""
from __future__ import annotations

import json
from pathlib import Path


def collect_exchanges(proxies: dict, marks: dict) -> list[dict]:
    out = []
    for name, proxy in proxies.items():
        for exchange in proxy.exchanges(since=marks.get(name)):
            item = exchange.to_dict()
            item["proxy"] = name
            item["curl"] = exchange.to_curl()
            out.append(item)
    return out


def write_evidence_file(run_dir: Path, scenario_key: str, exchanges: list[dict]) -> Path | None:
    if not exchanges:
        return None
    path = run_dir / "evidence" / f"{scenario_key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(exchanges, indent=2))
    return path


def failures_since(proxies: dict, marks: dict, names: tuple[str, ...]) -> list[tuple]:
    """(proxy name, exchange, TransportFailure) for every recorded exchange that got no
    answer (harness.proxy.failures) on the named proxies since the scenario's marks."""
    from harness.proxy.failures import transport_failure
    found = []
    for name in names:
        proxy = proxies.get(name)
        if proxy is None:
            continue
        for exchange in proxy.exchanges(since=marks.get(name)):
            failure = transport_failure(exchange)
            if failure is not None:
                found.append((name, exchange, failure))
    return found


def failure_sentences(worded: list[tuple[str, object]]) -> list[str]:
    """One sentence per distinct (who, failure) pair, repeats counted (a transmitter retries a
    push that failed the handshake several times): "… [evidence: id] (3 times)"."""
    counts: dict[tuple, list] = {}
    for who, failure in worded:
        key = (who, failure.kind, failure.url, failure.reason)
        counts.setdefault(key, [who, failure, 0])[2] += 1
    lines = []
    for who, failure, count in counts.values():
        line = failure.sentence(who)
        lines.append(line + (f" ({count} times)" if count > 1 else ""))
    return lines
