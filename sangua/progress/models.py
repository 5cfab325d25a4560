"""Monthly reports (月报), their review history, and the publication of a district's month."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangua.core.models import TimeStampedModel
from sangua.core.money import MoneyField
from sangua.orgs.models import Region
from sangua.projects.models import Project

from .choices import ReportAction, ReportState


class MonthlyReport(TimeStampedModel):
    """A unit's report (月报) for one project and one month: investment completed, progress, problems."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    amount = MoneyField(_("completed this month (万元)"))
    progress = models.TextField(_("physical progress (形象进度)"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    due_date = models.DateField(_("due date"))
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["project__code", "year", "month"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"], name="report_one_per_project_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="report_month_1_12"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="report_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["year", "month", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}-{self.month:02d}"

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def is_late(self) -> bool:
        """Submitted after its due date (a report never submitted is late once the date passes)."""
        if self.first_submitted_at is not None:
            return timezone.localdate(self.first_submitted_at) > self.due_date
        return timezone.localdate() > self.due_date


class ReportEvent(models.Model):
    """One step in a report's history: who did what, when, why, and the figures before and after."""

    report = models.ForeignKey(
        MonthlyReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    action = models.CharField(_("action"), max_length=16, choices=ReportAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="report_events",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment or reason"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["report_id", "at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"


class Publication(models.Model):
    """The office's release of a district's month (发布): the wall and the public API show it."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="publications", verbose_name=_("district")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["region__code", "year", "month"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "month"], name="publication_one_per_region_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="publication_month_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.year}-{self.month:02d}"
