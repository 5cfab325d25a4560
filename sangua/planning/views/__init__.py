"""Planning pages: a project's plan (``plans``) and the battle maps (``maps``)."""

from .maps import district_map, index, unit_map, unit_pdf
from .plans import (
    baseline_save,
    generate,
    history,
    node_delete,
    node_edit,
    node_progress,
    plan_settings,
    roadmap,
    timetable,
)

__all__ = [
    "baseline_save",
    "district_map",
    "generate",
    "history",
    "index",
    "node_delete",
    "node_edit",
    "node_progress",
    "plan_settings",
    "roadmap",
    "timetable",
    "unit_map",
    "unit_pdf",
]
