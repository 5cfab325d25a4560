"""Enumerations of the organisations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District / county")


class UnitKind(models.TextChoices):
    TOWNSHIP = "township", _("Township")
    STREET = "street", _("Street")
    DEPARTMENT = "department", _("Department")


class Role(models.TextChoices):
    """What a user account may do; the data scope says where."""

    OFFICE = "office", _("Key project office")
    LEADER = "leader", _("Leader")
    UNIT_HEAD = "unit_head", _("Unit head")
    REPORTER = "reporter", _("Unit reporter")
    SUPERVISOR = "supervisor", _("Supervisor")
    VIEWER = "viewer", _("Viewer")
