"""Rule-set versions: each change is a new version with who, when and why; old findings keep theirs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sangua.accountability.models import Finding, RuleSet
from sangua.accountability.rules import rule_set_for
from sangua.accountability.services import period_close, rule_set_change
from sangua.core.errors import NotAllowed, ValidationFailed
from sangua.core.testing.factories import UserFactory
from sangua.orgs.choices import Role
from sangua.progress.figures import current_rules

from .conftest import Town


def test_a_change_makes_a_new_version_with_who_and_why(town: Town):
    inherited = rule_set_for(town.region)

    new = rule_set_change(
        region=town.region,
        by=town.office,
        reason="区委常委会决定提高考核标准",
        values={"red_below": "95", "sanction_quarter": "admonishment"},
    )

    assert new.version == inherited.version + 1
    assert new.region == town.region
    assert (new.created_by, new.reason) == (town.office, "区委常委会决定提高考核标准")
    assert new.red_below == Decimal("95.00")
    assert new.sanction_quarter == "admonishment"
    assert new.green_from == inherited.green_from  # everything else carried over
    assert rule_set_for(town.region) == new
    assert current_rules(town.region).red_below == Decimal("95.00")
    # The old version is still there, unchanged.
    assert RuleSet.objects.get(pk=inherited.pk).red_below == Decimal("90.00")


def test_an_old_finding_keeps_its_version_and_sanction(town: Town):
    period_close(region=town.region, period="2013-Q2", by=town.office)
    old = Finding.objects.get(unit=town.east, period="2013-Q2")
    v1 = old.rule_set

    v2 = rule_set_change(
        region=town.region,
        by=town.office,
        reason="季度未完成改为诫勉谈话",
        values={"sanction_quarter": "admonishment"},
    )
    period_close(region=town.region, period="2013-Q2", by=town.office)  # closed again
    period_close(region=town.region, period="2013-Q3", by=town.office)  # a new period

    old.refresh_from_db()
    assert old.rule_set == v1
    assert old.sanction == "meeting_explanation"
    new = Finding.objects.get(unit=town.east, period="2013-Q3")
    assert new.rule_set == v2
    assert new.sanction == "admonishment"


def test_the_light_thresholds_come_from_the_version_in_force(town: Town):
    rule_set_change(region=town.region, by=town.office, reason="试行", values={"stall_months": 3})
    assert current_rules(town.region).stall_months == 3


def test_placard_fields_are_versioned_too(town: Town):
    new = rule_set_change(
        region=town.region,
        by=town.office,
        reason="督办提速",
        values={"placard_yellow_days": 2, "placard_red_days": 4, "reminder_days_before": 1},
    )
    assert (new.placard_yellow_days, new.placard_red_days, new.reminder_days_before) == (2, 4, 1)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"red_below": "101"}, "red_below"),  # above green_from (100)
        ({"red_below": "abc"}, "red_below"),
        ({"stall_months": 0}, "stall_months"),
        ({"placard_yellow_days": 6}, "placard_red_days"),  # red (5) before yellow
        ({"sanction_month": "jail"}, "sanction_month"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_rules_are_refused(town: Town, values, field):
    with pytest.raises(ValidationFailed) as refused:
        rule_set_change(region=town.region, by=town.office, reason="试", values=values)
    assert refused.value.field == field


def test_a_change_needs_a_reason_and_a_change(town: Town):
    with pytest.raises(ValidationFailed) as refused:
        rule_set_change(region=town.region, by=town.office, reason=" ", values={"red_below": 80})
    assert refused.value.field == "reason"
    with pytest.raises(ValidationFailed) as refused:
        rule_set_change(region=town.region, by=town.office, reason="无", values={"red_below": 90})
    assert refused.value.code == "no_change"


@pytest.mark.parametrize("role", [Role.LEADER, Role.SUPERVISOR, Role.VIEWER, Role.REPORTER])
def test_only_the_regions_office_edits_its_rules(town: Town, role):
    someone = UserFactory(role=role, region=town.region, unit=town.east)
    with pytest.raises(NotAllowed):
        rule_set_change(region=town.region, by=someone, reason="试", values={"red_below": 80})


def test_the_default_rules_are_edited_by_an_administrator_only(town: Town, user):
    with pytest.raises(NotAllowed):
        rule_set_change(region=None, by=town.office, reason="试", values={"red_below": 80})
    new = rule_set_change(
        region=None, by=user("admin"), reason="全市统一", values={"red_below": 85}
    )
    assert new.region is None
    assert new.version == 2
