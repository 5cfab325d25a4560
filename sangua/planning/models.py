"""The official working calendar (法定节假日与调休) as data the office extends each year, and the
projects' reverse plans (倒排计划): nodes, dependencies, their history and frozen baselines."""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangua.core.models import TimeStampedModel
from sangua.orgs.models import Unit
from sangua.projects.models import Project

from .choices import (
    CalendarSource,
    DayKind,
    DependencyKind,
    NodeCalendar,
    NodeStatus,
    PlanAction,
    PlanTemplate,
)

_M = TypeVar("_M", bound=models.Model)


class CalendarYear(models.Model):
    """A year whose official holidays are known (the State Council publishes them each autumn)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=16, choices=CalendarSource.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2200), name="calendar_year_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to the weekend rule: a weekday holiday, or a weekend make-up working day (调休)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("holiday"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=CalendarSource.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


# --- Reverse plans (倒排计划) -------------------------------------------------------------------


class AppendOnlyError(Exception):
    """An attempt to change or delete a baseline or a history entry (they are kept as written)."""


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """A queryset that inserts and reads only: update and delete are refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be updated")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be updated")


class AppendOnlyModel(models.Model):
    """A row written once: saving it again or deleting it raises (the database refuses updates
    too, with a trigger added by migration 0004)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} {self.pk} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} {self.pk} cannot be deleted")


class Plan(TimeStampedModel):
    """A project's reverse-scheduled plan (倒排计划): nodes scheduled back from the deadline.

    Nothing derived is stored: early and late dates, floats and statuses are computed by the engine
    when read (they depend on the status date, which moves every day when it is left empty).
    """

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="reverse_plan"
    )
    template = models.CharField(
        _("template"), max_length=24, choices=PlanTemplate.choices, blank=True
    )
    start = models.DateField(_("not before"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status_date = models.DateField(
        _("status date (数据日期)"),
        null=True,
        blank=True,
        help_text=_("The date progress is reported to; empty means today."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["project__code"]
        verbose_name = _("reverse plan")
        verbose_name_plural = _("reverse plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=False) | Q(deadline__isnull=False),
                name="plan_start_or_deadline",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(deadline__isnull=True)
                | Q(deadline__gte=F("start")),
                name="plan_deadline_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.project)


class PlanNode(models.Model):
    """A node of a plan (节点): a task of some working or calendar days, or a milestone (0 days)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="nodes"
    )
    key = models.CharField(_("key"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    duration = models.PositiveIntegerField(_("duration (days)"))
    calendar = models.CharField(
        _("calendar"),
        max_length=8,
        choices=NodeCalendar.choices,
        default=NodeCalendar.CALENDAR_DAYS,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="plan_nodes",
    )
    sort = models.PositiveIntegerField(_("order"), default=0)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    remaining = models.PositiveIntegerField(_("remaining days"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "sort", "id"]
        verbose_name = _("plan node")
        verbose_name_plural = _("plan nodes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="plan_node_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="plan_node_key_not_empty"),
            models.CheckConstraint(
                condition=Q(duration__lte=3650), name="plan_node_duration_range"
            ),
            models.CheckConstraint(
                condition=Q(actual_finish__isnull=True)
                | Q(actual_start__isnull=False, actual_finish__gte=F("actual_start")),
                name="plan_node_actual_finish_after_start",
            ),
            models.CheckConstraint(
                condition=Q(remaining__isnull=True)
                | Q(actual_start__isnull=False, actual_finish__isnull=True),
                name="plan_node_remaining_only_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_milestone(self) -> bool:
        return self.duration == 0


class PlanDependency(models.Model):
    """A node's dependency on an earlier node (紧前关系): finish-to-start, start-to-start or
    finish-to-finish, with a lag in working days of the successor's calendar."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="dependencies"
    )
    successor = models.ForeignKey(
        PlanNode, verbose_name=_("node"), on_delete=models.CASCADE, related_name="after"
    )
    predecessor = models.ForeignKey(
        PlanNode, verbose_name=_("after node"), on_delete=models.CASCADE, related_name="followers"
    )
    type = models.CharField(
        _("type"), max_length=2, choices=DependencyKind.choices, default=DependencyKind.FS
    )
    lag = models.PositiveIntegerField(_("lag (days)"), default=0)

    class Meta:
        ordering = ["successor", "id"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["successor", "predecessor"], name="plan_dependency_unique"
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("predecessor")), name="plan_dependency_not_self"
            ),
            models.CheckConstraint(condition=Q(lag__lte=3650), name="plan_dependency_lag_range"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} {self.type}+{self.lag}"


class PlanEvent(AppendOnlyModel):
    """One change to a plan (变更记录): who, when, which node, before → after. Kept forever."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=PlanAction.choices)
    node_key = models.CharField(_("node key"), max_length=32, blank=True)
    node_name = models.CharField(_("node"), max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")
        indexes = [models.Index(fields=["plan", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.node_name}"


class Baseline(AppendOnlyModel):
    """A frozen copy of a plan and its computed dates (基线), numbered per plan, never changed."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="baselines"
    )
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("not before"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    status_date = models.DateField(_("status date (数据日期)"))
    finish = models.DateField(_("planned finish"))
    feasible = models.BooleanField(_("meets the deadline"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="baseline_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="baseline_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.name}"


class BaselineNode(AppendOnlyModel):
    """A node as it stood when its baseline was saved: its inputs and its computed dates."""

    baseline = models.ForeignKey(
        Baseline, verbose_name=_("baseline"), on_delete=models.PROTECT, related_name="nodes"
    )
    key = models.CharField(_("key"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    sort = models.PositiveIntegerField(_("order"))
    duration = models.PositiveIntegerField(_("duration (days)"))
    calendar = models.CharField(_("calendar"), max_length=8, choices=NodeCalendar.choices)
    early_start = models.DateField(_("start"))
    early_finish = models.DateField(_("finish"))
    late_start = models.DateField(_("late start"))
    late_finish = models.DateField(_("late finish"))
    total_float = models.IntegerField(_("total float"))
    critical = models.BooleanField(_("critical"))
    status = models.CharField(_("status"), max_length=16, choices=NodeStatus.choices)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["baseline", "sort", "id"]
        verbose_name = _("baseline node")
        verbose_name_plural = _("baseline nodes")
        constraints = [
            models.UniqueConstraint(fields=["baseline", "key"], name="baseline_node_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name
