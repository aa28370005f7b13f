"""Run the benchmarks: `python -m bench` runs them all, `python -m bench gias_import` runs one."""

from __future__ import annotations

import importlib
import sys

#: Benchmark modules in this package; each has a ``main()`` that prints its numbers.
BENCHMARKS = [
    "gias_import",
    "induction_bulk_upload",
    "statement_calculation",
    "statement_lifecycle",
    "statement_page",
    "participants_api",
    "transfers_api",
    "declarations_api",
    "lead_provider_api",
    "trs_sync",
]


def run(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"Unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    run(sys.argv[1:])
