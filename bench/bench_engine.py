"""Benchmark of the scheduling engine (SPEC §4) against a straightforward networkx CPM.

Run as ``.venv/bin/python bench/bench_engine.py`` (``--no-docs``: print only). Builds a
10,000-task chain and random networks of 10,000 and 100,000 tasks (about two dependencies each,
seeded), times both passes alone and ``schedule(plan)`` — from the plan's dataclasses to the
result — and, in the same run, a networkx forward/backward longest-path computation (no
calendars) over a DiGraph built from the same tasks. Prints a markdown table and a verdict on
each of issue 3's targets, and writes them, with the machine, into the "Scheduling engine"
section of ``docs/benchmarks.md`` (between ``<!-- engine:start -->`` and ``<!-- engine:end -->``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sangua.engine.scheduling import Dependency, Plan, Task, schedule  # noqa: E402
from sangua.engine.scheduling.network import compile_plan  # noqa: E402
from sangua.engine.scheduling.passes import backward, forward  # noqa: E402

START = date(2013, 5, 6)
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- engine:start -->", "<!-- engine:end -->"


def chain(n: int, rng: random.Random) -> list[tuple[str, int, list[str]]]:
    return [(f"T{i}", rng.randint(1, 10), [f"T{i - 1}"] if i else []) for i in range(n)]


def network(n: int, rng: random.Random) -> list[tuple[str, int, list[str]]]:
    """Each task after 1 to 3 distinct earlier tasks (about 2 on average)."""
    tasks = []
    for i in range(n):
        preds = rng.sample(range(i), min(i, rng.randint(1, 3))) if i else []
        tasks.append((f"T{i}", rng.randint(1, 10), [f"T{p}" for p in preds]))
    return tasks


def plan_of(tasks: list[tuple[str, int, list[str]]], calendar: str) -> Plan:
    return Plan(
        tasks=tuple(
            Task(id=i, duration=d, after=tuple(Dependency(p) for p in after))
            for i, d, after in tasks
        ),
        start=START,
        default_calendar=calendar,
    )


def networkx_cpm(tasks: list[tuple[str, int, list[str]]]) -> dict[str, int]:
    """Early start, late start and float with networkx: FS, lag 0, every day a working day."""
    graph = nx.DiGraph()
    for task_id, duration, after in tasks:
        graph.add_node(task_id, duration=duration)
        graph.add_edges_from((p, task_id) for p in after)
    order = list(nx.topological_sort(graph))
    duration = nx.get_node_attributes(graph, "duration")
    early_finish: dict[str, int] = {}
    for v in order:
        start = max((early_finish[u] for u in graph.predecessors(v)), default=0)
        early_finish[v] = start + duration[v]
    finish = max(early_finish.values())
    late_start: dict[str, int] = {}
    for v in reversed(order):
        late_finish = min((late_start[w] for w in graph.successors(v)), default=finish)
        late_start[v] = late_finish - duration[v]
    return {v: late_start[v] - (early_finish[v] - duration[v]) for v in order}


def best_ms(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best time of each run in ms, the runs interleaved so that a busy machine hurts all alike."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for label, run in runs.items():
            t0 = time.perf_counter()
            run()
            best[label] = min(best[label], time.perf_counter() - t0)
    return {label: seconds * 1000 for label, seconds in best.items()}


def passes(plan: Plan) -> Callable[[], object]:
    """Both passes alone, dates out as ordinals, on the plan compiled once (what the issue's
    targets time)."""
    net = compile_plan(plan)
    assert plan.start is not None
    start = plan.start.toordinal()

    def run() -> None:
        _, early = forward(net, start, None)
        backward(net, max(early[1::2]))

    return run


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (`nproc`), {cpu}, Python {platform.python_version()}"


def loop_ms() -> float:
    """A yardstick of the machine's Python speed: a million-step ``for`` loop."""

    def count() -> int:
        total = 0
        for i in range(1_000_000):
            total += i
        return total

    return best_ms({"loop": count}, 5)["loop"]


def verdict(value: float, limit: float, unit: str = "ms") -> str:
    """``met (6.1 ms, 39 % under the 10 ms target)`` or ``not met (...)``."""
    if value <= limit:
        return f"**met** ({value:.1f} {unit}, {100 * (1 - value / limit):.0f} % under)"
    return f"**not met** ({value:.1f} {unit}, {100 * (value / limit - 1):.0f} % over)"


def targets(results: dict[str, dict[str, float]]) -> list[str]:
    """One sentence per target of issue 3, from this run's figures."""
    chain, net10k = results["chain"], results["random10k"]
    net100k, shuffled = results["random100k"], results["shuffled100k"]
    speedups = {label: r["networkx"] / r["all"] for label, r in results.items()}
    issue = ("chain", "random10k", "random100k")  # the networks issue 3 names
    slowest = min(issue, key=speedups.__getitem__)
    return [
        f"- 10,000-task chain, both passes ≤ 10 ms: {verdict(chain['passes'], 10)}; the whole "
        f"`schedule()` takes {chain['all']:.1f} ms.",
        f"- 100,000-task network, both passes ≤ 300 ms: {verdict(net100k['passes'], 300)}; the "
        f"whole `schedule()` takes {net100k['all']:.0f} ms ({shuffled['all']:.0f} ms listed in "
        "random order, which adds the topological sort).",
        "- ≥ 3× faster than the networkx reference (whole `schedule()` against networkx building "
        f"its graph and both passes): chain {speedups['chain']:.2f}×, random 10,000 "
        f"{speedups['random10k']:.2f}×, random 100,000 {speedups['random100k']:.2f}× — "
        + (
            "**met** on the three networks of the issue"
            if speedups[slowest] >= 3
            else f"**not met** on the {slowest} network ({speedups[slowest]:.2f}×)"
        )
        + f"; the 100,000 tasks listed in random order (an extra case): "
        f"{speedups['shuffled100k']:.2f}× ("
        + ("met" if speedups["shuffled100k"] >= 3 else "**not met**")
        + ").",
        f"- Both passes alone against networkx: chain {chain['networkx'] / chain['passes']:.0f}×, "
        f"random 10,000 {net10k['networkx'] / net10k['passes']:.0f}×.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--repeat", type=int, default=1, help="multiply the runs of each case")
    options = parser.parse_args()
    load_before = os.getloadavg()[0]
    rng = random.Random(2013)
    cases = [
        ("chain", "chain, 10,000 tasks", chain(10_000, rng), 30),
        ("random10k", "random, 10,000 tasks", network(10_000, rng), 20),
        ("random100k", "random, 100,000 tasks", network(100_000, rng), 5),
    ]
    shuffled = list(cases[2][2])
    rng.shuffle(shuffled)
    cases.append(("shuffled100k", "random, 100,000 tasks, listed in random order", shuffled, 5))
    rows = []
    results: dict[str, dict[str, float]] = {}
    for key, label, tasks, repeat in cases:
        plans = {cal: plan_of(tasks, cal) for cal in ("all", "mon-fri")}
        # Same network, same answer: the engine's float on `all` days equals networkx's.
        floats = networkx_cpm(tasks)
        result = schedule(plans["all"])
        assert list(result.total_floats) == [floats[t[0]] for t in tasks], label
        runs: dict[str, Callable[[], object]] = {
            "passes": passes(plans["all"]),
            "all": partial(schedule, plans["all"]),
            "mon-fri": partial(schedule, plans["mon-fri"]),
            "networkx": partial(networkx_cpm, tasks),
        }
        ms = results[key] = best_ms(runs, repeat * options.repeat)
        edges = sum(len(t[2]) for t in tasks)
        rows.append(
            f"| {label} ({edges:,} dependencies) | {ms['passes']:.1f} | {ms['all']:.1f} "
            f"| {ms['mon-fri']:.1f} | {ms['networkx']:.1f} | {ms['networkx'] / ms['all']:.1f}× |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            "| network | engine, both passes ms | engine, `schedule()` ms (`all`) "
            "| engine, `schedule()` ms (`mon-fri`) | networkx ms | speed-up |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    verdicts = targets(results)
    print(table)
    print("\n".join(verdicts))
    if options.no_docs:
        return
    load_after = os.getloadavg()[0]
    section = "\n".join(
        [
            BEGIN,
            "## Scheduling engine",
            "",
            "`sangua/engine/scheduling/` against a straightforward networkx critical-path",
            "computation (DiGraph built from the tasks, `topological_sort`, forward and backward",
            "longest path, FS only, no calendars) on the same networks. *Both passes*: forward and",
            "backward pass over a compiled plan, dates out as ordinals; *`schedule()`*: everything",
            "from the plan's dataclasses to the result (checks, topological order, both passes,",
            "float, driving path, path order). Speed-up: networkx over `schedule()` on `all`. Best",
            "of several runs, the four interleaved so that a busy machine slows all alike",
            "(`time.perf_counter`). Each task lasts 1–10 days; a random network gives each task 1–3",
            "earlier predecessors (seeded); the engine's floats on `all` equal networkx's.",
            "",
            f"Measured {date.today().isoformat()} on {machine()}",
            f"(a million-step Python `for` loop: {loop_ms():.0f} ms; load average "
            f"{load_before:.1f} before, {load_after:.1f} after),",
            "with `.venv/bin/python bench/bench_engine.py` (or `make bench`).",
            "",
            table,
            "",
            "Issue 3's targets, from this run:",
            "",
            *verdicts,
            "",
            "On a shared machine the speed-ups move by about ±0.5× between runs (networkx, which",
            "allocates more, suffers more when the machine is busy). The tightest case is the",
            "100,000 tasks listed in random order: there the passes reach their lists out of order",
            "(twice their time in order) and the topological sort comes on top, while networkx pays",
            "little more for the order. On the chain, reading the plan's 10,000 dataclasses into",
            "flat lists costs about as much as both passes.",
            "",
            "How: the passes work in working-day numbers, each task in its own calendar's. On `all`",
            "a day's number is its ordinal and on `mon-fri` five per week plus the weekday (closed",
            "forms, no arrays at all); `cn` is numbered by arrays over the official calendar's",
            "known years, built once per official calendar. Between tasks of one calendar every",
            "rule of SPEC §4 is then an addition and a comparison on plain ints; only dependencies",
            "across calendars, on tasks with progress, and finish-to-finish take the general path",
            "through dates. The driving path is followed inside the backward pass. What is left is",
            "CPython's own cost: a task costs each pass a handful of list reads and writes and a",
            "comparison, about as much as ten steps of the bare loop above.",
            END,
        ]
    )
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        text = re.sub(
            re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S
        )
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
