"""Plans in the product: units report their own nodes, every change is kept, the engine's errors
are said clearly, and the schedule flags feed the project lists in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from sangua.audit.models import AuditEntry
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.planning import selectors, services
from sangua.planning.choices import PlanAction
from sangua.planning.models import Plan, PlanEvent, PlanNode
from sangua.planning.services import DependencySpec
from sangua.projects.models import Project

from .conftest import STATUS, node, project, unit

pytestmark = pytest.mark.django_db


# --- progress: each unit its own nodes ---------------------------------------------------------


def test_a_unit_reports_progress_on_its_own_node(generated, office, user):
    # 用地预审 is the land bureau's node; give the land bureau's node to 联城街道 for the test.
    land = node(generated, "acquisition")  # 征地拆迁及管线迁改: the project's unit, 区发改局
    land.unit = unit("联城街道")
    land.save()

    services.node_progress(
        node=land,
        by=user("reporter"),
        actual_start=dt.date(2013, 9, 2),
        remaining=120,
        note="政策处理推进中",
    )

    land.refresh_from_db()
    assert (land.actual_start, land.actual_finish, land.remaining) == (
        dt.date(2013, 9, 2),
        None,
        120,
    )
    event = PlanEvent.objects.get(plan=generated, action=PlanAction.PROGRESS)
    assert event.actor.username == "reporter"
    assert event.node_name == "征地拆迁及管线迁改"
    assert event.before == {
        "actual_start": None,
        "actual_finish": None,
        "remaining": None,
        "note": "",
    }
    assert event.after == {
        "actual_start": "2013-09-02",
        "actual_finish": None,
        "remaining": 120,
        "note": "政策处理推进中",
    }
    audit = AuditEntry.objects.get(action="planning.progress", object_id=str(land.pk))
    assert audit.actor_name == "reporter"
    assert audit.after["actual_start"] == "2013-09-02"


def test_a_unit_may_not_report_on_another_units_node(reporter):
    # In 联城街道's own housing plan, 施工许可 belongs to 区住建局.
    housing = Plan.objects.get(project__name__startswith="联城城郊农民新社区")
    permit = node(housing, "building_permit")
    assert permit.unit.name == "区住建局"

    with pytest.raises(NotAllowed):
        services.node_progress(node=permit, by=reporter, actual_start=dt.date(2013, 9, 1))


def test_another_units_reporter_may_not_report_either(generated, user):
    with pytest.raises(NotAllowed):
        services.node_progress(
            node=node(generated, "drawings"), by=user("reporter2"), actual_start=STATUS
        )


def test_the_office_corrects_any_node(generated, office):
    permit = node(generated, "permit")  # 区交通运输局's
    services.node_progress(
        node=permit, by=office, actual_start=dt.date(2013, 9, 2), actual_finish=dt.date(2013, 9, 6)
    )
    permit.refresh_from_db()
    assert permit.actual_finish == dt.date(2013, 9, 6)


@pytest.mark.parametrize(
    ("start", "finish", "code"),
    [
        (None, dt.date(2013, 9, 6), "finish_without_start"),
        (dt.date(2013, 9, 6), dt.date(2013, 9, 2), "finish_before_start"),
        (dt.date(2099, 1, 1), None, "future_date"),
    ],
)
def test_impossible_actual_dates_are_refused(generated, office, start, finish, code):
    with pytest.raises(ValidationFailed) as refused:
        services.node_progress(
            node=node(generated, "proposal"), by=office, actual_start=start, actual_finish=finish
        )
    assert refused.value.code == code
    assert not PlanEvent.objects.filter(plan=generated, action=PlanAction.PROGRESS).exists()


def test_a_milestone_is_reached_on_one_day(generated, office):
    start = node(generated, "start")  # 开工
    services.node_progress(node=start, by=office, actual_start=dt.date(2013, 10, 8))
    start.refresh_from_db()
    assert start.actual_finish == dt.date(2013, 10, 8)


def test_every_change_is_kept_in_order(generated, office, client_for):
    proposal = node(generated, "proposal")
    services.node_progress(node=proposal, by=office, actual_start=dt.date(2013, 9, 2))
    services.node_progress(
        node=proposal, by=office, actual_start=dt.date(2013, 9, 2), actual_finish=STATUS
    )
    services.plan_update(
        plan=generated, by=office, deadline=dt.date(2015, 3, 31), status_date=STATUS
    )

    history = selectors.plan_history(generated)
    assert [e.action for e in history] == [
        PlanAction.SETTINGS,
        PlanAction.PROGRESS,
        PlanAction.PROGRESS,
        PlanAction.GENERATE,
    ]
    assert history[0].before["deadline"] == "2014-12-31"
    assert history[0].after["deadline"] == "2015-03-31"
    assert history[1].before["actual_finish"] is None
    assert history[1].after["actual_finish"] == "2013-10-23"
    page = client_for("viewer").get(f"/planning/projects/{generated.project.code}/history/")
    assert page.status_code == 200
    assert page.content.decode().count("<tr>") == 1 + 4  # the header and four changes


def test_saving_the_same_progress_again_records_nothing(generated, office):
    proposal = node(generated, "proposal")
    services.node_progress(node=proposal, by=office, actual_start=dt.date(2013, 9, 2))
    services.node_progress(node=proposal, by=office, actual_start=dt.date(2013, 9, 2))
    assert PlanEvent.objects.filter(plan=generated, action=PlanAction.PROGRESS).count() == 1


# --- structure: the office's changes, checked by the engine ---------------------------------------


def test_the_office_adds_a_node_with_a_start_to_start_lag(generated, office):
    roadbed = node(generated, "roadbed")
    added = services.node_save(
        plan=generated,
        by=office,
        name="试验段施工",
        duration=30,
        calendar="all",
        unit=generated.project.unit,
        after=[DependencySpec(roadbed, "SS", 10)],
    )

    lines = {ln.node.key: ln for ln in selectors.plan_view(generated.project).lines}
    assert added.key == "N17"
    assert lines["N17"].after == ("路基工程 SS+10",)
    assert lines["N17"].early_start == lines["roadbed"].early_start + dt.timedelta(days=10)
    assert PlanEvent.objects.get(action=PlanAction.NODE_ADD).after["after"] == ["路基工程 SS+10"]


def test_a_cycle_is_refused_with_its_path_named(generated, office):
    proposal = node(generated, "proposal")
    with pytest.raises(ValidationFailed) as refused:
        services.node_save(
            plan=generated,
            by=office,
            node=proposal,
            name=proposal.name,
            duration=proposal.duration,
            calendar=proposal.calendar,
            unit=proposal.unit,
            after=[DependencySpec(node(generated, "open"))],
        )

    assert refused.value.code == "schedule_error"
    assert "cycle" in refused.value.message
    assert "cycle: proposal（项目建议书批复） → feasibility（工程可行性研究批复） → " in (
        refused.value.message
    )
    assert "→ open（建成通车） → proposal（项目建议书批复）" in refused.value.message
    assert not node(generated, "proposal").after.exists()  # rolled back


def test_a_node_others_wait_for_cannot_be_removed(generated, office):
    with pytest.raises(Conflict):
        services.node_delete(node=node(generated, "proposal"), by=office)
    services.node_delete(node=node(generated, "open"), by=office)
    assert not PlanNode.objects.filter(plan=generated, key="open").exists()
    assert PlanEvent.objects.get(action=PlanAction.NODE_DELETE).node_name == "建成通车"


def test_a_unit_may_not_change_the_plan(generated, reporter):
    proposal = node(generated, "proposal")
    with pytest.raises(NotAllowed):
        services.node_save(
            plan=generated,
            by=reporter,
            node=proposal,
            name="x",
            duration=1,
            calendar="all",
            unit=proposal.unit,
        )
    with pytest.raises(NotAllowed):
        services.plan_update(plan=generated, by=reporter, deadline=dt.date(2015, 1, 1))


def test_a_plan_the_engine_cannot_schedule_shows_why(fresh_project, office):
    # Written around the services (say, by an import): the deadline is beyond the known years.
    plan = Plan.objects.create(project=fresh_project, deadline=dt.date(2031, 6, 30))
    PlanNode.objects.create(
        plan=plan, key="A", name="用地预审", duration=20, calendar="cn", unit=fresh_project.unit
    )

    view = selectors.plan_view(fresh_project, as_of=STATUS)

    assert view.lines == []
    assert view.error.startswith('task "A"（用地预审）')
    assert "known years" in view.error
    flags = selectors.schedule_flags([fresh_project], as_of=STATUS)[fresh_project.pk]
    assert flags.error == view.error
    assert not flags.slow


# --- status feeds the project ------------------------------------------------------------------


def test_a_behind_node_marks_the_project_slow():
    roads = project("联城工业区块道路网")
    flags = selectors.schedule_flags([roads])[roads.pk]

    assert flags.status_date == STATUS  # the plan's own 数据日期
    assert flags.slow
    assert flags.worst == "behind"
    assert flags.late_nodes == ("桥涵工程",)
    assert flags.counts == {
        "overdue": 0,
        "behind": 1,
        "in_progress": 1,
        "not_started": 4,
        "done": 10,
    }
    assert flags.url == f"/planning/projects/{roads.code}/"


def test_a_plan_on_schedule_is_not_slow():
    housing = project("联城城郊农民新社区")
    flags = selectors.schedule_flags([housing])[housing.pk]
    assert not flags.slow
    assert flags.worst == "done"


def test_time_passing_makes_nodes_late_by_themselves():
    zhenan = project("1000KV浙南站")
    on_time = selectors.schedule_flags([zhenan])[zhenan.pk]
    a_year_later = selectors.schedule_flags([zhenan], as_of=dt.date(2014, 10, 23))[zhenan.pk]
    assert not on_time.slow
    assert a_year_later.slow
    assert a_year_later.worst == "overdue"


def test_projects_without_a_plan_have_no_flags():
    hospital = project("莲都区人民医院迁建")
    assert selectors.schedule_flags([hospital]) == {}
    assert selectors.schedule_flags([]) == {}


def test_schedule_flags_take_a_fixed_number_of_queries(django_assert_num_queries):
    liandu = list(Project.objects.filter(region__code="331102"))
    selectors.schedule_flags(liandu[:1])  # the official calendar is read once and kept

    # plans, nodes, dependencies and the calendar's two change stamps
    with django_assert_num_queries(5):
        few = selectors.schedule_flags(liandu[:3])
    with django_assert_num_queries(5):
        many = selectors.schedule_flags(liandu)
    assert len(few) == 3
    assert len(many) == 19
    assert sum(f.slow for f in many.values()) == 5


def test_the_badge_says_slow_and_names_the_late_nodes():
    from django.template.loader import render_to_string

    roads = project("联城工业区块道路网")
    flags = selectors.schedule_flags([roads])
    html = render_to_string(
        "planning/_schedule_badge.html",
        {"flags": flags[roads.pk]},
    )
    assert 'data-schedule="slow"' in html
    assert 'title="桥涵工程"' in html
    assert f'href="/planning/projects/{roads.code}/"' in html
    assert render_to_string("planning/_schedule_badge.html", {"flags": None}).strip() == ""
