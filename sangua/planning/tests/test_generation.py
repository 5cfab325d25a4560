"""Generating a reverse plan from a template and a deadline: one action, checked by the engine."""

from __future__ import annotations

import datetime as dt

import pytest

from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.planning import selectors, services
from sangua.planning.choices import PlanAction
from sangua.planning.models import Plan, PlanDependency, PlanEvent, PlanNode
from sangua.planning.templates_catalog import TEMPLATES, suggested_template

from .conftest import STATUS, node, unit

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2015, 6, 30)


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_each_template_generates_a_plan_that_meets_its_deadline(code, fresh_project, office):
    template = TEMPLATES[code]

    plan = services.plan_generate(
        project=fresh_project, template=code, deadline=DEADLINE, status_date=STATUS, by=office
    )

    nodes = list(plan.nodes.order_by("sort"))
    assert [n.key for n in nodes] == [s.key for s in template.steps]
    assert [n.name for n in nodes] == [s.name for s in template.steps]
    assert PlanDependency.objects.filter(plan=plan).count() == sum(
        len(s.after) for s in template.steps
    )
    view = selectors.plan_view(fresh_project)
    assert view.error is None
    last = view.lines[-1]
    assert last.node.milestone
    assert last.late_finish == DEADLINE  # the final milestone is due on the deadline itself
    assert all(line.late_finish <= DEADLINE for line in view.lines)
    assert last.critical
    # Nothing has started and the first latest start is after the status date: on schedule.
    assert min(line.late_start for line in view.lines) > STATUS
    assert {line.status for line in view.lines} == {"not_started"}
    assert view.result.feasible


def test_approvals_count_working_days_and_site_work_calendar_days(fresh_project, office):
    plan = services.plan_generate(
        project=fresh_project, template="housing", deadline=DEADLINE, status_date=STATUS, by=office
    )
    lines = {line.node.key: line for line in selectors.plan_view(fresh_project).lines}

    permit = lines["building_permit"]  # 施工许可: 10 working days
    assert node(plan, "building_permit").calendar == "cn"
    assert permit.late_start.weekday() < 5
    assert permit.late_finish.weekday() < 5
    structure = lines["structure"]  # 主体结构施工: 180 calendar days
    assert node(plan, "structure").calendar == "all"
    assert (structure.late_finish - structure.late_start).days == 179
    # FS without lag: each task starts after its predecessor's latest finish.
    assert lines["foundation"].late_finish < structure.late_start
    # 安装及装饰装修 starts 120 days after the structure's start (SS+120).
    assert (lines["fit_out"].late_start - structure.late_start).days == 120


def test_the_steps_go_to_the_districts_departments(fresh_project, office):
    plan = services.plan_generate(
        project=fresh_project, template="water", deadline=DEADLINE, status_date=STATUS, by=office
    )

    assert node(plan, "proposal").unit == unit("区发改局")
    assert node(plan, "land_review").unit == unit("区国土资源局")
    assert node(plan, "soil").unit == unit("区水利局")
    assert node(plan, "main").unit == fresh_project.unit  # site work: the project's own unit


def test_generating_is_recorded_in_the_history_and_the_audit_trail(generated, office):
    event = PlanEvent.objects.get(plan=generated)
    assert event.action == PlanAction.GENERATE
    assert event.actor == office
    assert event.after["template"] == "transport"
    assert event.after["deadline"] == "2014-12-31"
    assert event.after["nodes"] == 16

    from sangua.audit.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="planning.generate", object_type="planning.plan", object_id=str(generated.pk)
    ).exists()


def test_a_unit_may_not_generate_a_plan(fresh_project, reporter):
    with pytest.raises(NotAllowed):
        services.plan_generate(
            project=fresh_project, template="water", deadline=DEADLINE, by=reporter
        )


def test_an_unknown_template_is_refused(fresh_project, office):
    with pytest.raises(ValidationFailed) as refused:
        services.plan_generate(
            project=fresh_project, template="bridge", deadline=DEADLINE, by=office
        )
    assert refused.value.code == "unknown_template"


def test_a_plan_is_not_generated_twice_unless_replaced(generated, fresh_project, office):
    with pytest.raises(Conflict) as refused:
        services.plan_generate(
            project=fresh_project, template="water", deadline=DEADLINE, by=office
        )
    assert refused.value.code == "plan_exists"

    services.plan_generate(
        project=fresh_project,
        template="water",
        deadline=DEADLINE,
        status_date=STATUS,
        replace=True,
        by=office,
    )

    assert Plan.objects.get(project=fresh_project).template == "water"
    assert PlanNode.objects.filter(plan__project=fresh_project).count() == 14


def test_a_plan_with_progress_is_not_replaced(generated, fresh_project, office):
    services.node_progress(
        node=node(generated, "proposal"), by=office, actual_start=dt.date(2013, 10, 8)
    )
    with pytest.raises(Conflict) as refused:
        services.plan_generate(
            project=fresh_project, template="water", deadline=DEADLINE, replace=True, by=office
        )
    assert refused.value.code == "plan_in_progress"


def test_a_deadline_the_official_calendar_does_not_reach_is_refused_naming_the_node(
    fresh_project, office
):
    with pytest.raises(ValidationFailed) as refused:
        services.plan_generate(
            project=fresh_project,
            template="housing",
            deadline=dt.date(2032, 12, 31),
            status_date=STATUS,
            by=office,
        )

    assert refused.value.code == "schedule_error"
    assert "known years" in refused.value.message
    assert "（竣工验收）" in refused.value.message  # the last working-day node, by its name
    assert not Plan.objects.filter(project=fresh_project).exists()  # nothing was written


@pytest.mark.parametrize(
    ("name", "category", "expected"),
    [
        ("联城城郊农民新社区一期安置住房", "housing", "housing"),
        ("古城岛房屋拆迁及环境整治工程", "urban", "demolition"),
        ("之江监狱迁建工程（清场交地）", "social", "demolition"),
        ("1000KV浙南站工程（政策处理）", "energy", "power"),
        ("瓯江（莲都段）防洪堤工程", "water", "water"),
        ("330国道莲都段改建", "transport", "transport"),
        ("莲都区人民医院迁建", "social", None),
    ],
)
def test_the_suggested_template_reads_the_name_then_the_category(name, category, expected):
    suggestion = suggested_template(name, category)
    assert (suggestion.value if suggestion else None) == expected
