"""Regions, responsible units, people by post and user accounts with a role and a data scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangua.core.models import TimeStampedModel

from .choices import RegionLevel, Role, UnitKind


class Region(TimeStampedModel):
    """An administrative area (行政区): a city or a district/county, identified by its official code."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="region_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_district(self) -> bool:
        return self.level == RegionLevel.DISTRICT


class Person(TimeStampedModel):
    """A person known by their post (区委书记, 区长, 发改局局长): leaders, unit heads, contacts."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="people"
    )
    post = models.CharField(_("post"), max_length=64)
    name = models.CharField(_("name"), max_length=32, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_leader = models.BooleanField(_("leads key projects"), default=False)

    class Meta:
        ordering = ["region__code", "post"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.name else self.post


class Unit(TimeStampedModel):
    """A responsible unit (责任单位) of a district: a township, a street or a department."""

    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(_("code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    head = models.ForeignKey(
        Person,
        verbose_name=_("head (一把手)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    sort = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["region__code", "sort", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_name_unique_in_region"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A login with one role and a data scope: a region (and all below it) or a single unit."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    display_name = models.CharField(_("display name"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Unit roles are scoped to a unit; everyone else to a region (superusers may have none).
            models.CheckConstraint(
                condition=~Q(role__in=["unit_head", "reporter"]) | Q(unit__isnull=False),
                name="user_unit_role_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username
