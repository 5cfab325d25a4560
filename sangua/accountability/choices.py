"""Enumerations of the accountability app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SanctionChoice(models.TextChoices):
    EXPLANATION = "explanation", _("Written explanation (情况说明)")
    MEETING_EXPLANATION = (
        "meeting_explanation",
        _("Explanation at the executive meeting (常务会议说明)"),
    )
    ADMONISHMENT = "admonishment", _("Admonishment talk (诫勉谈话)")
    BONUS_WITHHELD = "bonus_withheld", _("No assessment bonus (不发考核奖)")
