"""Enumerations of the planning app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (day off)")
    WORKDAY = "workday", _("Make-up working day (调休)")


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("Published calendar shipped with Sangua")
    OFFICE = "office", _("Entered by the office")


class NodeCalendar(models.TextChoices):
    """How a node's duration is counted: approvals in working days, site work in calendar days."""

    WORKING_DAYS = "cn", _("Working days (工作日)")
    CALENDAR_DAYS = "all", _("Calendar days (日历天)")
    WEEKDAYS = "mon-fri", _("Monday to Friday")


class DependencyKind(models.TextChoices):
    """How a node hangs on the node before it (紧前关系)."""

    FS = "FS", _("Finish to start")
    SS = "SS", _("Start to start")
    FF = "FF", _("Finish to finish")


class NodeStatus(models.TextChoices):
    """Where a node stands on the plan's status date (the engine's statuses)."""

    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")
    BEHIND = "behind", _("Behind")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")


# Worst first: a project's schedule status is its worst node's.
STATUS_SEVERITY: tuple[str, ...] = ("overdue", "behind", "in_progress", "not_started", "done")
LATE_STATUSES: frozenset[str] = frozenset({"overdue", "behind"})


class PlanAction(models.TextChoices):
    """What a plan history entry records (变更记录)."""

    GENERATE = "generate", _("Plan generated")
    SETTINGS = "settings", _("Plan dates changed")
    NODE_ADD = "node_add", _("Node added")
    NODE_EDIT = "node_edit", _("Node changed")
    NODE_DELETE = "node_delete", _("Node removed")
    PROGRESS = "progress", _("Progress reported")
    BASELINE = "baseline", _("Baseline saved")


class PlanTemplate(models.TextChoices):
    """The standard node chains a plan is generated from (标准节点模板), by project type."""

    HOUSING = "housing", _("Resettlement housing (安置房)")
    TRANSPORT = "transport", _("Transport (交通)")
    POWER = "power", _("Power / substation (电力/变电站)")
    DEMOLITION = "demolition", _("Demolition and site clearance (拆迁/清场交地)")
    WATER = "water", _("Water (水利)")
