"""Enumerations of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", pgettext_lazy("project state", "Completed")
    EXITED = "exited", _("Exited")


class ProjectCategory(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    TRANSPORT = "transport", _("Transport")
    ENERGY = "energy", _("Energy")
    WATER = "water", _("Water")
    URBAN = "urban", _("Urban construction")
    HOUSING = "housing", _("Resettlement housing")
    SOCIAL = "social", _("Social undertakings")
    AGRICULTURE = "agriculture", _("Agriculture and rural")
    SERVICES = "services", _("Services")
