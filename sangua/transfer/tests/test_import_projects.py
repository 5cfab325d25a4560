"""Importing projects and plans: upsert by code, nothing changes twice, scope, audit entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sangua.audit.chain import verify
from sangua.audit.models import AuditEntry
from sangua.core.errors import NotAllowed
from sangua.orgs.models import Person, Unit, User
from sangua.orgs.scopes import scope_district_ids
from sangua.projects.models import InvestmentPlan, Project
from sangua.transfer.export import template_bytes
from sangua.transfer.layout import PROJECTS
from sangua.transfer.services import ImportRejected, import_projects

from .conftest import dump, plan_row, project_row, projects_file, xlsx


def _import(data: bytes, by: User | None, name: str = "projects.xlsx"):
    return import_projects(data=data, filename=name, by=by)


def test_given_the_districts_own_export_when_imported_then_nothing_changes(office):
    # given Liandu's projects and plans exported in the template's layout
    data = template_bytes("projects", region=office.region)
    before = dump()
    # when
    summary = _import(data, office)
    # then
    assert summary.counts == {
        "projects_created": 0,
        "projects_updated": 0,
        "projects_unchanged": 32,
        "plans_created": 0,
        "plans_updated": 0,
        "plans_unchanged": InvestmentPlan.objects.filter(project__region=office.region).count(),
    }
    assert not summary.changed
    assert dump() == before


def test_given_a_new_project_when_imported_then_it_and_its_plan_are_created_and_audited(office):
    # given
    data = projects_file(
        [project_row("331102-901", unit_head="", state="")],
        [
            plan_row(
                "331102-901",
                2013,
                "1,200.00",
                [0, 0, 0, 100, 100, 100, 100, 100, 100, 200, 200, 200],
            )
        ],
    )
    # when
    summary = _import(data, office, "新项目.xlsx")
    # then
    project = Project.objects.get(code="331102-901")
    unit = Unit.objects.get(code="331102-T05")
    assert (project.name, project.region.code, project.unit, project.leader.post) == (
        "测试新建项目",
        "331102",
        unit,
        "区长",
    )
    assert project.unit_head == unit.head  # blank: the unit's head
    assert project.state == "planned"  # blank state of a new project
    assert project.category == "transport"
    assert project.total_investment == Decimal("12000.00")
    assert (project.start_date, project.target_date) == (dt.date(2013, 3, 1), dt.date(2015, 12, 31))
    plan = project.plans.get(year=2013)
    assert plan.annual_amount == Decimal("1200.00")
    assert plan.m10 == Decimal("200.00")
    assert summary.counts["projects_created"] == 1
    assert summary.counts["plans_created"] == 1
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [(e.action, e.object_type) for e in entries] == [
        ("create", "projects.project"),
        ("create", "projects.investmentplan"),
        ("import", "transfer.file"),
    ]
    assert entries[0].object_id == str(project.pk)
    assert entries[0].actor_name == "office"
    assert entries[2].object_repr == "新项目.xlsx"
    assert entries[2].after["projects_created"] == 1
    assert verify().ok


def test_given_a_changed_cell_when_imported_then_only_that_row_changes(office):
    # given the export with one project renamed and one plan's months moved
    _import(projects_file([project_row()], [plan_row()]), office)
    other = Project.objects.get(code="331102-001")
    stamps = dict(Project.objects.values_list("code", "updated_at"))
    audited = AuditEntry.objects.count()
    data = projects_file(
        [project_row(name="测试新建项目（更名）")],
        [plan_row(months=[200, 0, *[100] * 10])],
    )
    # when
    summary = _import(data, office)
    # then
    project = Project.objects.get(code="331102-901")
    assert project.name == "测试新建项目（更名）"
    assert project.updated_at > stamps["331102-901"]
    assert Project.objects.get(pk=other.pk).updated_at == stamps["331102-001"]
    assert summary.counts == {
        "projects_created": 0,
        "projects_updated": 1,
        "projects_unchanged": 0,
        "plans_created": 0,
        "plans_updated": 1,
        "plans_unchanged": 0,
    }
    new = list(AuditEntry.objects.filter(seq__gt=audited).order_by("seq"))
    assert [(e.action, e.before, e.after) for e in new[:2]] == [
        ("update", {"name": "测试新建项目"}, {"name": "测试新建项目（更名）"}),
        ("update", {"m01": "100.00", "m02": "100.00"}, {"m01": "200.00", "m02": "0.00"}),
    ]
    # and when the same file comes again, nothing at all changes
    before = dump()
    again = _import(data, office)
    assert not again.changed
    assert dump() == before


def test_given_an_existing_project_and_a_blank_state_when_imported_then_its_state_stays(office):
    project = Project.objects.get(code="331102-001")
    row = project_row(
        "331102-001",
        name=project.name,
        unit=project.unit.code,
        leader=project.leader.post,
        unit_head=project.unit_head.post,
        contact=project.contact,
        contact_phone=project.contact_phone,
        category=project.category,
        location=project.location,
        total_investment=str(project.total_investment),
        start_date=project.start_date.isoformat(),
        target_date=project.target_date.isoformat(),
        state="",
    )
    summary = _import(projects_file([row]), office)
    assert summary.counts["projects_unchanged"] == 1
    assert Project.objects.get(pk=project.pk).state == project.state


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("region", "莲都区", "331102"),  # a district's name instead of its code
        ("unit", "联城街道", "331102-T05"),  # a unit's name within the district
        ("category", "transport", "transport"),  # the code
        ("category", "Transport", "transport"),  # the English name
        ("start_date", dt.datetime(2013, 3, 1), "2013-03-01"),  # a real date cell
        ("start_date", "2013年3月1日", "2013-03-01"),
        ("start_date", "2013/3/1", "2013-03-01"),
        ("contact_phone", 5782123456, "5782123456"),  # a number typed in a text column
    ],
)
def test_given_other_spellings_when_imported_then_they_are_understood(
    office, column, value, expected
):
    _import(projects_file([project_row(**{column: value})]), office)
    project = Project.objects.select_related("region", "unit").get(code="331102-901")
    actual = {
        "region": project.region.code,
        "unit": project.unit.code,
        "category": project.category,
        "start_date": project.start_date.isoformat(),
        "contact_phone": project.contact_phone,
    }[column]
    assert actual == expected


def test_given_full_width_brackets_in_headers_when_imported_then_columns_are_found(office):
    wide = [c.header.replace("(", "（").replace(")", "）") for c in PROJECTS.columns]
    summary = _import(xlsx({"项目": [wide, project_row()]}), office)
    assert summary.counts["projects_created"] == 1


def test_given_a_district_outside_the_offices_scope_when_imported_then_the_cell_is_refused(office):
    qingtian_leader = Person.objects.filter(region__code="331121", is_leader=True).first()
    row = project_row(region="331121", unit="331121-T01", leader=qingtian_leader.post)
    with pytest.raises(ImportRejected) as rejected:
        _import(projects_file([row]), office)
    assert [(e.cell, e.code) for e in rejected.value.errors] == [("C2", "region_outside_scope")]
    assert 331121 not in (scope_district_ids(office) or [])


def test_given_a_plan_for_a_project_of_another_district_then_it_is_refused(office):
    other = Project.objects.filter(region__code="331121").first()
    with pytest.raises(ImportRejected) as rejected:
        _import(projects_file([], [plan_row(other.code)]), office)
    assert [(e.cell, e.code) for e in rejected.value.errors] == [("A2", "project_outside_scope")]


def test_given_a_reporter_when_importing_then_it_is_not_allowed(db):
    reporter = User.objects.get(username="reporter")
    with pytest.raises(NotAllowed):
        _import(projects_file([project_row()]), reporter)


def test_given_the_console_when_importing_then_every_district_is_open(db):
    qingtian_leader = Person.objects.filter(region__code="331121", is_leader=True).first()
    row = project_row(region="331121", unit="331121-T01", leader=qingtian_leader.post)
    summary = _import(projects_file([row]), None)
    assert summary.counts["projects_created"] == 1
    assert AuditEntry.objects.first().actor_name == "system"
