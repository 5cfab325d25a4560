"""``make bench``: run every benchmark in ``bench/`` in turn and print their tables.

The scheduling engine (``bench_engine.py``), the Excel import (``bench_import.py``) and the battle
map in Chromium (``bench_battlemap.py``) come first, in that order, then any other
``bench/bench_*.py``; a benchmark that is not there is skipped. Each runs in its own process with
this Python and prints its own table (and writes its section of ``docs/benchmarks.md`` as it does
when run alone; ``--write-docs`` is passed on to those that write only when asked). A benchmark
that fails is reported at the end, and the exit status is then 1.

    .venv/bin/python bench/run.py                    # all of them
    .venv/bin/python bench/run.py engine import      # some of them
    .venv/bin/python bench/run.py --write-docs       # and update docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
FIRST = ("engine", "import", "battlemap")


def benchmarks() -> list[str]:
    """The benchmarks' names (``engine`` for ``bench_engine.py``): the usual ones first."""
    present = {p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py")}
    return [n for n in FIRST if n in present] + sorted(present - set(FIRST))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"which to run (default: all; {', '.join(FIRST)})")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    options = parser.parse_args()
    available = benchmarks()
    chosen = options.names or available
    results: list[tuple[str, str, float]] = []
    for name in chosen:
        script = BENCH / f"bench_{name}.py"
        if name not in available:
            print(f"\n== bench/bench_{name}.py: not there, skipped", flush=True)
            results.append((name, "skipped", 0.0))
            continue
        args = [sys.executable, str(script)]
        if options.write_docs and "--write-docs" in script.read_text(encoding="utf-8"):
            args.append("--write-docs")
        load = os.getloadavg()[0]
        print(f"\n== bench/bench_{name}.py (load average {load:.1f})", flush=True)
        started = time.perf_counter()
        code = subprocess.run(args, cwd=BENCH.parent, check=False).returncode
        seconds = time.perf_counter() - started
        results.append((name, "ok" if code == 0 else f"failed (exit {code})", seconds))
    print("\n== summary")
    for name, status, seconds in results:
        print(f"  {name:<12} {status:<20} {seconds:6.1f} s")
    return 1 if any(status.startswith("failed") for _, status, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
