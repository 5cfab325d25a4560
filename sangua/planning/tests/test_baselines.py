"""Baselines: a frozen copy of the plan and its dates, never changed, compared with today's plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from sangua.core.errors import NotAllowed
from sangua.planning import selectors, services
from sangua.planning.models import AppendOnlyError, Baseline, BaselineNode, PlanEvent
from sangua.planning.plan_admin import BaselineAdmin

from .conftest import STATUS, node, project

pytestmark = pytest.mark.django_db


def test_a_baseline_freezes_the_nodes_and_their_dates(generated, office):
    view = selectors.plan_view(generated.project)

    baseline = services.baseline_save(plan=generated, by=office, name="开工前基线")

    assert (baseline.number, baseline.name, baseline.saved_by) == (1, "开工前基线", office)
    assert baseline.status_date == STATUS
    assert baseline.deadline == dt.date(2014, 12, 31)
    assert baseline.finish == view.result.finish
    frozen = {b.key: b for b in baseline.nodes.all()}
    assert len(frozen) == 16
    for line in view.lines:
        b = frozen[line.node.key]
        assert (b.name, b.unit_id, b.duration, b.calendar) == (
            line.node.name,
            line.node.unit_id,
            line.node.duration,
            line.node.calendar,
        )
        assert (b.early_start, b.early_finish, b.late_start, b.late_finish) == (
            line.early_start,
            line.early_finish,
            line.late_start,
            line.late_finish,
        )
        assert (b.total_float, b.critical, b.status) == (
            line.total_float,
            line.critical,
            line.status,
        )


def test_later_baselines_are_numbered_on_and_leave_earlier_ones_alone(generated, office):
    first = services.baseline_save(plan=generated, by=office)
    before = list(BaselineNode.objects.filter(baseline=first).values())
    services.plan_update(
        plan=generated, by=office, deadline=dt.date(2015, 6, 30), status_date=STATUS
    )

    second = services.baseline_save(plan=generated, by=office)

    assert (first.number, second.number) == (1, 2)
    assert second.name in ("基线 2", "Baseline 2")
    assert list(BaselineNode.objects.filter(baseline=first).values()) == before
    assert second.deadline == dt.date(2015, 6, 30)


def test_a_unit_may_not_save_a_baseline(generated, reporter):
    with pytest.raises(NotAllowed):
        services.baseline_save(plan=generated, by=reporter)


def test_a_baseline_cannot_be_changed_or_deleted_through_the_orm(generated, office):
    baseline = services.baseline_save(plan=generated, by=office)
    frozen = baseline.nodes.first()

    baseline.name = "改过"
    with pytest.raises(AppendOnlyError):
        baseline.save()
    with pytest.raises(AppendOnlyError):
        baseline.delete()
    with pytest.raises(AppendOnlyError):
        Baseline.objects.filter(pk=baseline.pk).update(name="改过")
    with pytest.raises(AppendOnlyError):
        BaselineNode.objects.filter(baseline=baseline).delete()
    frozen.early_finish = dt.date(2020, 1, 1)
    with pytest.raises(AppendOnlyError):
        frozen.save()
    with pytest.raises(AppendOnlyError):
        PlanEvent.objects.filter(plan=generated).update(note="改过")


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("planning_baseline", "name"),
        ("planning_baselinenode", "name"),
        ("planning_planevent", "note"),
    ],
)
def test_the_database_refuses_to_update_baselines_and_history(generated, office, table, column):
    services.baseline_save(plan=generated, by=office)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = 'x'")  # noqa: S608


def test_the_admin_shows_baselines_read_only(rf, office):
    admin = BaselineAdmin(Baseline, None)  # type: ignore[arg-type]
    request = rf.get("/")
    request.user = office
    baseline = Baseline.objects.first()
    assert not admin.has_change_permission(request, baseline)
    assert not admin.has_delete_permission(request, baseline)
    assert not admin.has_add_permission(request)


def test_the_comparison_names_the_slipped_nodes_and_by_how_many_days(generated, office):
    services.baseline_save(plan=generated, by=office, name="十月基线")
    frozen = {b.key: b for b in BaselineNode.objects.filter(baseline__plan=generated)}
    assert frozen["proposal"].early_start == dt.date(2013, 10, 24)  # the day after the status date
    # 项目建议书批复 starts 11 days later than the baseline said; three weeks on, the others wait.
    services.plan_update(
        plan=generated, by=office, deadline=generated.deadline, status_date=dt.date(2013, 11, 15)
    )
    services.node_progress(
        node=node(generated, "proposal"), by=office, actual_start=dt.date(2013, 11, 4)
    )

    view = selectors.plan_view(generated.project, baseline=1)

    comparison = view.comparison
    assert comparison.baseline.name == "十月基线"
    lines = {line.node.key: line for line in view.lines}
    assert lines["proposal"].start == dt.date(2013, 11, 4)
    assert lines["proposal"].start_slip == 11
    assert (
        lines["proposal"].finish_slip
        == (lines["proposal"].early_finish - frozen["proposal"].early_finish).days
    )
    assert lines["proposal"].finish_slip > 0
    assert {line.node.key for line in comparison.slipped} == set(lines)  # everything moved
    assert comparison.finish_slip == (view.result.finish - comparison.baseline.finish).days
    assert comparison.finish_slip > 0
    assert not comparison.added
    assert not comparison.removed


def test_added_and_removed_nodes_are_told_apart(generated, office):
    services.baseline_save(plan=generated, by=office)
    services.node_delete(node=node(generated, "open"), by=office)

    comparison = selectors.plan_view(generated.project, baseline=1).comparison

    assert [b.name for b in comparison.removed] == ["建成通车"]
    assert comparison.slipped == []


def test_no_comparison_when_asked_for_none(generated, office):
    services.baseline_save(plan=generated, by=office)
    assert selectors.plan_view(generated.project, baseline=0).comparison is None
    assert selectors.plan_view(generated.project).comparison.baseline.number == 1


def test_the_demo_baseline_of_may_shows_what_slipped_since():
    housing = project("联城城郊农民新社区")

    view = selectors.plan_view(housing)

    comparison = view.comparison
    assert comparison.baseline.saved_at.date() == dt.date(2013, 5, 10)
    assert comparison.baseline.status_date == dt.date(2013, 5, 10)
    assert comparison.finish_slip == 3  # forecast 15 October in May, handed over on the 18th
    assert [line.node.name for line in comparison.slipped] == ["分房及钥匙交接", "交付安置户"]
    assert [line.finish_slip for line in comparison.slipped] == [3, 3]
