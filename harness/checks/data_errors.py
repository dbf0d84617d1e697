"""When a check cannot read what the implementation sent, that is the check's failed verdict.

A check reads hostile data: a member that should be an object is a list, a claim is missing, a
number is a string, a body is not JSON. Each check guards the cases its sentence names, but a
shape nobody foresaw must not turn the scenario "broken" (a harness defect, exit 3): the
implementation sent it, so the check fails and says it could not read it.

The rule (`reading_error`), kept narrow so true harness defects stay broken:
- only an exception raised inside the check's body (its frame was entered), not one raised by
  calling it with the wrong arguments;
- only the exception types reading data raises: ValueError (json, int(), strict JSON,
  UnicodeError), KeyError, IndexError, RecursionError (a hostile nesting), TypeError unless it is
  about a call's arguments, and AttributeError only on JSON data (`'list' object has no
  attribute 'get'`), never on a harness object (a typo such as `resp.stauts` stays broken);
- everything else (NameError, AssertionError, ImportError, RuntimeError, OSError...) stays broken.
A harness defect that still slips through shows up as a failed verdict against the reference
implementation, which the self-test (tests/checks/test_every_check.py, the kill matrix) catches.
"""
from __future__ import annotations

_JSON_TYPES = (dict, list, str, int, float, bool, type(None), bytes)
_READING = (ValueError, KeyError, IndexError, RecursionError, TypeError, AttributeError)


def reading_error(exc: BaseException) -> bool:
    """True when `exc`, raised while a check body ran, came from reading the implementation's
    data (see the module docstring)."""
    tb = exc.__traceback__
    if tb is None or tb.tb_next is None:   # raised by the call itself: wrong arguments
        return False
    if not isinstance(exc, _READING):
        return False
    if isinstance(exc, AttributeError):
        return isinstance(exc.obj, _JSON_TYPES)
    if isinstance(exc, TypeError) and "argument" in str(exc):
        return False
    return True


def error_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 200 else text[:197] + "..."


def describe(exc: BaseException) -> str:
    return f"could not read the implementation's data ({error_text(exc)})"
