"""Writing a generated document, or (`--check`) only saying whether it is stale."""
from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(output: Path, text: str, check: bool, command: str) -> int:
    current = output.read_text(encoding="utf-8") if output.exists() else None
    if check:
        if current != text:
            print(f"{output} is stale; run: {command}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0
