"""The operator of a run, for `manual` triggers: a person at the terminal the run started from.

A manual trigger shows its prompt on that terminal with the profile's deadline; the suite then
waits (up to the deadline) for the effect, as it would after an http or command trigger. A run
nobody attends (no terminal, or `CI` set, as CI systems do) cannot have an operator: a manual
trigger fails at once with `NoOperator` instead of waiting out every deadline.
"""
from __future__ import annotations

import os
from typing import TextIO

TERMINAL = "/dev/tty"
NO_OPERATOR = ("manual trigger needs an operator, and this run has none (no terminal, or CI "
               "is set): run it from a terminal, or give the profile an http or command trigger")


class NoOperator(RuntimeError):
    """A manual trigger in a run that nobody attends."""


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def operator_terminal() -> TextIO | None:
    """The operator's terminal, open for writing, or None in a non-interactive run."""
    if _ci():
        return None
    try:
        terminal = open(TERMINAL, "w", encoding="utf-8")
    except OSError:
        return None
    if not terminal.isatty():
        terminal.close()
        return None
    return terminal


def prompt_operator(text: str, deadline: float) -> None:
    """Show `text` to the operator with the deadline; NoOperator when there is nobody."""
    terminal = operator_terminal()
    if terminal is None:
        raise NoOperator(NO_OPERATOR)
    with terminal:
        terminal.write(f"\n[ssf-conformance] operator: {text}\n"
                       f"[ssf-conformance] the suite waits {deadline:g}s for the effect\n")
        terminal.flush()
