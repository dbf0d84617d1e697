import importlib
import pkgutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table


def _value(value: float) -> str:
    """Small fractional figures (milliseconds per SET) with two decimals, the rest with one."""
    digits = 2 if 0 < abs(value) < 10 and not float(value).is_integer() else 1
    return f"{value:,.{digits}f}"


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if m.name.startswith("bench_"))
    table = Table(title="SSF conformance benchmarks")
    for col in ("benchmark", "figure", "value", "unit", "note"):
        table.add_column(col)
    for name in names:
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        for fig in module.run():
            table.add_row(name, fig.name, _value(fig.value), fig.unit, fig.note)
    console = Console()
    if not console.is_terminal:  # a log or a pipe: no terminal width to fit, keep rows whole
        console = Console(width=160)
    console.print(table)
    return 0


sys.exit(main(sys.argv[1:]))
