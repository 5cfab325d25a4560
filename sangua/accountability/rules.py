"""Which rule set applies: a region's own latest version, else its parent's, else the default chain."""

from __future__ import annotations

from sangua.engine.accountability import Ladder, Sanction
from sangua.engine.metrics import Rules
from sangua.orgs.models import Region

from .models import RuleSet


def rule_set_for(region: Region | None) -> RuleSet:
    """The rule set in force for a region (the latest version up its tree, then the default)."""
    candidates: list[int] = []
    current = region
    while current is not None:
        candidates.append(current.pk)
        current = current.parent
    for region_id in candidates:
        found = RuleSet.objects.filter(region_id=region_id).order_by("-version").first()
        if found is not None:
            return found
    found = RuleSet.objects.filter(region__isnull=True).order_by("-version").first()
    if found is None:  # the migration seeds version 1; a wiped table still gets Liandu's rules
        found = RuleSet(version=0, name="Liandu 2013")
    return found


def engine_rules(rule_set: RuleSet) -> Rules:
    """The light and stall part of a rule set, as the engine takes it."""
    return Rules(
        red_below=rule_set.red_below,
        green_from=rule_set.green_from,
        stall_months=rule_set.stall_months,
    )


def engine_ladder(rule_set: RuleSet) -> Ladder:
    """The sanction ladder of a rule set, as the engine takes it."""
    return Ladder(
        month=Sanction(rule_set.sanction_month),
        quarter=Sanction(rule_set.sanction_quarter),
        half=Sanction(rule_set.sanction_half),
        year=Sanction(rule_set.sanction_year),
    )
