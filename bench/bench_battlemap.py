"""Benchmark of the battle map: a 5,000-node Gantt drawn in Chromium.

Run as ``.venv/bin/python bench/bench_battlemap.py``. Builds 250 reverse plans of 20 nodes (chains
with parallel branches, FS/SS/FF, ``cn`` approvals and ``all`` site work, actual dates up to a
status date) with the engine, turns their schedules into the map's data with the same code as the
pages (``sangua.planning.gantt``), writes a static page with the product's CSS, the map's markup
and ``planning/gantt.js``, and opens it in Chromium (Playwright) several times. It reports the
time from navigation start until the first frame is drawn (``data-drawn-ms``, set by gantt.js),
until it is painted (two animation frames later), and the cost of one redraw while scrolling.
Writes the table, with the machine, into the "Battle map" section of ``docs/benchmarks.md``
(between ``<!-- battlemap:start -->`` and ``<!-- battlemap:end -->``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sangua.engine.calendar import OfficialCalendar  # noqa: E402
from sangua.engine.scheduling import Dependency, DependencyType, Plan, Task, schedule  # noqa: E402
from sangua.planning.gantt import NODE, PROJECT, GanttData  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- battlemap:start -->", "<!-- battlemap:end -->"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STATUS = dt.date(2013, 10, 23)
PLANS, NODES_PER_PLAN = 250, 20
RUNS = 7
TARGET_MS = 1000


def official() -> OfficialCalendar:
    """The official calendar from the chinesecalendar package (no database here)."""
    import chinese_calendar

    holidays, workdays = frozenset(chinese_calendar.holidays), frozenset(chinese_calendar.workdays)
    years = frozenset(range(min(holidays).year, max(holidays).year + 1))
    return OfficialCalendar(holidays, workdays, years)


def plan_of(k: int, rng: random.Random, cal: OfficialCalendar) -> tuple[Plan, list[Task]]:
    """A plan of NODES_PER_PLAN nodes: approvals then site work, each after one or two earlier."""
    tasks: list[Task] = []
    deadline = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    for i in range(NODES_PER_PLAN):
        approval = i < 8
        duration = 0 if i in (9, NODES_PER_PLAN - 1) else rng.randint(5, 25 if approval else 120)
        after: tuple[Dependency, ...] = ()
        if i:
            preds = rng.sample(range(max(0, i - 3), i), min(i, rng.randint(1, 2)))
            kinds = [DependencyType.FS] * 6 + [DependencyType.SS, DependencyType.FF]
            after = tuple(
                Dependency(
                    f"N{p}",
                    rng.choice(kinds) if duration else DependencyType.FS,
                    rng.choice([0, 0, 5]),
                )
                for p in preds
            )
        tasks.append(
            Task(
                id=f"N{i}",
                duration=duration,
                after=after,
                calendar="cn" if approval else "all",
                name=f"节点{k}-{i}",
            )
        )
    return Plan(tasks=tuple(tasks), deadline=deadline, official=cal), tasks


def map_data() -> dict:
    """The 5,000-node map's JSON, through the engine and the pages' encoder."""
    rng = random.Random(20131023)
    cal = official()
    data = GanttData(STATUS, title="莲都区")
    units = [f"单位{u:02d}" for u in range(30)]
    for k in range(PLANS):
        plan, tasks = plan_of(k, rng, cal)
        first = schedule(plan)  # the baseline, before any progress
        # Progress: the nodes whose latest start is well before the status date have started.
        progressed = []
        for i, task in enumerate(tasks):
            ls, lf = date_of(first.late_starts[i]), date_of(first.late_finishes[i])
            shift = dt.timedelta(days=rng.randint(-20, 15))
            start = ls + shift if ls + shift <= STATUS else None
            finish = lf + shift if start and lf + shift <= STATUS else None
            if task.duration == 0 and start:
                finish = start
            progressed.append(
                Task(**{**task_fields(task), "actual_start": start, "actual_finish": finish})
            )
        result = schedule(
            Plan(tasks=tuple(progressed), deadline=plan.deadline, status_date=STATUS, official=cal)
        )
        statuses = result.statuses or ()
        data.add(
            kind=PROJECT,
            name=f"331102-{k:03d} 重点项目{k}",
            unit=units[k % 30],
            es=min(result.early_starts),
            ef=max(result.early_finishes),
            lf=plan.deadline,
            status=min(
                statuses, key=["overdue", "behind", "in_progress", "not_started", "done"].index
            ),
            url="#",
        )
        rows = {}
        for i, task in enumerate(progressed):
            rows[task.id] = data.add(
                kind=NODE,
                name=task.name,
                unit=units[(k + i) % 30],
                es=result.early_starts[i],
                ef=result.early_finishes[i],
                ls=result.late_starts[i],
                lf=result.late_finishes[i],
                actual_start=task.actual_start,
                actual_finish=task.actual_finish,
                baseline_start=date_of(first.early_starts[i]),
                baseline_finish=date_of(first.early_finishes[i]),
                status=statuses[i],
                critical=result.criticals[i],
                milestone=task.duration == 0,
            )
        for i, task in enumerate(progressed):
            for dep in task.after:
                j = result.ids.index(dep.task)
                if result.criticals[i] and result.criticals[j]:
                    data.link(rows[dep.task], rows[task.id], True)
    return data.as_json()


def date_of(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def task_fields(task: Task) -> dict:
    return {name: getattr(task, name) for name in Task.__slots__}  # type: ignore[attr-defined]


PAGE = """<!doctype html>
<html lang="zh-hans"><head><meta charset="utf-8"><title>5,000-node battle map</title>
<link rel="stylesheet" href="{font}">
<link rel="stylesheet" href="{css}">
<link rel="stylesheet" href="{planning_css}">
</head><body class="app"><main class="page">
<div class="gantt" data-gantt="gantt-data" data-labels="gantt-labels" data-testid="gantt">
  <div class="gantt-tools"><button type="button" class="btn" data-gantt-action="fit">Fit</button></div>
  <div class="gantt-frame"><canvas></canvas>
    <div class="gantt-viewport" tabindex="0"><div class="gantt-spacer"></div></div></div>
  <div class="gantt-tip" hidden></div>
</div>
<script id="gantt-data" type="application/json">{data}</script>
<script id="gantt-labels" type="application/json">{labels}</script>
</main>
<script src="{js}"></script>
</body></html>
"""

LABELS = {
    "title": "莲都区",
    "status": "数据日期",
    "planned": "计划",
    "latest": "最迟",
    "actual": "实际",
    "baseline": "基线",
    "deadline": "截止",
    "critical": "关键线路",
    "statuses": ["已完成", "超期", "滞后", "进行中", "未开始"],
}

MEASURE = """async () => {
  const root = document.querySelector('[data-testid=gantt]');
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const painted = performance.now();
  const g = root.sanguaGantt, vp = g.viewport, times = [];
  for (let k = 1; k <= 60; k++) {
    vp.scrollTop = Math.round(vp.scrollHeight * k / 61);
    const t0 = performance.now(); g.draw(); times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {drawn: parseFloat(root.getAttribute('data-drawn-ms')), painted: painted,
          redraw: times[Math.floor(times.length / 2)], redrawMax: times[times.length - 1],
          rows: g.n};
}"""


def write_page(folder: Path, data: dict) -> Path:
    static = ROOT / "sangua"
    page = folder / "battlemap.html"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    page.write_text(
        PAGE.format(
            font=(ROOT / "node_modules/@fontsource/noto-sans-sc/400.css").as_uri(),
            css=(static / "core/static/sangua/css/sangua.css").as_uri(),
            planning_css=(static / "planning/static/planning/planning.css").as_uri(),
            js=(static / "planning/static/planning/gantt.js").as_uri(),
            data=text,
            labels=json.dumps(LABELS, ensure_ascii=False),
        ),
        encoding="utf-8",
    )
    return page


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


def main() -> None:
    from playwright.sync_api import sync_playwright

    data = map_data()
    nodes = data["rows"]["kind"].count(NODE)
    with tempfile.TemporaryDirectory() as folder:
        page_path = write_page(Path(folder), data)
        size_kb = page_path.stat().st_size / 1024
        results = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            version = browser.version
            for _ in range(RUNS + 1):  # the first run warms the disk cache and is dropped
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                page.goto(page_path.as_uri())
                page.wait_for_selector("[data-testid=gantt][data-state=drawn]", timeout=30_000)
                results.append(page.evaluate(MEASURE))
                page.context.close()
            browser.close()
    results = results[1:]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    drawn, painted = median("drawn"), median("painted")
    redraw, redraw_max = median("redraw"), max(r["redrawMax"] for r in results)
    verdict = "meets" if painted <= TARGET_MS else "misses"
    print(f"{nodes} nodes in {PLANS} plans ({results[0]['rows']} rows), page {size_kb:.0f} KB")
    print(f"first frame drawn {drawn:.0f} ms, painted {painted:.0f} ms after navigation start")
    print(f"one redraw while scrolling: median {redraw:.2f} ms, worst {redraw_max:.2f} ms")

    section = "\n".join(
        [
            BEGIN,
            "## Battle map",
            "",
            "The 5,000-node battle map drawn in Chromium: `sangua/planning/static/planning/gantt.js`",
            "on one canvas, visible rows only. The map is 250 reverse plans of 20 nodes each",
            "(`cn` approvals, `all` site work, FS/SS/FF, actual dates to a status date, a baseline)",
            "scheduled by the engine and encoded by `sangua.planning.gantt`, as the pages do; the",
            "page is a static file with the product's CSS, font, markup and script. *Drawn*: from",
            "navigation start to the end of the first frame (`data-drawn-ms`); *painted*: two",
            "animation frames later. *Redraw*: one frame while scrolling through the map (60",
            f"positions). Median of {RUNS} page loads (a warm-up load dropped).",
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}, Chromium {version}",
            "(`--disable-gpu`, headless), with `.venv/bin/python bench/bench_battlemap.py`.",
            "",
            "| map | page | drawn ms | painted ms | redraw ms (median / worst) | target |",
            "|---|---:|---:|---:|---:|---|",
            f"| {nodes:,} nodes, {PLANS} projects | {size_kb:,.0f} KB | {drawn:.0f} | {painted:.0f} "
            f"| {redraw:.2f} / {redraw_max:.2f} | ≤ {TARGET_MS} ms drawn: {verdict} |",
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
    print(f"written to {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
