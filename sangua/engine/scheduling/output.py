"""Writing a schedule as the JSON of SPEC §4."""

from __future__ import annotations

from datetime import date
from typing import Any

from .model import Schedule

__all__ = ["schedule_to_json"]


def schedule_to_json(result: Schedule) -> dict[str, Any]:
    """The schedule in the JSON of SPEC §4 (keys in the SPEC's order, tasks in input order)."""

    def day(ordinal: int) -> str:
        return date.fromordinal(ordinal).isoformat()

    tasks: list[dict[str, Any]] = []
    for i, task_id in enumerate(result.ids):
        row: dict[str, Any] = {
            "id": task_id,
            "early_start": day(result.early_starts[i]),
            "early_finish": day(result.early_finishes[i]),
            "late_start": day(result.late_starts[i]),
            "late_finish": day(result.late_finishes[i]),
            "total_float": result.total_floats[i],
            "critical": result.criticals[i],
        }
        if result.statuses is not None:
            row["status"] = result.statuses[i].value
        tasks.append(row)
    return {
        "start": result.start.isoformat(),
        "finish": result.finish.isoformat(),
        "deadline": result.deadline.isoformat(),
        "feasible": result.feasible,
        "overrun_days": result.overrun_days,
        "critical_path": list(result.critical_path),
        "tasks": tasks,
    }
