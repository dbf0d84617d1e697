import importlib
import pkgutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table


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
            table.add_row(name, fig.name, f"{fig.value:,.{2 if abs(fig.value) < 10 else 1}f}", fig.unit,
                          fig.note)
    console = Console()
    if not console.is_terminal:  # a log or a pipe: no terminal width to fit, keep rows whole
        console = Console(width=160)
    console.print(table)
    return 0


sys.exit(main(sys.argv[1:]))
