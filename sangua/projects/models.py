"""Key projects (重点项目) with their four fixes, and their annual investment plans."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sangua.core.models import TimeStampedModel
from sangua.core.money import MoneyField
from sangua.orgs.models import Person, Region, Unit

from .choices import ProjectCategory, ProjectState

MONTH_FIELDS = tuple(f"m{k:02d}" for k in range(1, 13))


class Project(TimeStampedModel):
    """A key project (重点项目): fixed investment, schedule, responsibility and sanctions (四定)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="projects"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="projects"
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leading leader"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    unit_head = models.ForeignKey(
        Person,
        verbose_name=_("unit head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_projects",
    )
    contact = models.CharField(_("contact"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=ProjectCategory.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    total_investment = MoneyField(_("total investment (万元)"))
    start_date = models.DateField(_("start date"))
    target_date = models.DateField(_("target completion date"))
    state = models.CharField(
        _("state"), max_length=24, choices=ProjectState.choices, default=ProjectState.PLANNED
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="project_investment_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(target_date__gte=F("start_date")), name="project_target_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "unit"]),
            models.Index(fields=["leader"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def _month_sum() -> models.Expression | F:
    total: models.Expression | F = F(MONTH_FIELDS[0])
    for name in MONTH_FIELDS[1:]:
        total = total + F(name)
    return total


class InvestmentPlan(TimeStampedModel):
    """A project's annual investment plan (年度投资计划), split into 12 monthly amounts."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    annual_amount = MoneyField(_("annual plan (万元)"))
    m01 = MoneyField(_("January"), default=Decimal("0"))
    m02 = MoneyField(_("February"), default=Decimal("0"))
    m03 = MoneyField(_("March"), default=Decimal("0"))
    m04 = MoneyField(_("April"), default=Decimal("0"))
    m05 = MoneyField(_("May"), default=Decimal("0"))
    m06 = MoneyField(_("June"), default=Decimal("0"))
    m07 = MoneyField(_("July"), default=Decimal("0"))
    m08 = MoneyField(_("August"), default=Decimal("0"))
    m09 = MoneyField(_("September"), default=Decimal("0"))
    m10 = MoneyField(_("October"), default=Decimal("0"))
    m11 = MoneyField(_("November"), default=Decimal("0"))
    m12 = MoneyField(_("December"), default=Decimal("0"))

    class Meta:
        ordering = ["project__code", "year"]
        verbose_name = _("investment plan")
        verbose_name_plural = _("investment plans")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="plan_one_per_project_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="plan_year_in_range"
            ),
            # SQLite may keep decimals as binary floats, so "adds up" is checked to half a cent;
            # the service checks it exactly before anything is written.
            models.CheckConstraint(
                condition=Q(annual_amount__gte=_month_sum() - Decimal("0.005"))
                & Q(annual_amount__lte=_month_sum() + Decimal("0.005")),
                name="plan_months_add_up",
            ),
            models.CheckConstraint(
                condition=Q(m01__gte=0, m02__gte=0, m03__gte=0, m04__gte=0, m05__gte=0, m06__gte=0)
                & Q(m07__gte=0, m08__gte=0, m09__gte=0, m10__gte=0, m11__gte=0, m12__gte=0),
                name="plan_months_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"

    @property
    def months(self) -> tuple[Decimal, ...]:
        """The 12 monthly amounts, January first."""
        return tuple(getattr(self, name) for name in MONTH_FIELDS)
