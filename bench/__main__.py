"""Runs the benchmarks in this folder: ``python -m bench`` (all of them) or ``python -m bench NAME [ARGS]``.

A benchmark is a module here that defines ``run_benchmark(argv) -> int``. The NLU speed benchmark
runs first; the others follow in name order.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

FIRST = ("nlu_speed",)


def benchmarks() -> list[str]:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    found = [n for n in names if "def run_benchmark(" in (here / f"{n}.py").read_text(encoding="utf-8")]
    return [n for n in FIRST if n in found] + [n for n in found if n not in FIRST]


def main(argv: list[str]) -> int:
    available = benchmarks()
    if argv and argv[0].startswith("-"):  # options alone are the load suite's: python -m bench --only create --quick
        argv = ["suite", *argv]
    if argv:
        if argv[0] not in available:
            print(f"unknown benchmark {argv[0]!r}; available: {', '.join(available)}", file=sys.stderr)
            return 2
        return int(importlib.import_module(f"bench.{argv[0]}").run_benchmark(argv[1:]) or 0)
    status = 0
    for name in available:
        status = max(status, int(importlib.import_module(f"bench.{name}").run_benchmark([]) or 0))
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
