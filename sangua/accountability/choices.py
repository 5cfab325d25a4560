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


class PeriodKindChoice(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


class FindingState(models.TextChoices):
    """Where a finding (问责记录) stands: notified → explained → accepted, or exempted; withdrawn
    when a later close of the same period no longer finds the shortfall."""

    NOTIFIED = "notified", _("Notified")
    EXPLAINED = "explained", _("Explanation submitted")
    ACCEPTED = "accepted", _("Accepted")
    EXEMPTED = "exempted", _("Exempted (force majeure)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which the unit still owes something.
OPEN_STATES = (FindingState.NOTIFIED, FindingState.EXPLAINED)
# States counted as a finding standing against the unit (bulletins, API lists).
STANDING_STATES = (
    FindingState.NOTIFIED,
    FindingState.EXPLAINED,
    FindingState.ACCEPTED,
)


class FindingAction(models.TextChoices):
    """One step in a finding's history."""

    NOTIFY = "notify", _("Found and notified")
    RECALCULATE = "recalculate", _("Figures changed at a new close")
    WITHDRAW = "withdraw", _("Withdrawn at a new close")
    REINSTATE = "reinstate", _("Found again at a new close")
    EXPLAIN = "explain", _("Explanation submitted")
    RETURN = "return", _("Explanation returned")
    ACCEPT = "accept", _("Explanation accepted")
    EXEMPT = "exempt", _("Exempted")
