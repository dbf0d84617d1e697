"""Run every flow over every method for one pair, in its own servers and state: what one worker
of the matrix's process pool does. Takes profile paths and returns plain JSON-able data, so it
runs the same in a worker process and inline."""
from __future__ import annotations

import time
from pathlib import Path

from harness.interop.cells import GREY, RED, Cell, grey, run_cell
from harness.interop.comparison import compare
from harness.interop.flows import FLOWS, unsupported
from harness.interop.pair import Pair, StreamUnavailable
from harness.profiles import load_profile


def _label(profile, path: str) -> str:
    return profile.name or Path(path).stem


def run_pair(tx_path: str, rx_path: str, flow_names: list[str], methods: list[str],
             compare_methods: bool = True) -> dict:
    started = time.monotonic()
    result: dict = {"transmitter": {"path": tx_path}, "receiver": {"path": rx_path},
                    "cells": [], "comparison": {}, "error": ""}
    flows = [FLOWS[n] for n in flow_names]
    try:
        tx_profile, rx_profile = load_profile(tx_path), load_profile(rx_path)
    except Exception as exc:  # noqa: BLE001 - a profile error greys the pair, with the reason
        return _all_grey(result, flows, methods, f"profile: {exc}", started)
    result["transmitter"]["name"] = _label(tx_profile, tx_path)
    result["receiver"]["name"] = _label(rx_profile, rx_path)
    if tx_profile.transmitter is None or rx_profile.receiver is None:
        missing = "transmitter" if tx_profile.transmitter is None else "receiver"
        return _all_grey(result, flows, methods, f"the profile declares no {missing}", started)
    errors = []
    for method in methods:   # a fresh pair per method: no state carried from one to the other
        pair = Pair(tx_profile, rx_profile)
        try:
            pair.start()
        except Exception as exc:  # noqa: BLE001 - the pair cannot be set up: grey, with why
            why = f"set-up: {type(exc).__name__}: {exc}"
            errors.append(why)
            result["cells"] += [grey(f.name, method, why).public() for f in flows]
            continue
        try:
            cells = _run_method(pair, flows, method)
            result["cells"] += [c.public() for c in cells]
            if compare_methods and pair.rx.stream is not None \
                    and any(c.delivered and c.accepted for c in cells):
                result["comparison"][method] = compare(pair, method, cells)
            _delete(pair)
        finally:
            pair.stop()
    result["error"] = "; ".join(dict.fromkeys(errors))
    result["seconds"] = round(time.monotonic() - started, 2)
    return result


def _run_method(pair: Pair, flows, method: str) -> list[Cell]:
    todo = [(f, unsupported(f, method, pair.tx_profile, pair.rx_profile)) for f in flows]
    if all(why for _, why in todo):
        return [grey(f.name, method, why) for f, why in todo]
    try:
        pair.create_stream(method)
    except StreamUnavailable as exc:
        return [grey(f.name, method, why or str(exc)) for f, why in todo]
    except Exception as exc:  # noqa: BLE001 - the stream could not be made: red, with why
        return [Cell(f.name, method, GREY if why else RED,
                     reason=why or f"creating the {method} stream failed: "
                     f"{type(exc).__name__}: {exc}") for f, why in todo]
    cells = []
    for flow, why in todo:
        cells.append(grey(flow.name, method, why) if why else run_cell(pair, flow, method))
    for cell in cells:
        cell.evidence.setdefault("stream", {"stream_id": pair.rx.stream.get("stream_id"),
                                            "created_by": pair.created_by})
    return cells


def _delete(pair: Pair) -> None:
    try:
        pair.delete_stream()
    except Exception:  # noqa: BLE001 - the next method creates its own; the pair ends anyway
        pair.rx.stream = None


def _all_grey(result: dict, flows, methods, why: str, started: float) -> dict:
    result["error"] = why
    result["transmitter"].setdefault("name", Path(result["transmitter"]["path"]).stem)
    result["receiver"].setdefault("name", Path(result["receiver"]["path"]).stem)
    result["cells"] = [grey(f.name, m, why).public() for m in methods for f in flows]
    result["seconds"] = round(time.monotonic() - started, 2)
    return result
