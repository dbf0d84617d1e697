"""reports/matrix.html: one self-contained page (inline CSS, no scripts, no external assets) a
person reads at a glance, Autobahn style: a grid of pairs × (flow, method) in green, yellow, red
and grey with a legend; every cell links to its evidence further down the page (the reason, the
exchanges the taps recorded, what the receiver showed); then each pair's push-vs-poll figures.

Everything an implementation can influence (names, reasons, answers, log entries) goes through
html.escape: a hostile implementation's strings are shown as text, never run as markup. Anchor
ids are built from indexes, never from those strings.
"""
from __future__ import annotations

import json
from html import escape

from harness.interop.report_md import cell_of, columns, pair_name

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:center;vertical-align:middle}
th.pair,td.pair{text-align:left;white-space:nowrap}
thead th{background:#f2f2f2;font-weight:600}
td.cell{padding:0;min-width:4.5em}
td.cell a{display:block;padding:.35em .4em;color:#111;text-decoration:none}
.green{background:#6c6}.yellow{background:#fd6}.red{background:#e66}.grey{background:#ccc}
.legend span{display:inline-block;padding:.2em .6em;margin-right:.6em;border:1px solid #999}
section.cell{border-left:6px solid #ccc;padding:.2em .8em;margin:1em 0}
section.cell.green{border-color:#393}section.cell.yellow{border-color:#c90}
section.cell.red{border-color:#c00}section.cell.grey{border-color:#999}
section.cell{background:none}
pre{background:#f7f7f7;padding:.6em;overflow:auto;max-height:24em;font-size:12px}
"""
MARK = {"green": "✓", "yellow": "!", "red": "✗", "grey": "–"}


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def cell_id(pair_index: int, flow: str, method: str) -> str:
    return f"p{pair_index}-{_e(flow)}-{_e(method)}"


def _grid(matrix: dict) -> list[str]:
    cols = columns(matrix)
    methods = matrix["methods"]
    out = ['<table class="grid"><thead><tr><th class="pair" rowspan="2">transmitter → '
           'receiver</th>' + "".join(f'<th colspan="{len(matrix["flows"])}">{_e(m)}</th>'
                                     for m in methods) + "</tr><tr>"
           + "".join(f"<th>{_e(f)}</th>" for f, _ in cols) + "</tr></thead><tbody>"]
    for i, pair in enumerate(matrix["pairs"]):
        row = [f'<tr><th class="pair"><a href="#p{i}">{_e(pair_name(pair))}</a></th>']
        for flow, method in cols:
            cell = cell_of(pair, flow, method)
            if cell is None:
                row.append("<td></td>")
                continue
            latency = f"<br><small>{cell['latency_ms']:.0f} ms</small>" \
                if cell.get("latency_ms") is not None else ""
            title = _e(cell["reason"] or cell["colour"])
            row.append(f'<td class="cell {_e(cell["colour"])}"><a href="#'
                       f'{cell_id(i, flow, method)}" title="{title}">'
                       f'{MARK.get(cell["colour"], "?")}{latency}</a></td>')
        out.append("".join(row) + "</tr>")
    out.append("</tbody></table>")
    return out


def _legend(totals: dict) -> str:
    words = {"green": "delivered, accepted, response action seen",
             "yellow": "delivered and accepted, response action not seen",
             "red": "not delivered, refused, or the trigger failed",
             "grey": "not applicable (unsupported, or no stream could be made)"}
    return '<p class="legend">' + "".join(
        f'<span class="{c}">{MARK[c]} {_e(words[c])}: {totals.get(c, 0)}</span>'
        for c in words) + "</p>"


def _comparison(pair: dict) -> list[str]:
    comp = pair.get("comparison") or {}
    if not comp:
        return ["<p>No push-vs-poll figures (no stream could be made).</p>"]
    out = ["<table><thead><tr><th>method</th><th>median latency (ms)</th><th>max (ms)</th>"
           "<th>burst: SETs per request</th><th>burst: all received (s)</th>"
           "<th>paused stream</th></tr></thead><tbody>"]
    for method, c in comp.items():
        burst, paused = c.get("burst") or {}, c.get("paused") or {}
        burst_note = burst.get("error") or burst.get("skipped") or ""
        out.append(f"<tr><td>{_e(method)}</td><td>{_e(c['latency_ms']['median'])}</td>"
                   f"<td>{_e(c['latency_ms']['max'])}</td>"
                   f"<td>{_e(burst.get('sets_per_request', burst_note))}</td>"
                   f"<td>{_e(burst.get('seconds', ''))}</td>"
                   f"<td>{_e(paused.get('behaviour', paused.get('error', '')))}"
                   f"{(' (' + _e(paused['why']) + ')') if paused.get('why') else ''}</td></tr>")
    out.append("</tbody></table>")
    return out


def _evidence(i: int, pair: dict) -> list[str]:
    out = [f'<h2 id="p{i}">{_e(pair_name(pair))}</h2>',
           f"<p>transmitter profile <code>{_e(pair['transmitter']['path'])}</code>, receiver "
           f"profile <code>{_e(pair['receiver']['path'])}</code>; {_e(pair.get('seconds'))} s"
           + (f"; set-up: {_e(pair['error'])}" if pair.get("error") else "") + "</p>",
           "<h3>Push vs poll</h3>", *_comparison(pair)]
    for cell in pair["cells"]:
        figures = ", ".join(f"{k} {_e(cell[k])}" for k in
                            ("delivered", "accepted", "action_observed", "latency_ms"))
        out += [f'<section class="cell {_e(cell["colour"])}" '
                f'id="{cell_id(i, cell["flow"], cell["method"])}">',
                f"<h4>{_e(cell['flow'])} over {_e(cell['method'])}: {_e(cell['colour'])}</h4>",
                f"<p>{figures}</p>",
                f"<p><strong>reason</strong>: {_e(cell['reason'] or '—')}</p>",
                "<details><summary>evidence</summary><pre>"
                + _e(json.dumps(cell.get("evidence") or {}, indent=2, default=str))
                + "</pre></details>", '<p><a href="#top">back to the grid</a></p></section>']
    return out


def render_html(matrix: dict) -> str:
    body = [f'<h1 id="top">Interop matrix</h1><p>{_e(matrix["suite"])}, '
            f'{_e(matrix["generated_at"])}: {len(matrix["pairs"])} pair(s) in '
            f'{_e(matrix["seconds"])} s with {_e(matrix["workers"])} worker(s). Click a cell '
            f"for its evidence.</p>", _legend(matrix["totals"]), *_grid(matrix)]
    for i, pair in enumerate(matrix["pairs"]):
        body += _evidence(i, pair)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">"
            f"<title>Interop matrix</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
