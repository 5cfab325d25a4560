"""Rule sets (考核规则): versioned thresholds for lights, stalls, sanctions and supervision placards."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sangua.core.money import MoneyField
from sangua.orgs.models import Person, Region, Unit

from .choices import FindingAction, FindingState, PeriodKindChoice, SanctionChoice


class RuleSet(models.Model):
    """One version of the rules (考核规则). Never edited: a change is a new version with who, when and why.

    ``region`` empty means the rules every region uses unless it has its own chain of versions.
    """

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_sets",
    )
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=100)
    red_below = models.DecimalField(
        _("red below (plan-to-date %)"), max_digits=6, decimal_places=2, default=Decimal("90")
    )
    green_from = models.DecimalField(
        _("green from (plan-to-date %)"), max_digits=6, decimal_places=2, default=Decimal("100")
    )
    stall_months = models.PositiveSmallIntegerField(
        _("stalled after months without completion"), default=2
    )
    sanction_month = models.CharField(
        _("sanction for a missed month"),
        max_length=24,
        choices=SanctionChoice.choices,
        default=SanctionChoice.EXPLANATION,
    )
    sanction_quarter = models.CharField(
        _("sanction for a missed quarter"),
        max_length=24,
        choices=SanctionChoice.choices,
        default=SanctionChoice.MEETING_EXPLANATION,
    )
    sanction_half = models.CharField(
        _("sanction for a missed half-year"),
        max_length=24,
        choices=SanctionChoice.choices,
        default=SanctionChoice.ADMONISHMENT,
    )
    sanction_year = models.CharField(
        _("sanction for a missed year"),
        max_length=24,
        choices=SanctionChoice.choices,
        default=SanctionChoice.BONUS_WITHHELD,
    )
    placard_yellow_days = models.PositiveSmallIntegerField(
        _("yellow placard after working days overdue"), default=1
    )
    placard_red_days = models.PositiveSmallIntegerField(
        _("red placard after working days overdue"), default=5
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("remind working days before a deadline"), default=3
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        ordering = ["region_id", "-version"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "version"], name="ruleset_version_unique_per_region"
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(region__isnull=True),
                name="ruleset_version_unique_default",
            ),
            models.CheckConstraint(
                condition=Q(red_below__lte=F("green_from")), name="ruleset_red_below_green"
            ),
            models.CheckConstraint(
                condition=Q(stall_months__gte=1), name="ruleset_stall_months_positive"
            ),
            models.CheckConstraint(
                condition=Q(placard_red_days__gte=F("placard_yellow_days")),
                name="ruleset_red_after_yellow",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class PeriodClose(models.Model):
    """One run of a period close (考核) for a district: what was assessed and what changed since the last run.

    Every run is kept (the close log); ``assessed`` holds every unit with a plan in the period and
    its figures, ``changes`` the differences from the previous run of the same period.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="period_closes"
    )
    period = models.CharField(_("period"), max_length=8)
    kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKindChoice.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    run = models.PositiveIntegerField(_("run"))
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="closes"
    )
    closed_at = models.DateTimeField(
        pgettext_lazy("period close", "closed at"), default=timezone.now
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed = models.JSONField(_("units assessed"), default=list)
    changes = models.JSONField(_("changes since the previous run"), default=list)
    finding_count = models.PositiveIntegerField(_("findings"), default=0)

    class Meta:
        ordering = ["region__code", "-year", "period", "-run"]
        verbose_name = _("period close")
        verbose_name_plural = _("period closes")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "run"], name="period_close_run_unique"
            ),
        ]
        indexes = [models.Index(fields=["region", "period"])]

    def __str__(self) -> str:
        return f"{self.region.code} {self.period} #{self.run}"


class Finding(models.Model):
    """A sanction found at a period close for one unit (问责记录), with its own lifecycle.

    The rule set version is the one in force when the finding was first made; a later close of
    the same period updates the figures but never the version or the sanction.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="findings"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="findings"
    )
    head = models.ForeignKey(
        Person,
        verbose_name=_("unit head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    head_name = models.CharField(_("unit head (as found)"), max_length=100, blank=True)
    period = models.CharField(_("period"), max_length=8)
    kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKindChoice.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    planned = MoneyField(_("planned (万元)"))
    completed = MoneyField(_("completed (万元)"))
    shortfall = MoneyField(_("shortfall (万元)"))
    sanction = models.CharField(_("sanction"), max_length=24, choices=SanctionChoice.choices)
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="findings"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=FindingState.choices, default=FindingState.NOTIFIED
    )
    found_in = models.ForeignKey(
        PeriodClose,
        verbose_name=_("found in close"),
        on_delete=models.PROTECT,
        related_name="found_findings",
    )
    checked_in = models.ForeignKey(
        PeriodClose,
        verbose_name=_("last checked in close"),
        on_delete=models.PROTECT,
        related_name="checked_findings",
    )
    created_at = models.DateTimeField(_("found at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exemption_reason = models.TextField(_("reason for the exemption"), blank=True)

    class Meta:
        ordering = ["region__code", "-year", "period", "unit__sort", "unit__code"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="finding_one_per_unit_period"),
            models.CheckConstraint(condition=Q(planned__gt=0), name="finding_planned_positive"),
            models.CheckConstraint(
                condition=Q(shortfall__gte=0) & Q(completed__gte=0),
                name="finding_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(state="exempted") | ~Q(exemption_reason=""),
                name="finding_exemption_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "period"]),
            models.Index(fields=["state"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.period}"


class FindingEvent(models.Model):
    """One step in a finding's history: who did what, when, why, and the figures before and after."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=FindingAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment or reason"), blank=True)
    close = models.ForeignKey(
        PeriodClose,
        verbose_name=_("close run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["finding_id", "at", "id"]
        verbose_name = _("finding event")
        verbose_name_plural = _("finding events")

    def __str__(self) -> str:
        return f"{self.finding_id} {self.action}"


def explanation_upload_to(instance: Explanation, filename: str) -> str:
    """Attachments are stored under a random name; the original name is kept in the row."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"accountability/explanations/{instance.finding.year}/{uuid.uuid4().hex}{suffix}"


class Explanation(models.Model):
    """A unit's written explanation (情况说明) of a finding, with an optional attachment."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="explanations"
    )
    text = models.TextField(_("explanation"))
    attachment = models.FileField(
        _("attachment"), upload_to=explanation_upload_to, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("attachment file name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(_("attachment size (bytes)"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["finding_id", "submitted_at", "id"]
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")

    def __str__(self) -> str:
        return f"{self.finding} {self.submitted_at:%Y-%m-%d}"
