"""Enumerations of the planning app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (day off)")
    WORKDAY = "workday", _("Make-up working day (调休)")


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("Published calendar shipped with Sangua")
    OFFICE = "office", _("Entered by the office")
