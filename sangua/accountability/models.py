"""Rule sets (考核规则): versioned thresholds for lights, stalls, sanctions and supervision placards."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangua.orgs.models import Region

from .choices import SanctionChoice


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
