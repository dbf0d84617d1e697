"""Latency figures of a load run: percentiles (nearest rank) and a histogram on a log scale,
and the SVG picture of that histogram (written here from the numbers: no plotting library)."""
from __future__ import annotations

import math
from html import escape


def percentile(sorted_values: list[float], p: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return round(sorted_values[rank - 1], 3)


def summary(latencies_ms: list[float]) -> dict:
    values = sorted(latencies_ms)
    return {"count": len(values), "min": round(values[0], 3) if values else None,
            "p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99), "max": round(values[-1], 3) if values else None,
            "mean": round(sum(values) / len(values), 3) if values else None}


def histogram(latencies_ms: list[float], bins: int = 24) -> list[dict]:
    """Bins of equal width on a log10 scale between the fastest and slowest sample."""
    if not latencies_ms:
        return []
    low = max(min(latencies_ms), 0.01)
    high = max(max(latencies_ms), low * 1.0001)
    edges = [10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * i / bins)
             for i in range(bins + 1)]
    counts = [0] * bins
    for value in latencies_ms:
        v = max(value, low)
        i = min(int((math.log10(v) - math.log10(low)) / (math.log10(high) - math.log10(low))
                    * bins), bins - 1)
        counts[i] += 1
    return [{"from_ms": round(edges[i], 3), "to_ms": round(edges[i + 1], 3), "count": counts[i]}
            for i in range(bins)]


def histogram_svg(series: dict[str, list[dict]], title: str) -> str:
    """One panel per series (e.g. push, poll): bars of the histogram, log-scaled x axis."""
    width, panel, pad = 640, 180, 40
    height = pad + len(series) * (panel + pad)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{pad}" y="22" font-size="14">{escape(title)}</text>']
    for n, (name, bins) in enumerate(series.items()):
        top = pad + n * (panel + pad)
        parts.append(f'<text x="{pad}" y="{top + 8}">{escape(name)} (latency, ms, log scale; '
                     f'{sum(b["count"] for b in bins)} samples)</text>')
        if not bins:
            continue
        peak = max(b["count"] for b in bins) or 1
        bar_w = (width - 2 * pad) / len(bins)
        base = top + panel
        for i, b in enumerate(bins):
            h = (panel - 30) * b["count"] / peak
            parts.append(f'<rect x="{pad + i * bar_w:.1f}" y="{base - h:.1f}" '
                         f'width="{bar_w - 1:.1f}" height="{h:.1f}" fill="#4a7fd0">'
                         f'<title>{b["from_ms"]}-{b["to_ms"]} ms: {b["count"]}</title></rect>')
        parts.append(f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" '
                     f'stroke="#333"/>')
        for i in (0, len(bins) // 2, len(bins)):
            edge = bins[min(i, len(bins) - 1)]["to_ms" if i == len(bins) else "from_ms"]
            parts.append(f'<text x="{pad + i * bar_w:.1f}" y="{base + 14}" '
                         f'text-anchor="middle">{edge:g}</text>')
        parts.append(f'<text x="{pad - 4}" y="{top + 30}" text-anchor="end">{peak}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
